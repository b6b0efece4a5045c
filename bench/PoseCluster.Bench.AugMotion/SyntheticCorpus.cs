using System.Numerics;
using PoseCluster.Datasets;
using PoseCluster.Datasets.Formats;

namespace PoseCluster.Bench.AugMotion;

/// <summary>Deterministic moving skeletons (z up, mm) written as .npy files for both implementations.</summary>
internal static class SyntheticCorpus
{
    private static readonly float[] Standing =
    [
        0, 0, 1000, 0, -130, 1000, 0, -130, 550, 0, -130, 100, 0, 130, 1000, 0, 130, 550, 0, 130, 100,
        0, 0, 1230, 0, 0, 1480, 20, 0, 1580, 0, 0, 1700, 0, 180, 1480, 0, 180, 1200, 0, 180, 950,
        0, -180, 1480, 0, -180, 1200, 0, -180, 950,
    ];

    public static void Write(string folder, int sequences, int frames)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(1);
        for (var s = 0; s < sequences; s++)
        {
            var positions = Sequence(random, frames);
            NpyWriter.Write(Path.Combine(folder, $"seq_{s:D4}.npy"), positions, frames, 17, 3);
        }
    }

    public static PoseSequence Read(string file)
    {
        // A C-order float32 file is used as read, without a second copy (as np.load does).
        var array = NpyReader.Read(file);
        var positions = array is { DType: "float32", FortranOrder: false } ? (float[])array.Data : array.ToSingleArray();
        var frames = positions.Length / 51;
        var valid = new bool[frames];
        for (var f = 0; f < frames; f++)
        {
            valid[f] = !float.IsNaN(positions[f * 51]);
        }

        return new PoseSequence("bench", $"S{Path.GetFileNameWithoutExtension(file)[^2..]}", Path.GetFileNameWithoutExtension(file), "world", 50, new Vector3(0, 0, 1), positions, valid);
    }

    private static float[] Sequence(Random random, int frames)
    {
        var yaw = random.NextDouble() * 2 * Math.PI;
        var scale = 0.85 + (0.3 * random.NextDouble());
        float tx = (float)(random.NextDouble() * 2000), ty = (float)(random.NextDouble() * 2000);
        var phase = random.NextDouble() * 6;
        var positions = new float[frames * 51];
        var pose = new float[51];
        for (var f = 0; f < frames; f++)
        {
            Standing.CopyTo(pose, 0);
            var swing = (float)(200 * Math.Sin(phase + (f * 0.15)));
            pose[12 * 3] += swing;
            pose[13 * 3] += 1.5f * swing;
            pose[15 * 3] -= swing;
            pose[16 * 3] -= 1.5f * swing;
            pose[2 * 3] += 0.5f * swing;
            pose[5 * 3] -= 0.5f * swing;
            var bow = f % 50 >= 40 ? 0.6 : 0.0; // some frames are not upright
            for (var j = 7; j < 17; j++)
            {
                double x = pose[j * 3], z = pose[(j * 3) + 2] - 1000;
                pose[j * 3] = (float)((Math.Cos(bow) * x) + (Math.Sin(bow) * z));
                pose[(j * 3) + 2] = (float)((-Math.Sin(bow) * x) + (Math.Cos(bow) * z) + 1000);
            }

            var turn = yaw + (f * 0.01);
            double c = Math.Cos(turn), s = Math.Sin(turn);
            for (var j = 0; j < 17; j++)
            {
                double x = pose[j * 3] * scale, y = pose[(j * 3) + 1] * scale, z = pose[(j * 3) + 2] * scale;
                positions[(f * 51) + (j * 3)] = (float)((c * x) - (s * y) + tx + (random.NextDouble() * 4));
                positions[(f * 51) + (j * 3) + 1] = (float)((s * x) + (c * y) + ty + (random.NextDouble() * 4));
                positions[(f * 51) + (j * 3) + 2] = (float)(z + (random.NextDouble() * 4));
            }
        }

        // A few invalid frames, as real captures have.
        for (var f = 97; f < frames; f += 211)
        {
            positions.AsSpan(f * 51, 51).Fill(float.NaN);
        }

        return positions;
    }
}
