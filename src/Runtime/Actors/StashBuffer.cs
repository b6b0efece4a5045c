namespace PoseCluster.Runtime.Actors;

/// <summary>An actor's stash; used only on its run loop.</summary>
internal sealed class StashBuffer(ActorCell cell) : IStash
{
    // Run loop only: stashed envelopes, oldest first.
    private readonly List<Envelope> _stashed = [];

    public int Count => _stashed.Count;

    public void Stash() => _stashed.Add(cell.CurrentEnvelope);

    public void Unstash()
    {
        if (_stashed.Count == 0)
        {
            return;
        }

        var oldest = _stashed[0];
        _stashed.RemoveAt(0);
        cell.PrependToHeld([oldest]);
    }

    public void UnstashAll()
    {
        cell.PrependToHeld([.. _stashed]);
        _stashed.Clear();
    }

    /// <summary>At stop: what is still stashed will never be handled.</summary>
    public void DrainToDeadLetters()
    {
        foreach (var envelope in _stashed)
        {
            cell.System.PublishDeadLetter(new DeadLetter(envelope.Message, envelope.Sender, cell));
        }

        _stashed.Clear();
    }
}
