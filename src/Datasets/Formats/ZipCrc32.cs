using System.Buffers.Binary;

namespace PoseCluster.Datasets.Formats;

/// <summary>
/// The zip CRC-32 (polynomial 0xEDB88320), slicing by 8 bytes: .NET's ZipArchive does not verify it,
/// numpy's zipfile does, and a flipped byte in a stored member must not pass as data.
/// </summary>
internal static class ZipCrc32
{
    private static readonly uint[][] Tables = BuildTables();

    /// <summary>Continues <paramref name="crc"/> (start with 0) over <paramref name="bytes"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> bytes)
    {
        var c = ~crc;
        var t = Tables;
        while (bytes.Length >= 8)
        {
            var low = BinaryPrimitives.ReadUInt32LittleEndian(bytes) ^ c;
            var high = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
            c = t[7][low & 0xff] ^ t[6][(low >> 8) & 0xff] ^ t[5][(low >> 16) & 0xff] ^ t[4][low >> 24]
                ^ t[3][high & 0xff] ^ t[2][(high >> 8) & 0xff] ^ t[1][(high >> 16) & 0xff] ^ t[0][high >> 24];
            bytes = bytes[8..];
        }

        foreach (var b in bytes)
        {
            c = t[0][(c ^ b) & 0xff] ^ (c >> 8);
        }

        return ~c;
    }

    private static uint[][] BuildTables()
    {
        var tables = new uint[8][];
        tables[0] = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            }

            tables[0][n] = c;
        }

        for (var s = 1; s < 8; s++)
        {
            tables[s] = new uint[256];
            for (var n = 0; n < 256; n++)
            {
                tables[s][n] = (tables[s - 1][n] >> 8) ^ tables[0][tables[s - 1][n] & 0xff];
            }
        }

        return tables;
    }
}
