namespace PoseCluster.Models.Distributed;

/// <summary>libposecluster_gloo.so (the Gloo shim, `make native`) or the libgloo0 it links against could not be loaded.</summary>
public sealed class GlooLibraryNotFoundException : DllNotFoundException
{
    /// <summary>Creates the exception with a message naming what was tried.</summary>
    public GlooLibraryNotFoundException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
