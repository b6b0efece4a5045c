using PoseCluster.Datasets.Pipeline;
using PoseCluster.Storage.Objects;

namespace PoseCluster.Storage.Pipeline;

/// <summary>
/// Stage-1 results in object storage (docs/AUGMOTION.md, "Cache keys"): per unit
/// <c>stage1/&lt;config hash&gt;/&lt;content hash&gt;/data.bin</c> (the accepted sequences' blocks back to
/// back, <see cref="Stage1Blocks"/>) and <c>index.json</c> (<see cref="Stage1UnitIndex"/>), written in that
/// order, so an index that exists names complete data. Reads are bounded: the index by
/// <see cref="MaxIndexBytes"/>, each block by the length its index gives, and every block is checked
/// against its checksum before use.
/// </summary>
/// <param name="store">Where the cache lives (the corpus's object store).</param>
public sealed class Stage1Cache(IObjectStore store) : IStage1Frames
{
    /// <summary>Largest index read (a unit of thousands of sequences stays far below).</summary>
    public const int MaxIndexBytes = 64 << 20;

    /// <summary>The store.</summary>
    public IObjectStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    /// <summary>The key prefix of one unit's entry.</summary>
    public static string Prefix(Stage1Location location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return $"stage1/{location.ConfigHash}/{location.ContentHash}/";
    }

    /// <summary>The index key of a unit's entry.</summary>
    public static string IndexKey(Stage1Location location) => Prefix(location) + "index.json";

    /// <summary>The data key of a unit's entry.</summary>
    public static string DataKey(Stage1Location location) => Prefix(location) + "data.bin";

    /// <summary>The unit's index, or null when it is not cached.</summary>
    /// <exception cref="Stage1FormatException">The stored index is not a readable index for this location.</exception>
    public async Task<Stage1UnitIndex?> TryReadIndexAsync(Stage1Location location, CancellationToken cancellationToken)
    {
        var key = IndexKey(location);
        Stream stream;
        try
        {
            stream = await Store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }

        byte[] bytes;
        await using (stream.ConfigureAwait(false))
        {
            bytes = await ReadBoundedAsync(stream, MaxIndexBytes, key, cancellationToken).ConfigureAwait(false);
        }

        var index = Stage1UnitIndex.FromJson(bytes, key);
        return index.ConfigHash == location.ConfigHash && index.ContentHash == location.ContentHash
            ? index
            : throw new Stage1FormatException(key, null, $"the index is for {index.ConfigHash}/{index.ContentHash}, not its own key");
    }

    /// <summary>Stores a unit's results: the data object (when any sequence was accepted), then the index.</summary>
    public async Task WriteAsync(Stage1Location location, Stage1UnitIndex index, IReadOnlyList<Stage1Result> results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(results);
        if (results.Any(r => r.Payload is not null))
        {
            await using var data = new Stage1DataStream(results);
            await Store.PutAsync(DataKey(location), data, cancellationToken).ConfigureAwait(false);
        }

        using var json = new MemoryStream(index.ToJson(), writable: false);
        await Store.PutAsync(IndexKey(location), json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The frames of <paramref name="sequences"/> (accepted sequences of the unit at <paramref name="location"/>)
    /// in one forward pass over the unit's data object, each block checked; keyed by the sequence's index.
    /// </summary>
    /// <exception cref="Stage1FormatException">The data object is shorter than the index says, or a block is corrupt.</exception>
    public async Task<IReadOnlyDictionary<int, Stage1Payload>> ReadAsync(Stage1Location location, IEnumerable<Stage1Sequence> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var wanted = sequences
            .Select(s => (Sequence: s, Block: s.Block ?? throw new ArgumentException($"{s.Subject}/{s.Action}.{s.Camera} has no stage-1 block (rejected)", nameof(sequences))))
            .OrderBy(s => s.Block.Offset)
            .ToList();
        var result = new Dictionary<int, Stage1Payload>();
        if (wanted.Count == 0)
        {
            return result;
        }

        var key = DataKey(location);
        var stream = await Store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            long position = 0;
            foreach (var (sequence, block) in wanted)
            {
                if (block.Offset < position || block.Bytes > int.MaxValue || block.Bytes != Stage1Blocks.Length(sequence.Frames, sequence.Has2d))
                {
                    throw new Stage1FormatException(key, block.Offset, $"the index places {sequence.Subject}/{sequence.Action}.{sequence.Camera} at an impossible offset or length");
                }

                position = await SkipAsync(stream, block.Offset - position, position, key, cancellationToken).ConfigureAwait(false);
                var bytes = GC.AllocateUninitializedArray<byte>((int)block.Bytes);
                var read = await stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (read < bytes.Length)
                {
                    throw new Stage1FormatException(key, position + read, $"the data ends after {position + read} bytes; the index needs {block.Offset + block.Bytes}");
                }

                position += read;
                result[sequence.Index] = Stage1Blocks.Decode(bytes, sequence.Frames, sequence.Has2d, block.Checksum, key, block.Offset);
            }
        }

        return result;
    }

    private static async Task<long> SkipAsync(Stream stream, long count, long position, string key, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return position;
        }

        if (stream.CanSeek)
        {
            stream.Seek(count, SeekOrigin.Current);
            return position + count;
        }

        var scratch = new byte[Math.Min(count, 1 << 20)];
        while (count > 0)
        {
            var read = await stream.ReadAsync(scratch.AsMemory(0, (int)Math.Min(count, scratch.Length)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new Stage1FormatException(key, position, "the data ends before a block its index names");
            }

            count -= read;
            position += read;
        }

        return position;
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, int limit, string key, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new Stage1FormatException(key, buffer.Length, $"the index is larger than {limit} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
