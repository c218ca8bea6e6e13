using System.Collections.Concurrent;

namespace ValidationGateway.Core.Actors;

/// <summary>Base of every actor: a mailbox that runs posted work one item at a time, and activation hooks.</summary>
/// <remarks>
/// Mutable state of a derived actor may only be touched inside work passed to <see cref="PostAsync{TResult}(Func{TResult})"/>
/// (or the activation/deactivation hooks, which run before any and after all posted work). Immutable state may be
/// read from any thread.
/// </remarks>
public abstract class Actor
{
    private readonly ConcurrentQueue<WorkItem> _queue = new();
    private int _queued;
    private bool _deactivated;
    private long _lastUsedTimestamp;

    /// <summary>Number of work items queued or running.</summary>
    public int PendingWork => Volatile.Read(ref _queued);

    /// <summary>True once the actor has been deactivated.</summary>
    public bool IsDeactivated => Volatile.Read(ref _deactivated);

    internal long LastUsedTimestamp => Volatile.Read(ref _lastUsedTimestamp);

    /// <summary>Runs <paramref name="work"/> in the mailbox, after all work posted before it.</summary>
    /// <exception cref="ActorDeactivatedException">The actor was deactivated before the work ran.</exception>
    public Task<TResult> PostAsync<TResult>(Func<TResult> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var item = new FuncItem<TResult>(work);
        Enqueue(item);
        return item.Task;
    }

    /// <summary>
    /// Runs <paramref name="work"/> with exclusive access to the actor's state: inline on the caller's thread when the
    /// mailbox is idle (no allocation, no thread hop), otherwise queued behind the work already posted.
    /// </summary>
    /// <exception cref="ActorDeactivatedException">The actor was deactivated.</exception>
    public ValueTask<TResult> RunExclusiveAsync<TState, TResult>(Func<TState, TResult> work, TState state)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Interlocked.CompareExchange(ref _queued, 1, 0) == 0)
        {
            // We own the mailbox until the count drops back; anything posted meanwhile waits for the pump started below.
            try
            {
                if (_deactivated)
                {
                    return ValueTask.FromException<TResult>(new ActorDeactivatedException());
                }

                return new ValueTask<TResult>(work(state));
            }
            finally
            {
                if (Interlocked.Decrement(ref _queued) != 0)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(static self => self.Pump(), this, preferLocal: false);
                }
            }
        }

        var item = new FuncItem<TResult>(() => work(state));
        Enqueue(item);
        return new ValueTask<TResult>(item.Task);
    }

    /// <summary>Called once, before the actor is handed to any caller. Throwing fails the activation.</summary>
    protected internal virtual ValueTask OnActivateAsync(CancellationToken cancellationToken) => default;

    /// <summary>Called once, in the mailbox after all earlier work, when the actor is deactivated. Keep it short: the mailbox is held.</summary>
    protected internal virtual void OnDeactivate()
    {
    }

    internal void Touch(long timestamp) => Volatile.Write(ref _lastUsedTimestamp, timestamp);

    internal Task DeactivateAsync()
    {
        var item = new DeactivateItem(this);
        Enqueue(item);
        return item.Task;
    }

    private void Enqueue(WorkItem item)
    {
        _queue.Enqueue(item);
        if (Interlocked.Increment(ref _queued) == 1)
        {
            // Nobody is draining: start a pump. It runs until the count drops to zero, so at most one runs at a time.
            ThreadPool.UnsafeQueueUserWorkItem(static self => self.Pump(), this, preferLocal: false);
        }
    }

    private void Pump()
    {
        do
        {
            // The count was incremented after the enqueue, so an item is always there to dequeue.
            _queue.TryDequeue(out var item);
            if (_deactivated)
            {
                item!.Fail(new ActorDeactivatedException());
            }
            else
            {
                item!.Run();
            }
        }
        while (Interlocked.Decrement(ref _queued) != 0);
    }

    private abstract class WorkItem
    {
        public abstract void Run();

        public abstract void Fail(Exception exception);
    }

    private sealed class FuncItem<TResult>(Func<TResult> work) : WorkItem
    {
        private readonly TaskCompletionSource<TResult> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<TResult> Task => _tcs.Task;

        public override void Run()
        {
            try
            {
                _tcs.TrySetResult(work());
            }
#pragma warning disable CA1031 // The work's exception belongs to its caller, not to the mailbox pump.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _tcs.TrySetException(ex);
            }
        }

        public override void Fail(Exception exception) => _tcs.TrySetException(exception);
    }

    private sealed class DeactivateItem(Actor actor) : WorkItem
    {
        private readonly TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _tcs.Task;

        public override void Run()
        {
            actor._deactivated = true;
            try
            {
                actor.OnDeactivate();
                _tcs.TrySetResult();
            }
#pragma warning disable CA1031 // A failing hook must not kill the pump; the registry observes it through the task.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _tcs.TrySetException(ex);
            }
        }

        public override void Fail(Exception exception) => _tcs.TrySetResult();
    }
}
