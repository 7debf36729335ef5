namespace Crossbuild.Watch;

/// <summary>A batch of changes: when the first was seen, and which paths changed.</summary>
/// <param name="FirstSeen">When the first change of the batch was seen (UTC): where "from the save" starts.</param>
/// <param name="Paths">The changed paths, in the order first seen, without duplicates.</param>
public sealed record ChangeBatch(DateTime FirstSeen, IReadOnlyList<string> Paths);

/// <summary>
/// Changes collected while nobody waits for them, taken as one batch once they stop coming: a change during a build
/// makes exactly one more build, however many files it touched, and an editor's save (often a write, a rename and an
/// attribute change) counts once.
/// </summary>
public sealed class ChangeQueue
{
    private readonly object _gate = new();
    private readonly List<string> _paths = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private DateTime _first;
    private DateTime _last;

    /// <summary>How long the changes must have stopped before a batch is taken.</summary>
    public TimeSpan Quiet { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>The longest a batch waits for quiet after its first change, so a file written continuously still builds.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Records a change of <paramref name="path"/> (thread-safe; called from file-system events).</summary>
    public void Add(string path)
    {
        lock (_gate)
        {
            var now = DateTime.UtcNow;
            if (_paths.Count == 0) _first = now;
            _last = now;
            if (_seen.Add(path)) _paths.Add(path);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Whether a change is waiting.</summary>
    public bool Pending
    {
        get { lock (_gate) return _paths.Count > 0; }
    }

    /// <summary>
    /// Waits for a change, then for <see cref="Quiet"/> without one (at most <see cref="MaxDelay"/> after the
    /// first), and returns the batch; null when <paramref name="cancel"/> fires first.
    /// </summary>
    public ChangeBatch? Take(CancellationToken cancel)
    {
        using var wake = cancel.Register(() => { lock (_gate) Monitor.PulseAll(_gate); });
        lock (_gate)
        {
            while (true)
            {
                if (cancel.IsCancellationRequested) return null;
                if (_paths.Count == 0)
                {
                    Monitor.Wait(_gate);
                    continue;
                }
                var now = DateTime.UtcNow;
                var quietAt = _last + Quiet;
                var latest = _first + MaxDelay;
                var due = quietAt < latest ? quietAt : latest;
                if (now >= due)
                {
                    var batch = new ChangeBatch(_first, [.. _paths]);
                    _paths.Clear();
                    _seen.Clear();
                    return batch;
                }
                Monitor.Wait(_gate, due - now);
            }
        }
    }
}
