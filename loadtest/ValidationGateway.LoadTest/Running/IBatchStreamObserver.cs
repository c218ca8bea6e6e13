using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Running;

/// <summary>Receives a streaming call's answers and its end; must not block (it may run on a connection's reader).</summary>
internal interface IBatchStreamObserver
{
    /// <summary>One answer and the <see cref="TimeProvider"/> timestamp it arrived.</summary>
    void OnAnswer(ValidateResponse response, long receivedAt);

    /// <summary>The call ended: null for status OK.</summary>
    void OnEnded(Exception? error);
}
