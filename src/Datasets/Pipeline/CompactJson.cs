using System.Text.Json.Serialization;

namespace PoseCluster.Datasets.Pipeline;

/// <summary>Compile-time JSON metadata of the stage-1 index (no reflection at first use: a one-process run pays no serializer warm-up).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(Stage1UnitIndex))]
internal sealed partial class CompactJson : JsonSerializerContext;
