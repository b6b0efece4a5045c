using System.Globalization;
using System.Text.Json;

namespace PoseCluster.Datasets.Sources;

/// <summary>
/// Readers of the sources' camera files (JSON and text; MADS's MAT calibration is read by its loader).
/// Every camera comes out world-to-camera in millimetres: c = R·p + t.
/// </summary>
internal static class CameraFiles
{
    /// <summary>Bytes a camera file may have; real ones are a few kB.</summary>
    private const long MaxCameraFileBytes = 16 << 20;

    /// <summary>
    /// Human3.6M cameras in VideoPose3D's structure: <c>{"intrinsics": [{id, center, focal_length,
    /// radial_distortion, tangential_distortion, res_w, res_h}], "extrinsics": {subject: [{orientation
    /// (w, x, y, z quaternion, camera to world), translation (camera centre, mm)}]}}</c>, extrinsics in
    /// the order of the intrinsics. Returns the cameras per subject.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<CameraCalibration>> ReadH36m(string path)
    {
        using var json = ParseJson(path);
        try
        {
            var intrinsics = json.RootElement.GetProperty("intrinsics").EnumerateArray().ToList();
            var result = new Dictionary<string, IReadOnlyList<CameraCalibration>>(StringComparer.Ordinal);
            foreach (var subject in json.RootElement.GetProperty("extrinsics").EnumerateObject())
            {
                var extrinsics = subject.Value.EnumerateArray().ToList();
                if (extrinsics.Count != intrinsics.Count)
                {
                    throw SourceErrors.Format(path, $"subject {subject.Name} has {extrinsics.Count} extrinsics for {intrinsics.Count} cameras");
                }

                result[subject.Name] = [.. intrinsics.Zip(extrinsics, (i, e) => H36mCamera(path, i, e))];
            }

            return result;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw SourceErrors.Format(path, $"not a Human3.6M cameras file: {e.Message}");
        }
    }

    private static CameraCalibration H36mCamera(string path, JsonElement intrinsic, JsonElement extrinsic)
    {
        var centre = Numbers(path, intrinsic.GetProperty("center"), 2);
        var focal = Numbers(path, intrinsic.GetProperty("focal_length"), 2);
        var radial = Numbers(path, intrinsic.GetProperty("radial_distortion"), 3);
        var tangential = Numbers(path, intrinsic.GetProperty("tangential_distortion"), 2);
        var q = Numbers(path, extrinsic.GetProperty("orientation"), 4);
        var position = Numbers(path, extrinsic.GetProperty("translation"), 3);

        // The quaternion rotates camera to world; world to camera is its transpose, t = −Rᵀ·centre.
        var cameraToWorld = Rotations.FromQuaternion(q[0], q[1], q[2], q[3]);
        var rotation = Rotations.Transpose(cameraToWorld);
        return new CameraCalibration(
            intrinsic.GetProperty("id").ToString(),
            intrinsic.GetProperty("res_w").GetInt32(),
            intrinsic.GetProperty("res_h").GetInt32(),
            focal[0],
            focal[1],
            centre[0],
            centre[1],
            rotation,
            Rotations.Negate(Rotations.Apply(rotation, position)),
            [radial[0], radial[1], tangential[0], tangential[1], radial[2]]);
    }

    /// <summary>
    /// AIST++ <c>cameras/&lt;setting&gt;.json</c>: a list of {name, size [w, h], matrix 3x3, rotation
    /// (Rodrigues, world to camera), translation (cm), distortions}.
    /// </summary>
    public static IReadOnlyList<CameraCalibration> ReadAistpp(string path)
    {
        using var json = ParseJson(path);
        try
        {
            var cameras = new List<CameraCalibration>();
            foreach (var camera in json.RootElement.EnumerateArray())
            {
                var size = Numbers(path, camera.GetProperty("size"), 2);
                var matrix = camera.GetProperty("matrix").EnumerateArray().SelectMany(row => Numbers(path, row, 3)).ToArray();
                if (matrix.Length != 9)
                {
                    throw SourceErrors.Format(path, $"camera matrix has {matrix.Length} values, expected 9");
                }

                var translation = Numbers(path, camera.GetProperty("translation"), 3);
                cameras.Add(new CameraCalibration(
                    camera.GetProperty("name").GetString() ?? "",
                    (int)size[0],
                    (int)size[1],
                    matrix[0],
                    matrix[4],
                    matrix[2],
                    matrix[5],
                    Rotations.FromRodrigues(Numbers(path, camera.GetProperty("rotation"), 3)),
                    [.. translation.Select(v => v * 10.0)],
                    camera.TryGetProperty("distortions", out var d) ? [.. d.EnumerateArray().Select(v => v.GetDouble())] : []));
            }

            return cameras;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw SourceErrors.Format(path, $"not an AIST++ cameras file: {e.Message}");
        }
    }

    /// <summary>
    /// MPI-INF-3DHP <c>camera.calibration</c> (Skeletool text format): blocks starting with
    /// <c>name N</c>, with <c>size w h</c>, <c>intrinsic</c> (4x4 row-major) and <c>extrinsic</c>
    /// (4x4 row-major, world to camera, mm). Returns the cameras by name.
    /// </summary>
    public static IReadOnlyDictionary<string, CameraCalibration> ReadMpi3dhp(string path)
    {
        CheckSize(path);
        var cameras = new Dictionary<string, CameraCalibration>(StringComparer.Ordinal);
        string? name = null;
        int width = 0, height = 0;
        double[]? intrinsic = null, extrinsic = null;

        void Flush(int line)
        {
            if (name is null)
            {
                return;
            }

            if (intrinsic is null || extrinsic is null)
            {
                throw SourceErrors.Format(path, $"line {line}: camera {name} lacks its intrinsic or extrinsic matrix");
            }

            cameras[name] = new CameraCalibration(
                name, width, height, intrinsic[0], intrinsic[5], intrinsic[2], intrinsic[6],
                [extrinsic[0], extrinsic[1], extrinsic[2], extrinsic[4], extrinsic[5], extrinsic[6], extrinsic[8], extrinsic[9], extrinsic[10]],
                [extrinsic[3], extrinsic[7], extrinsic[11]],
                []);
        }

        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var parts = raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            switch (parts[0])
            {
                case "name":
                    Flush(lineNumber);
                    name = parts.Length > 1 ? parts[1] : throw SourceErrors.Format(path, $"line {lineNumber}: camera without a name");
                    (width, height, intrinsic, extrinsic) = (0, 0, null, null);
                    break;
                case "size" when parts.Length == 3:
                    width = (int)ParseNumber(path, lineNumber, parts[1]);
                    height = (int)ParseNumber(path, lineNumber, parts[2]);
                    break;
                case "intrinsic":
                    intrinsic = Matrix4x4Values(path, lineNumber, parts);
                    break;
                case "extrinsic":
                    extrinsic = Matrix4x4Values(path, lineNumber, parts);
                    break;
                default:
                    break; // sensor, animated, radial: not needed
            }
        }

        Flush(lineNumber);
        return cameras;
    }

    private static double[] Matrix4x4Values(string path, int line, string[] parts)
    {
        if (parts.Length != 17)
        {
            throw SourceErrors.Format(path, $"line {line}: {parts[0]} has {parts.Length - 1} values, expected 16");
        }

        return [.. parts.Skip(1).Select(p => ParseNumber(path, line, p))];
    }

    private static double ParseNumber(string path, int line, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw SourceErrors.Format(path, $"line {line}: '{text}' is not a number");

    private static double[] Numbers(string path, JsonElement array, int count)
    {
        var values = array.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        return values.Length == count ? values : throw SourceErrors.Format(path, $"expected {count} numbers, got {values.Length}");
    }

    private static JsonDocument ParseJson(string path)
    {
        CheckSize(path);
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw SourceErrors.Format(path, $"invalid JSON at line {(e.LineNumber ?? 0) + 1}: {e.Message}");
        }
    }

    private static void CheckSize(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxCameraFileBytes)
        {
            throw SourceErrors.Format(path, $"{length} bytes is too large for a camera file (limit {MaxCameraFileBytes})");
        }
    }
}
