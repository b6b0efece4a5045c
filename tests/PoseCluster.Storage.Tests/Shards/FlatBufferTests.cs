using PoseCluster.Storage.Shards.FlatBuffers;

namespace PoseCluster.Storage.Tests.Shards;

public sealed class FlatBufferTests
{
    [Fact]
    public void A_table_with_scalars_strings_and_vectors_reads_back_what_was_built()
    {
        var structs = new byte[32];
        BitConverter.GetBytes(7L).CopyTo(structs, 0);
        BitConverter.GetBytes(-9L).CopyTo(structs, 24);
        var root = new FlatBufferTable()
            .AddInt16(0, -3)
            .AddByte(1, 200)
            .AddInt64(2, 1L << 40)
            .AddOffset(3, new FlatBufferString("héllo"))
            .AddOffset(4, new FlatBufferNodeVector([new FlatBufferTable().AddInt32(0, 11), new FlatBufferTable().AddInt32(0, 22)]))
            .AddOffset(5, new FlatBufferStructVector(structs, 16, 8))
            .AddBool(7, true);

        var bytes = FlatBufferWriter.Serialize(root);
        var table = FlatBufferReader.Root(bytes);

        Assert.Equal(-3, table.GetInt16(0));
        Assert.Equal(200, table.GetByte(1));
        Assert.Equal(1L << 40, table.GetInt64(2));
        Assert.Equal("héllo", table.GetString(3));
        Assert.Equal(2, table.GetVectorLength(4));
        Assert.Equal(22, table.GetTableElement(4, 1).GetInt32(0));
        Assert.Equal(2, table.GetVectorLength(5));
        Assert.Equal(7L, BitConverter.ToInt64(table.GetStructElement(5, 0, 16)));
        Assert.Equal(-9L, BitConverter.ToInt64(table.GetStructElement(5, 1, 16)[8..]));
        Assert.False(table.Has(6));
        Assert.Equal(42, table.GetInt32(6, 42));
        Assert.True(table.GetBool(7));
        Assert.Equal(0, bytes.Length % 8);
    }

    [Fact]
    public void Struct_vector_elements_are_aligned_to_eight_bytes()
    {
        var root = new FlatBufferTable().AddByte(0, 1).AddOffset(1, new FlatBufferStructVector(new byte[24], 24, 8));
        var bytes = FlatBufferWriter.Serialize(root);
        var table = FlatBufferReader.Root(bytes);
        var element = table.GetStructElement(1, 0, 24);
        var position = bytes.AsSpan().IndexOf(element) ;
        Assert.True(position >= 0);
        // The element starts right after the 4-byte length; find that length and check the element's alignment.
        var vectorStart = FindVectorStart(bytes, 1);
        Assert.Equal(0, (vectorStart + 4) % 8);
    }

    [Fact]
    public void An_offset_pointing_outside_the_buffer_is_a_format_error_not_a_crash()
    {
        var bytes = FlatBufferWriter.Serialize(new FlatBufferTable().AddOffset(0, new FlatBufferString("abc")));
        Assert.Equal("abc", FlatBufferReader.Root(bytes).GetString(0));
        var stringOffsetPosition = FieldPosition(bytes, 0);
        BitConverter.GetBytes(100_000).CopyTo(bytes, stringOffsetPosition);

        Assert.Throws<FlatBufferFormatException>(() => FlatBufferReader.Root(bytes).GetString(0));
        Assert.Throws<FlatBufferFormatException>(() => FlatBufferReader.Root(new byte[] { 200, 0, 0, 0, 0, 0, 0, 0 }));
    }

    private static int FieldPosition(byte[] bytes, int slot)
    {
        var table = BitConverter.ToInt32(bytes, 0);
        var vtable = table - BitConverter.ToInt32(bytes, table);
        return table + BitConverter.ToUInt16(bytes, vtable + 4 + (2 * slot));
    }

    private static int FindVectorStart(byte[] bytes, int slot)
    {
        var at = FieldPosition(bytes, slot);
        return at + BitConverter.ToInt32(bytes, at);
    }
}
