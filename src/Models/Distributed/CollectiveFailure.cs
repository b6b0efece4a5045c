namespace PoseCluster.Models.Distributed;

/// <summary>Why a rendezvous or a collective failed (pcg_status of the Gloo shim).</summary>
public enum CollectiveFailure
{
    /// <summary>A bad rank, size, count, root or a disposed group.</summary>
    InvalidArgument = 1,

    /// <summary>The rendezvous store failed (one of its callbacks threw).</summary>
    Store = 2,

    /// <summary>The rendezvous or the collective did not finish within the timeout (a rank never came, or hangs).</summary>
    Timeout = 3,

    /// <summary>A peer closed its connection (it died or left) or an I/O error ended the collective.</summary>
    PeerLost = 4,

    /// <summary>Any other failure inside Gloo.</summary>
    Internal = 5,
}
