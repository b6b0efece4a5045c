using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PoseCluster.Datasets.Formats;

namespace PoseCluster.Host.Cli;

/// <summary>
/// <c>posecluster inspect FILE [--json]</c>: every numeric array inside a .npy, .npz, pickle (.pkl) or
/// MAT v5 (.mat) file. JSON: exactly <c>{"file", "format", "arrays": [{"name", "dtype", "shape", "sum"}]}</c>.
/// <list type="bullet">
/// <item><c>file</c>: the path as given.</item>
/// <item><c>format</c>: <c>npy</c>, <c>npz</c>, <c>pickle</c> or <c>mat</c>, decided by the file's first
/// bytes (<c>\x93NUMPY</c>, <c>PK</c>, <c>0x80</c>, a <c>MATLAB</c> header or an HDF5 signature), by the
/// extension when those match nothing.</item>
/// <item><c>name</c>: the array's path, parts joined by <c>/</c>: npz member without <c>.npy</c> or MAT
/// variable first (a .npy or pickle root is the empty path); then dict keys (tuples as <c>(a, b)</c>),
/// list/tuple indices, object-array elements by C-order flat index (0-d object arrays are transparent),
/// cell elements by MATLAB's column-major linear index, struct fields by name (element index first for
/// a struct array of more than one element).</item>
/// <item><c>dtype</c>: the numpy name (<c>float64</c>, <c>int32</c>, <c>bool</c>, ...); MATLAB classes map
/// double → float64, single → float32, intN/uintN → intN/uintN, logical → bool.</item>
/// <item><c>shape</c>: numpy's shape; MATLAB dims as stored.</item>
/// <item><c>sum</c>: NaN-skipping sum accumulated in double (bool counts true); ±Infinity is written as
/// the strings <c>"Infinity"</c>/<c>"-Infinity"</c>.</item>
/// </list>
/// Without <c>--json</c>, a table of the same fields. A file that cannot be read exits 2 with one line
/// on stderr naming the file and the problem.
/// </summary>
internal static class InspectCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "A .npy, .npz, .pkl, .mat or Arrow IPC (.arrow) file" };
        var json = GlobalOptions.Json();
        var command = new Command("inspect", "List every numeric array inside a .npy/.npz/.pkl/.mat file with dtype, shape and NaN-skipping sum; for an Arrow shard, schema, metadata, rows and column sums");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (ShardInspection.Handles(path))
            {
                return await ShardInspection.RunAsync(path, parse.GetValue(json), context, cancellationToken).ConfigureAwait(false);
            }

            var result = FormatInspector.Inspect(path);
            context.Out.WriteLine(parse.GetValue(json) ? ToJson(result) : ToTable(result));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string ToJson(InspectedFile result) => JsonSerializer.Serialize(
        new
        {
            file = result.File,
            format = result.Format,
            arrays = result.Arrays.Select(a => new { name = a.Name, dtype = a.DType, shape = a.Shape, sum = a.Sum }),
        },
        JsonOptions);

    private static string ToTable(InspectedFile result)
    {
        var rows = result.Arrays
            .Select(a => (Name: a.Name.Length == 0 ? "(root)" : a.Name, a.DType, Shape: $"({string.Join(", ", a.Shape)})", Sum: a.Sum.ToString("G10", CultureInfo.InvariantCulture)))
            .ToList();
        var nameWidth = rows.Select(r => r.Name.Length).Append(4).Max();
        var shapeWidth = rows.Select(r => r.Shape.Length).Append(5).Max();
        var lines = new List<string>
        {
            $"{result.File}: {result.Format}, {rows.Count} numeric array{(rows.Count == 1 ? "" : "s")}",
            $"{"name".PadRight(nameWidth)}  {"dtype",-8}  {"shape".PadRight(shapeWidth)}  sum",
        };
        lines.AddRange(rows.Select(r => $"{r.Name.PadRight(nameWidth)}  {r.DType,-8}  {r.Shape.PadRight(shapeWidth)}  {r.Sum}"));
        return string.Join(Environment.NewLine, lines);
    }
}
