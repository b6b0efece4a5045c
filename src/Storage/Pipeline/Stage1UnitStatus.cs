namespace PoseCluster.Storage.Pipeline;

/// <summary>What stage 1 did with a unit.</summary>
public enum Stage1UnitStatus
{
    /// <summary>Its result was in the cache: nothing computed (and nothing read when its fingerprint was unchanged).</summary>
    Cached,

    /// <summary>Read once, computed and stored.</summary>
    Computed,

    /// <summary>The loader skips it without reading (ignore list, missing annotation).</summary>
    Skipped,

    /// <summary>Its files could not be read (not cached: the cause may be passing).</summary>
    Unreadable,
}
