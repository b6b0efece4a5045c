using System.Text.Json.Serialization;

namespace PoseCluster.Datasets.AugMotion;

/// <summary>Compile-time JSON metadata of corpus.json (indented, as it always was).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(CorpusManifest))]
internal sealed partial class IndentedJson : JsonSerializerContext;
