namespace PoseCluster.Storage.Shards;

/// <summary>
/// Two sets of <see cref="ClipColumns"/> used in turn: one is filled while the other, already written,
/// is still being hashed where it lies (<see cref="Objects.StagedObject.Lend"/>). The second set is
/// made on the first swap.
/// </summary>
internal sealed class AlternatingColumns(ClipShardMetadata metadata, int capacity)
{
    private readonly ClipColumns?[] sets = [new ClipColumns(metadata, capacity), null];
    private readonly Task[] released = [Task.CompletedTask, Task.CompletedTask];
    private int current;

    /// <summary>The set being filled.</summary>
    public ClipColumns Filling => sets[current]!;

    /// <summary>
    /// Switches to the other set once it may change again, and empties it; the written set may change
    /// again once <paramref name="writtenReleased"/> has completed.
    /// </summary>
    public async ValueTask SwapAsync(Task writtenReleased, CancellationToken cancellationToken)
    {
        released[current] = writtenReleased;
        current ^= 1;
        await released[current].WaitAsync(cancellationToken).ConfigureAwait(false);
        (sets[current] ??= new ClipColumns(metadata, capacity)).Clear();
    }
}
