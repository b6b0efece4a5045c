using System.Globalization;
using System.Text;

namespace PoseCluster.Datasets.Formats;

/// <summary>
/// Lists every numeric array inside a .npy, .npz, pickle or MAT v5 file with its path, dtype, shape
/// and NaN-skipping sum (what <c>posecluster inspect</c> prints).
/// <para>Format: decided by the file's first bytes (<c>\x93NUMPY</c> → npy, <c>PK</c> → npz,
/// <c>0x80</c> → pickle, a <c>MATLAB</c> header or an HDF5 signature → mat), and by the extension
/// (.npy, .npz, .pkl/.pickle, .mat) when the bytes match none of them.</para>
/// <para>Names: a path of parts joined by <c>/</c>. The root of a .npy file or a pickle is the empty
/// path; npz members (without <c>.npy</c>) and MAT variables are the first part. Below that: dict keys
/// (str as is, ints in decimal, tuples as <c>(a, b)</c>), list and tuple indices, object-array
/// elements by C-order flat index (a 0-d object array is transparent), cell elements by MATLAB's
/// column-major linear index, struct fields by name (a struct array with more than one element puts
/// the column-major element index before the field). Strings, Python scalars and char arrays are not
/// arrays and are skipped; a numpy scalar is a 0-d array.</para>
/// </summary>
public static class FormatInspector
{
    private const int MaxDepth = 64;
    private const int MaxValues = 1_000_000;

    /// <summary>Reads the file at <paramref name="path"/> with the reader its format needs and lists its arrays.</summary>
    /// <exception cref="DatasetFormatException">The file is unreadable or not one of the four formats.</exception>
    public static InspectedFile Inspect(string path)
    {
        var format = DetectFormat(path);
        var walker = new Walker(path);
        switch (format)
        {
            case "npy":
                walker.Visit(NpyReader.Read(path), "", 0);
                break;
            case "npz":
                foreach (var (member, array) in NpzReader.Read(path))
                {
                    walker.Visit(array, member, 0);
                }

                break;
            case "pickle":
                walker.Visit(PickleReader.Read(path), "", 0);
                break;
            default:
                foreach (var (variable, value) in MatReader.Read(path).Variables)
                {
                    walker.Visit(value, variable, 0);
                }

                break;
        }

        return new InspectedFile(path, format, walker.Arrays);
    }

    /// <summary>npy, npz, pickle or mat, from the first bytes or else the extension.</summary>
    public static string DetectFormat(string path)
    {
        Span<byte> head = stackalloc byte[520];
        using (var stream = FormatFiles.OpenRead(path))
        {
            head = head[..NpyHeader.ReadUpTo(stream, head)];
        }

        ReadOnlySpan<byte> hdf5 = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];
        if (head.StartsWith(NpyHeader.Magic))
        {
            return "npy";
        }

        if (head.StartsWith("PK"u8))
        {
            return "npz";
        }

        if (head.StartsWith("MATLAB"u8) || head.StartsWith(hdf5) || (head.Length >= 520 && head[512..].StartsWith(hdf5)))
        {
            return "mat";
        }

        if (head.Length > 0 && head[0] == 0x80)
        {
            return "pickle";
        }

        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".npy" => "npy",
            ".npz" => "npz",
            ".pkl" or ".pickle" => "pickle",
            ".mat" => "mat",
            _ => throw new DatasetFormatException(path, 0, "not a recognised file: expected a .npy, .npz, pickle (.pkl) or MAT (.mat) file"),
        };
    }

    /// <summary>Depth-first walk in file order; cycles are cut at the repeated container, shared values are listed at each path.</summary>
    private sealed class Walker(string path)
    {
        private readonly HashSet<object> _ancestors = new(ReferenceEqualityComparer.Instance);
        private int _visited;

        public List<InspectedArray> Arrays { get; } = [];

        public void Visit(object? value, string name, int depth)
        {
            if (value is null or string or byte[] || value.GetType().IsPrimitive)
            {
                return;
            }

            // Only arrays and containers count: shared containers can make the number of paths grow
            // exponentially, a long list of plain numbers cannot.
            if (++_visited > MaxValues || depth > MaxDepth)
            {
                throw new DatasetFormatException(path, null, $"the values nest deeper than {MaxDepth} or hold more than {MaxValues} arrays and containers (at '{name}')");
            }

            if (value is NdArray { IsObjectArray: false } numeric)
            {
                Arrays.Add(new InspectedArray(name, numeric.DType, numeric.Shape, numeric.NanSum()));
                return;
            }

            if (!_ancestors.Add(value))
            {
                return;
            }

            try
            {
                VisitChildren(value, name, depth);
            }
            finally
            {
                _ancestors.Remove(value);
            }
        }

        private void VisitChildren(object value, string name, int depth)
        {
            switch (value)
            {
                case NdArray { Shape.Count: 0 } scalarObject:
                    Visit(scalarObject.ToObjectList()[0], name, depth + 1);
                    break;
                case NdArray objects:
                    VisitIndexed(objects.ToObjectList(), name, depth);
                    break;
                case PyDict dict:
                    foreach (var (key, item) in dict)
                    {
                        Visit(item, Join(name, KeyName(key)), depth + 1);
                    }

                    break;
                case List<object?> list:
                    VisitIndexed(list, name, depth);
                    break;
                case PyTuple tuple:
                    VisitIndexed(tuple, name, depth);
                    break;
                case MatCell cell:
                    VisitIndexed(cell.Elements, name, depth);
                    break;
                case MatStruct structs:
                    for (var i = 0; i < structs.Elements.Count; i++)
                    {
                        var prefix = structs.Elements.Count == 1 ? name : Join(name, i.ToString(CultureInfo.InvariantCulture));
                        foreach (var (field, item) in structs.Elements[i])
                        {
                            Visit(item, Join(prefix, field), depth + 1);
                        }
                    }

                    break;
                default:
                    break;
            }
        }

        private void VisitIndexed(IReadOnlyList<object?> items, string name, int depth)
        {
            for (var i = 0; i < items.Count; i++)
            {
                Visit(items[i], Join(name, i.ToString(CultureInfo.InvariantCulture)), depth + 1);
            }
        }

        private static string Join(string parent, string child) => parent.Length == 0 ? child : $"{parent}/{child}";

        private static string KeyName(object key) => key switch
        {
            string s => s,
            bool b => b ? "True" : "False",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            byte[] bytes => Encoding.Latin1.GetString(bytes),
            PyTuple tuple => $"({string.Join(", ", tuple.Select(item => item is null ? "None" : KeyName(item)))})",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => key.ToString() ?? "",
        };
    }
}
