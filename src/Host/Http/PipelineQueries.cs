using Akka.Actor;
using Akka.Hosting;
using PoseCluster.Actors.Harmonization;
using PoseCluster.Actors.Ingestion;
using PoseCluster.Actors.Pipeline;
using PoseCluster.Host.Node;
using PoseCluster.Storage.Pipeline;
using PoseCluster.Storage.Registry;

namespace PoseCluster.Host.Http;

/// <summary>
/// The read side of the dataset and corpus endpoints: dataset status and job progress from the Dataset entities
/// (the coordinator lists them and knows each job's version), corpus versions from the registry (and
/// version.json for a complete version's creation time). Every Ask waits posecluster.node.ask-timeout.
/// </summary>
internal sealed class PipelineQueries(
    IRequiredActor<DatasetRegion> datasets, IRequiredActor<CorpusCoordinator> coordinator, PipelineEnvironment pipeline, NodeSettings settings)
{
    /// <summary>Every dataset ever added, or null when the coordinator did not answer.</summary>
    public async Task<DatasetListView?> ListAsync(CancellationToken cancellationToken)
    {
        TrackedDatasets tracked;
        try
        {
            tracked = await coordinator.ActorRef.Ask<TrackedDatasets>(ListTrackedDatasets.Instance, settings.AskTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return null;
        }

        var views = await Task.WhenAll(tracked.Datasets.Select(async name =>
        {
            try
            {
                return View(await StatusAsync(name, cancellationToken).ConfigureAwait(false));
            }
            catch (AskTimeoutException)
            {
                return new DatasetView(name, "", "", null, "unavailable", new SequenceCountsView(0, 0, 0, 0, 0, 0), [], null, "", new UnitCountsView(0, 0), null,
                    $"dataset {name} did not answer within {settings.AskTimeout.TotalSeconds:0.#} s");
            }
        })).ConfigureAwait(false);
        return new DatasetListView(views);
    }

    /// <summary>One dataset, or null when it was never added.</summary>
    /// <exception cref="AskTimeoutException">Its entity did not answer in time.</exception>
    public async Task<DatasetView?> DatasetAsync(string name, CancellationToken cancellationToken)
    {
        var status = await StatusAsync(name, cancellationToken).ConfigureAwait(false);
        return status.Known ? View(status) : null;
    }

    /// <summary>One job of a dataset, or null when the dataset has no such job.</summary>
    /// <exception cref="AskTimeoutException">The entity or the coordinator did not answer in time.</exception>
    public async Task<DatasetJobView?> JobAsync(string name, string job, CancellationToken cancellationToken)
    {
        var status = await datasets.ActorRef.Ask<DatasetJobStatus>(new GetDatasetJob(name, job), settings.AskTimeout, cancellationToken).ConfigureAwait(false);
        if (status.Phase == "unknown")
        {
            return null;
        }

        var overall = status.Phase switch
        {
            "queued" => "queued",
            "failed" => "failed",
            "reported" => "harmonizing",
            _ => "ingesting",
        };
        CorpusJobResult? result = null;
        IReadOnlyList<ShardView> shards = [];
        if (status.Phase == "reported")
        {
            result = await coordinator.ActorRef.Ask<CorpusJobResult>(new GetCorpusJob(job), settings.AskTimeout, cancellationToken).ConfigureAwait(false);
            overall = result.Status switch
            {
                "complete" => "complete",
                "failed" => "failed",
                _ => "harmonizing",
            };
            if (result is { Status: "complete", Version: { } version })
            {
                shards = Shards(await pipeline.Registry.ShardsAsync(version, cancellationToken).ConfigureAwait(false));
            }
        }

        return new DatasetJobView(
            status.Dataset, status.Job, overall, status.Phase, Counts(status.Sequences), new UnitCountsView(status.UnitsTotal, status.UnitsDone), status.ContentHash,
            result?.Version, result?.Parent, result?.Reprojected ?? 0, result?.ReusedClips ?? 0, result?.NewClips ?? 0, shards, status.Error ?? result?.Error);
    }

    /// <summary>The newest complete corpus version (by creation time), or null when there is none.</summary>
    public async Task<CorpusView?> LatestCorpusAsync(CancellationToken cancellationToken) =>
        await pipeline.Registry.LatestCompleteCorpusVersionAsync(cancellationToken).ConfigureAwait(false) is { } version
            ? await CorpusAsync(version, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>A corpus version, or null when the registry has no such version.</summary>
    public async Task<CorpusView?> CorpusAsync(string version, CancellationToken cancellationToken)
    {
        if (await pipeline.Registry.CorpusVersionAsync(version, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return null;
        }

        var shards = Shards(await pipeline.Registry.ShardsAsync(version, cancellationToken).ConfigureAwait(false));
        DateTimeOffset? created = null;
        if (record.Status == "complete" && await CorpusVersionDocument.ReadCompleteAsync(pipeline.Store, version, cancellationToken).ConfigureAwait(false) is { } document)
        {
            created = document.CreatedAt;
        }

        var clips = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["train"] = 0, ["val"] = 0, ["test"] = 0 };
        foreach (var shard in shards)
        {
            clips[shard.Split] = clips.GetValueOrDefault(shard.Split) + shard.Clips;
        }

        return new CorpusView(
            record.Version, record.ParentVersion, record.Status,
            [.. record.Datasets.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => new CorpusDatasetView(d.Key, d.Value))],
            record.Ms, record.Msp, clips, shards, created, record.ReusedVersion, record.MovedMm);
    }

    private Task<DatasetStatus> StatusAsync(string name, CancellationToken cancellationToken) =>
        datasets.ActorRef.Ask<DatasetStatus>(new GetDatasetStatus(name), settings.AskTimeout, cancellationToken);

    private static DatasetView View(DatasetStatus status) => new(
        status.Dataset, status.Kind, status.Directory, status.ContentHash, status.Status, Counts(status.Sequences),
        [.. status.Errors.Select(e => new SequenceErrorView(e.Sequence, e.Reason))], status.Job, status.Phase, new UnitCountsView(status.UnitsTotal, status.UnitsDone),
        status.Node, status.Error);

    private static SequenceCountsView Counts(SequenceCounts counts) => new(counts.Total, counts.Done, counts.Computed, counts.Cached, counts.Failed, counts.Rejected);

    private static IReadOnlyList<ShardView> Shards(IEnumerable<ShardRecord> shards) =>
        [.. shards.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new ShardView(s.Key, s.Split, s.Dataset, s.CorpusVersion, s.Clips, s.Bytes, s.Sha256))];
}
