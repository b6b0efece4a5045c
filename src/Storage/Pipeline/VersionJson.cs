using System.Text.Json.Serialization;

namespace PoseCluster.Storage.Pipeline;

/// <summary>Compile-time JSON metadata of version.json (indented).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(CorpusVersionDocument))]
internal sealed partial class VersionJson : JsonSerializerContext;
