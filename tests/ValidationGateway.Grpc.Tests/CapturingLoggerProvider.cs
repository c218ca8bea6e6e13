using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ValidationGateway.Grpc.Tests;

/// <summary>Records every log entry so tests can fail on unexpected errors and assert on expected ones.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly ConcurrentDictionary<TaskCompletionSource<LogEntry>, int> _waiters = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Completes with the first entry of the given event id, logged before or after the call.</summary>
    public Task<LogEntry> WaitForEventAsync(int eventId)
    {
        var waiter = new TaskCompletionSource<LogEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[waiter] = eventId;
        if (_entries.FirstOrDefault(e => e.EventId.Id == eventId) is { } logged)
        {
            waiter.TrySetResult(logged);
        }

        return waiter.Task;
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

    private sealed class CapturingLogger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new LogEntry(category, logLevel, eventId, formatter(state, exception), exception);
            owner._entries.Enqueue(entry);
            foreach (var (waiter, id) in owner._waiters)
            {
                if (id == eventId.Id)
                {
                    waiter.TrySetResult(entry);
                }
            }
        }
    }
}
