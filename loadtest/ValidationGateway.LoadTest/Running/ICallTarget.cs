using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Running;

/// <summary>Sends one charge batch and returns its answer, by unary call or on a stream.</summary>
/// <remarks>Thread-safe.</remarks>
internal interface ICallTarget : IAsyncDisposable
{
    /// <summary>"unary", "stream" or "empty".</summary>
    string Kind { get; }

    /// <summary>False for the empty baseline handler, whose answers carry no findings to check.</summary>
    bool JudgesAnswers => true;

    /// <summary>True when starting a call costs little before its first wait (the tool's own HTTP/2 client queues
    /// frames and writes them), so the open-loop dispatcher may start it on its own thread.</summary>
    bool StartsCheaply => false;

    /// <summary>Sends <paramref name="request"/>; a non-OK status is thrown as <c>GrpcStatusException</c>.</summary>
    Task<Answer> SendAsync(ValidateRequest request, CancellationToken cancellationToken);
}
