using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Running;

/// <summary>The sending side of one streaming call.</summary>
/// <remarks>Writes may come from several threads; each message goes out whole.</remarks>
internal interface IBatchStream : IDisposable
{
    /// <summary>Sends one batch on the stream.</summary>
    ValueTask WriteAsync(ValidateRequest request, CancellationToken cancellationToken);

    /// <summary>Ends this side of the stream; answers still arrive.</summary>
    ValueTask CompleteAsync();
}
