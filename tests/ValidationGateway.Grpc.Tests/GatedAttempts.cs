namespace ValidationGateway.Grpc.Tests;

/// <summary>Numbered attempts of a fake transport (writes, flushes): the first waits until released, number
/// <see cref="Fail"/> throws, and a test can wait for any attempt to start.</summary>
internal sealed class GatedAttempts(string verb)
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<TaskCompletionSource> _started = [];
    private readonly Lock _gate = new();
    private int _attempts;

    /// <summary>The attempt that throws an <see cref="IOException"/> ("verb N failed"); 0 for none.</summary>
    public int Fail { get; init; }

    /// <summary>Held while the fake records what an attempt carried.</summary>
    public Lock Gate => _gate;

    public Task Started(int number) => Signal(number).Task;

    public void Release() => _release.TrySetResult();

    /// <summary>Runs the next attempt's gate: signals that it started, waits for the release if it is the first, throws if it is the failing one.</summary>
    public async Task BeginAsync()
    {
        int attempt;
        lock (_gate)
        {
            attempt = ++_attempts;
        }

        Signal(attempt).TrySetResult();
        if (attempt == 1)
        {
            await _release.Task.ConfigureAwait(false);
        }

        if (attempt == Fail)
        {
            throw new IOException($"{verb} {attempt} failed");
        }
    }

    private TaskCompletionSource Signal(int number)
    {
        lock (_gate)
        {
            while (_started.Count < number)
            {
                _started.Add(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            return _started[number - 1];
        }
    }
}
