namespace PoseCluster.Storage.Shards.Arrow;

/// <summary>A field of an Arrow schema; <paramref name="Child"/> and <paramref name="ListSize"/> only for fixed-size lists.</summary>
internal sealed record ArrowField(
    string Name,
    ArrowType Type,
    bool Nullable,
    IReadOnlyDictionary<string, string> Metadata,
    int ListSize = 0,
    ArrowField? Child = null)
{
    public static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    public static ArrowField Of(string name, ArrowType type, bool nullable = false) => new(name, type, nullable, NoMetadata);

    public static ArrowField ListOfFloat32(string name, int listSize, bool nullable) =>
        new(name, ArrowType.FixedSizeList, nullable, NoMetadata, listSize, Of("item", ArrowType.Float32));

    /// <summary>"utf8", "int32", "float32", "bool" or "fixed_size_list&lt;float32&gt;[N]".</summary>
    public string TypeName => Type switch
    {
        ArrowType.Int32 => "int32",
        ArrowType.Float32 => "float32",
        ArrowType.Utf8 => "utf8",
        ArrowType.Bool => "bool",
        _ => $"fixed_size_list<{Child?.TypeName}>[{ListSize}]",
    };
}
