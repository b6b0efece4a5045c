using PoseCluster.Datasets.Formats;

namespace PoseCluster.Datasets.AugMotion;

/// <summary>
/// Writes each harmonized sequence as <c>sequences/&lt;dataset&gt;/&lt;subject&gt;/&lt;action&gt;.&lt;camera&gt;.npy</c>
/// under a root folder: float32, frames x 17 x 3, universal frame, mm, NaN on invalid frames. Each
/// file is written to a temporary name and renamed, so a reader never sees half a file. Name parts
/// are made safe for a path (separators and '..' replaced) so no sequence writes outside the root.
/// </summary>
/// <param name="root">The output folder (created when missing).</param>
public sealed class NpySequenceSink(string root) : IHarmonizedSequenceSink
{
    private readonly string _root = Path.GetFullPath(root);

    /// <summary>The path of a sequence's file relative to the root, with '/' separators.</summary>
    public static string RelativePath(SequenceKey key) =>
        $"sequences/{Safe(key.Dataset)}/{Safe(key.Subject)}/{Safe(key.Action)}.{Safe(key.Camera)}.npy";

    /// <inheritdoc />
    public ValueTask<string> WriteAsync(HarmonizedSequence sequence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        cancellationToken.ThrowIfCancellationRequested();
        var relative = RelativePath(sequence.Key);
        var path = Path.Combine(_root, relative.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            // Synchronous on purpose: the caller is a worker thread and one sequential write is cheapest.
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                NpyWriter.Write(stream, NdArray.Create(sequence.Sequence.Positions, sequence.Sequence.FrameCount, 17, 3));
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return ValueTask.FromResult(relative);
    }

    private static string Safe(string part)
    {
        var chars = part.Select(c => c is '/' or '\\' or ':' or '\0' || char.IsControl(c) ? '_' : c).ToArray();
        var safe = new string(chars);
        return safe is "" or "." or ".." ? $"_{safe}_" : safe;
    }
}
