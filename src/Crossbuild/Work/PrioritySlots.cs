namespace Crossbuild.Work;

/// <summary>
/// The executor's worker slots: at most <c>count</c> actions run at once, and a freed slot goes to the waiting action
/// of the highest priority (lowest number), first come first served within one. Compiles go first: every later step
/// waits for them, while a native step (crossgen2 for one more runtime) only holds up its own app.
/// </summary>
internal sealed class PrioritySlots(int count)
{
    private int _free = Math.Max(1, count);
    private long _order;
    private readonly PriorityQueue<TaskCompletionSource, (int Priority, long Order)> _waiting = new();

    /// <summary>Waits for a slot; a cancelled wait throws <see cref="OperationCanceledException"/> and holds none.</summary>
    public Task WaitAsync(int priority, CancellationToken cancel)
    {
        lock (_waiting)
        {
            if (_free > 0)
            {
                _free--;
                return Task.CompletedTask;
            }
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter, (priority, _order++));
            // A cancelled waiter stays queued; Release skips it, since it can no longer take the slot.
            if (cancel.CanBeCanceled) cancel.Register(() => waiter.TrySetCanceled(cancel));
            return waiter.Task;
        }
    }

    /// <summary>Frees a slot: hands it to the next waiter, or keeps it free.</summary>
    public void Release()
    {
        lock (_waiting)
        {
            while (_waiting.TryDequeue(out var next, out _))
                if (next.TrySetResult()) return;
            _free++;
        }
    }
}
