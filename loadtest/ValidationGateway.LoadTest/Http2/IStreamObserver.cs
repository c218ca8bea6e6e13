namespace ValidationGateway.LoadTest.Http2;

/// <summary>Receives a streaming call's messages and its end, on the connection's reader thread: must not block.</summary>
internal interface IStreamObserver
{
    /// <summary>One response message (valid only during the call) and the <see cref="TimeProvider"/> timestamp it arrived.</summary>
    void OnMessage(ReadOnlySpan<byte> message, long receivedAt);

    /// <summary>The call ended: null for status OK.</summary>
    void OnEnded(Exception? error);
}
