namespace PoseCluster.Storage.Objects;

/// <summary>
/// A stored object whose bytes do not hash to the SHA-256 recorded when it was written (corrupted,
/// truncated or replaced): it is never handed out. Names the key and where it is stored.
/// </summary>
public sealed class ChecksumMismatchException(string location, string key, string expectedSha256, string actualSha256, long bytes)
    : ObjectStoreException($"'{key}' in {location} is corrupted or was replaced: its {bytes} bytes have sha256 {actualSha256}, {expectedSha256} was recorded when it was written", key)
{
    /// <summary>The SHA-256 recorded on write, lower-case hex.</summary>
    public string ExpectedSha256 { get; } = expectedSha256;

    /// <summary>The SHA-256 of what is stored now, lower-case hex.</summary>
    public string ActualSha256 { get; } = actualSha256;
}
