namespace PoseCluster.Storage.Shards.Arrow;

/// <summary>The Arrow logical types the shard format uses (Schema.fbs union Type ids in comments).</summary>
internal enum ArrowType
{
    /// <summary>Int, 32-bit signed (Type.Int = 2).</summary>
    Int32,

    /// <summary>FloatingPoint, SINGLE (Type.FloatingPoint = 3).</summary>
    Float32,

    /// <summary>Utf8 with int32 offsets (Type.Utf8 = 5).</summary>
    Utf8,

    /// <summary>Bool, bit-packed (Type.Bool = 6).</summary>
    Bool,

    /// <summary>FixedSizeList with one child (Type.FixedSizeList = 16).</summary>
    FixedSizeList,
}
