using System.Collections.Concurrent;

namespace ValidationGateway.Core.Actors;

/// <summary>Owns the actors of one kind: activates each key exactly once on demand and deactivates idle ones.</summary>
/// <typeparam name="TKey">Actor identity, a value type or immutable record.</typeparam>
/// <typeparam name="TActor">Actor type.</typeparam>
/// <remarks>Thread-safe. See the folder README for the guarantees.</remarks>
public sealed class ActorRegistry<TKey, TActor> : IAsyncDisposable
    where TKey : notnull
    where TActor : Actor
{
    private readonly ConcurrentDictionary<TKey, Activation> _actors = new();
    private readonly Func<TKey, CancellationToken, Task<TActor>> _factory;
    private readonly ActorRegistryOptions _options;
    private readonly TimeProvider _time;
    private readonly ITimer? _timer;
    private readonly CancellationTokenSource _shutdown = new();
    private long _activations;
    private long _deactivations;
    private int _collecting;

    /// <summary>Creates a registry.</summary>
    /// <param name="factory">Creates the actor for a key (loading its state); <see cref="Actor.OnActivateAsync"/> runs after it.</param>
    /// <param name="options">Idle timeout and collection interval.</param>
    /// <param name="time">Clock for idleness and the collection timer.</param>
    public ActorRegistry(Func<TKey, CancellationToken, Task<TActor>> factory, ActorRegistryOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _factory = factory;
        _options = options;
        _time = time;
        if (options.CollectionInterval > TimeSpan.Zero)
        {
            _timer = time.CreateTimer(static s => _ = ((ActorRegistry<TKey, TActor>)s!).DeactivateIdleAsync(), this, options.CollectionInterval, options.CollectionInterval);
        }
    }

    /// <summary>Actors currently activated (including activations in progress).</summary>
    public int ActiveCount => _actors.Count;

    /// <summary>Activations completed since start.</summary>
    public long ActivationCount => Interlocked.Read(ref _activations);

    /// <summary>Deactivations since start.</summary>
    public long DeactivationCount => Interlocked.Read(ref _deactivations);

    /// <summary>Raised after an actor is activated (for metrics).</summary>
    public event Action<TKey>? Activated;

    /// <summary>The actor for <paramref name="key"/>, activating it if needed. Completes synchronously when the actor is active.</summary>
    public ValueTask<TActor> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        if (_actors.TryGetValue(key, out var existing) && existing.Task.IsCompletedSuccessfully)
        {
            var actor = existing.Task.Result;
            actor.Touch(_time.GetTimestamp());
            return new ValueTask<TActor>(actor);
        }

        return GetSlowAsync(key, cancellationToken);
    }

    /// <summary>The actor for <paramref name="key"/> when it is already active; never activates.</summary>
    public bool TryGetActive(TKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TActor actor)
    {
        if (_actors.TryGetValue(key, out var existing) && existing.Task.IsCompletedSuccessfully)
        {
            actor = existing.Task.Result;
            return true;
        }

        actor = null;
        return false;
    }

    /// <summary>Runs <paramref name="work"/> in the actor's mailbox, retrying once on a fresh activation if the actor was deactivated meanwhile.</summary>
    public async Task<TResult> InvokeAsync<TResult>(TKey key, Func<TActor, TResult> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 0; ; attempt++)
        {
            var actor = await GetAsync(key, cancellationToken).ConfigureAwait(false);
            try
            {
                return await actor.PostAsync(() => work(actor)).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ActorDeactivatedException) when (attempt < 3)
            {
                // Lost a race with idle collection: the next GetAsync activates afresh.
            }
        }
    }

    /// <summary>Deactivates every actor idle for at least the idle timeout. Returns how many were deactivated.</summary>
    public async Task<int> DeactivateIdleAsync()
    {
        if (Interlocked.Exchange(ref _collecting, 1) == 1)
        {
            return 0;
        }

        try
        {
            var now = _time.GetTimestamp();
            var deactivated = 0;
            foreach (var (key, activation) in _actors)
            {
                if (!activation.Task.IsCompletedSuccessfully)
                {
                    continue;
                }

                var actor = activation.Task.Result;
                if (actor.PendingWork == 0 && _time.GetElapsedTime(actor.LastUsedTimestamp, now) >= _options.IdleTimeout
                    && _actors.TryRemove(new KeyValuePair<TKey, Activation>(key, activation)))
                {
                    await DeactivateCoreAsync(actor).ConfigureAwait(false);
                    deactivated++;
                }
            }

            return deactivated;
        }
        finally
        {
            Volatile.Write(ref _collecting, 0);
        }
    }

    /// <summary>Deactivates the actor for <paramref name="key"/> if it is active (e.g. when its catalog version retires).</summary>
    public async Task<bool> DeactivateAsync(TKey key)
    {
        if (_actors.TryRemove(key, out var activation) && activation.Task.IsCompletedSuccessfully)
        {
            await DeactivateCoreAsync(activation.Task.Result).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    /// <summary>Keys of the active actors (a moment's view).</summary>
    public IReadOnlyList<TKey> ActiveKeys() => [.. _actors.Keys];

    /// <summary>Stops the timer and deactivates every actor.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        foreach (var key in _actors.Keys)
        {
            await DeactivateAsync(key).ConfigureAwait(false);
        }

        _shutdown.Dispose();
    }

    private async ValueTask<TActor> GetSlowAsync(TKey key, CancellationToken cancellationToken)
    {
        var activation = _actors.GetOrAdd(key, static (k, self) => new Activation(k, self), this);
        // The activation is shared by every caller that arrives meanwhile, so it runs under the registry's
        // lifetime, not under the first caller's token; each caller stops waiting on its own token.
        var actor = await activation.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        actor.Touch(_time.GetTimestamp());
        return actor;
    }

    private async Task DeactivateCoreAsync(TActor actor)
    {
        Interlocked.Increment(ref _deactivations);
        await actor.DeactivateAsync().ConfigureAwait(false);
    }

    private async Task<TActor> ActivateAsync(TKey key, Activation activation)
    {
        // Leave the caller's synchronous context first so the factory never runs inside GetOrAdd's caller frame.
        await Task.Yield();
        try
        {
            var actor = await _factory(key, _shutdown.Token).ConfigureAwait(false);
            await actor.OnActivateAsync(_shutdown.Token).ConfigureAwait(false);
            actor.Touch(_time.GetTimestamp());
            Interlocked.Increment(ref _activations);
            Activated?.Invoke(key);
            return actor;
        }
        catch
        {
            // Not cached: the next call for this key starts a new activation.
            _actors.TryRemove(new KeyValuePair<TKey, Activation>(key, activation));
            throw;
        }
    }

    private sealed class Activation
    {
        private readonly Lazy<Task<TActor>> _task;

        public Activation(TKey key, ActorRegistry<TKey, TActor> registry) =>
            _task = new Lazy<Task<TActor>>(() => Observed(registry.ActivateAsync(key, this)), LazyThreadSafetyMode.ExecutionAndPublication);

        public Task<TActor> Task => _task.Value;

        // Callers wait with their own tokens and may all have left (a deadline) before the activation fails. The callers
        // still waiting get the failure; nobody else needs it, so it must not surface later as an unobserved exception.
        private static Task<TActor> Observed(Task<TActor> activation)
        {
            _ = activation.ContinueWith(
                static t => _ = t.Exception,
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return activation;
        }
    }
}
