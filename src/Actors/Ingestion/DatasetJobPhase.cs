namespace PoseCluster.Actors.Ingestion;

/// <summary>Where a dataset's ingestion job is. Jobs of one dataset run one at a time, in the order they were accepted.</summary>
public enum DatasetJobPhase
{
    /// <summary>Accepted, waiting for the dataset's earlier jobs.</summary>
    Queued,

    /// <summary>The cheap scan: the loader's layout and every file's size, time and header hash.</summary>
    Scanning,

    /// <summary>Stage 1 of every unit, handed out to stage-1 unit workers.</summary>
    Stage1,

    /// <summary>Every accepted sequence is handed to its Sequence entity; the registry records the dataset.</summary>
    Recording,

    /// <summary>The ingestion is the dataset's current one; the corpus coordinator is told.</summary>
    Reporting,

    /// <summary>The coordinator has it: the job's corpus version is the coordinator's to build.</summary>
    Reported,

    /// <summary>The folder could not be scanned (the current ingestion, if any, stays).</summary>
    Failed,
}
