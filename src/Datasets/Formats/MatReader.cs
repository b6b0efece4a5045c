namespace PoseCluster.Datasets.Formats;

/// <summary>
/// Reads MATLAB MAT v5 files (what <c>scipy.io.savemat</c> and MATLAB's <c>-v6</c>/<c>-v7</c> write):
/// the 128-byte header and its byte order, miCOMPRESSED (zlib) elements, numeric classes double,
/// single, int8..int64, uint8..uint64, logical, char, cell arrays, structs and struct arrays, and the
/// small data element format. Numeric data stored in a narrower type than its class (MATLAB does this
/// to save space) is converted to the class's type. Refused with a message naming the format: MAT
/// v7.3 (HDF5) and MAT v4 files, sparse arrays, complex arrays (no real-part-only reading, to avoid
/// silently dropping data), MATLAB objects, function handles and opaque classes.
/// </summary>
public static class MatReader
{
    /// <summary>Reads the MAT file at <paramref name="path"/>.</summary>
    /// <exception cref="DatasetFormatException">The file is not a MAT v5 file this reader accepts.</exception>
    public static MatFile Read(string path) => Read(FormatFiles.ReadAll(path), path);

    /// <summary>Reads a MAT file held in memory; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="DatasetFormatException">The bytes are not a MAT v5 file this reader accepts.</exception>
    public static MatFile Read(ReadOnlyMemory<byte> bytes, string name) => MatParser.ReadFile(bytes, name);
}
