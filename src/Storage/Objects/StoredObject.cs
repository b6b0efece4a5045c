namespace PoseCluster.Storage.Objects;

/// <summary>An object as written through <see cref="VerifiedObjects"/>: what to record so a reader can check it.</summary>
/// <param name="Key">The object's key.</param>
/// <param name="Sha256">SHA-256 of its bytes, lower-case hex.</param>
/// <param name="Bytes">Its size.</param>
public sealed record StoredObject(string Key, string Sha256, long Bytes);
