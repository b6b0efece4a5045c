using PoseCluster.Datasets.Ingestion;
using HarmonizedCorpus = PoseCluster.Datasets.AugMotion.CorpusManifest;

namespace PoseCluster.Storage.Pipeline;

/// <summary>What a corpus build produced.</summary>
/// <param name="Document">The version's document (plan, shards, counts).</param>
/// <param name="Corpus">corpus.json: Ms, Msp, triangle, every sequence with its transform, every rejection.</param>
/// <param name="Datasets">Every dataset's fingerprint (the previous fingerprints of its next ingestion).</param>
/// <param name="Sequences">Every sequence's outcome.</param>
/// <param name="AlreadyComplete">True when the version was already in the store (or is the parent): nothing was written.</param>
/// <param name="Stage1">What stage 1 did in this run (the document holds the counts of the run that built the version).</param>
public sealed record HarmonizeReport(
    CorpusVersionDocument Document,
    HarmonizedCorpus Corpus,
    IReadOnlyList<DatasetFingerprint> Datasets,
    IReadOnlyList<SequenceOutcome> Sequences,
    bool AlreadyComplete,
    Stage1Counts Stage1);
