using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ValidationGateway.Server.Tests.Support;

/// <summary>Collects warnings and errors the server logs, so a test run fails on unexpected ones.</summary>
public sealed class CapturingLoggerProvider(LogLevel minimum = LogLevel.Warning) : ILoggerProvider
{
    public ConcurrentQueue<string> Entries { get; } = new();

    /// <summary>Lowest level captured.</summary>
    public LogLevel Minimum { get; } = minimum;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public IReadOnlyList<string> Errors() => Entries.Where(e => e.StartsWith("Error", StringComparison.Ordinal) || e.StartsWith("Critical", StringComparison.Ordinal)).ToList();

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.Minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Entries.Enqueue($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)} {exception}");
            }
        }
    }
}
