namespace ValidationGateway.LoadTest.Http2;

/// <summary>A bidirectional streaming call: each response message goes to <see cref="IStreamObserver"/> as it arrives,
/// on the connection's reader thread, with the moment it arrived.</summary>
internal sealed class DuplexExchange(IStreamObserver observer, TimeProvider clock) : Http2Exchange
{
    /// <summary>One message at a time on the stream: a message whose DATA waits for window must not be overtaken.</summary>
    public SemaphoreSlim WriteLock { get; } = new(1, 1);

    protected override void OnMessage(ReadOnlySpan<byte> message) => observer.OnMessage(message, clock.GetTimestamp());

    protected override void OnFinished(Exception? error) => observer.OnEnded(error);
}
