namespace PoseCluster.Actors.Experiments;

/// <summary>The outcome of <see cref="ExperimentSpecParser.Parse"/>: the spec, or an error per bad field.</summary>
/// <param name="Spec">The validated spec; null when there are errors.</param>
/// <param name="Errors">Field path → what is wrong with it; empty when the spec is valid.</param>
public sealed record ExperimentSpecParse(ExperimentSpec? Spec, IReadOnlyDictionary<string, string> Errors);
