using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace PoseCluster.Storage.Shards.Arrow;

/// <summary>
/// A column of a record batch read from a file: views into the batch body, never copies.
/// Buffer sizes are checked when the column is built, so element access needs no further checks.
/// </summary>
internal sealed class ArrowColumn
{
    private readonly ReadOnlyMemory<byte> validity;
    private readonly ReadOnlyMemory<byte> offsets;
    private readonly ReadOnlyMemory<byte> values;

    public ArrowColumn(ArrowField field, int length, int nullCount, ReadOnlyMemory<byte> validity, ReadOnlyMemory<byte> offsets, ReadOnlyMemory<byte> values, ArrowColumn? child)
    {
        Field = field;
        Length = length;
        NullCount = nullCount;
        this.validity = validity;
        this.offsets = offsets;
        this.values = values;
        Child = child;
    }

    public ArrowField Field { get; }

    public int Length { get; }

    public int NullCount { get; }

    public ArrowColumn? Child { get; }

    public bool IsNull(int row) => NullCount > 0 && !validity.IsEmpty && (validity.Span[row >> 3] & (1 << (row & 7))) == 0;

    public ReadOnlySpan<int> Int32Values => MemoryMarshal.Cast<byte, int>(values.Span)[..Length];

    public ReadOnlySpan<float> Float32Values => MemoryMarshal.Cast<byte, float>(values.Span)[..Length];

    public bool GetBool(int row) => (values.Span[row >> 3] & (1 << (row & 7))) != 0;

    public string GetString(int row) => Encoding.UTF8.GetString(GetUtf8(row));

    public ReadOnlySpan<byte> GetUtf8(int row)
    {
        var span = offsets.Span;
        var start = BinaryPrimitives.ReadInt32LittleEndian(span[(row * 4)..]);
        var end = BinaryPrimitives.ReadInt32LittleEndian(span[((row + 1) * 4)..]);
        return values.Span[start..end];
    }

    /// <summary>The values of list row <paramref name="row"/> of a fixed_size_list&lt;float32&gt; column.</summary>
    public ReadOnlySpan<float> GetFloatList(int row) => Child!.Float32Values.Slice(row * Field.ListSize, Field.ListSize);
}
