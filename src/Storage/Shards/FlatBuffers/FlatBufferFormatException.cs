namespace PoseCluster.Storage.Shards.FlatBuffers;

/// <summary>A FlatBuffers offset or length that points outside its buffer; position is relative to the buffer.</summary>
internal sealed class FlatBufferFormatException(int position, string problem)
    : Exception($"flatbuffer: {problem} (at buffer position {position})")
{
    /// <summary>Position in the flatbuffer where the problem was found.</summary>
    public int Position { get; } = position;
}
