using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Running;

/// <summary>How the tool's calls reach the target: its own HTTP/2 client (<c>--client h2</c>, the default) or
/// <see cref="HttpClient"/> through the gateway's .NET client (<c>--client httpclient</c>).</summary>
/// <remarks>Thread-safe. Calls carry <c>x-fixmedins-code</c> (the load balancer's key) and the run's headers.</remarks>
internal interface IGrpcTransport : IDisposable
{
    /// <summary>"h2" or "httpclient".</summary>
    string Name { get; }

    /// <summary>True when a call's synchronous part is only queueing its frames (<see cref="ICallTarget.StartsCheaply"/>).</summary>
    bool StartsCheaply { get; }

    /// <summary>TCP connections opened so far.</summary>
    int ConnectionsOpened { get; }

    /// <summary>One unary call with the run's deadline; a non-OK status is thrown as <c>GrpcStatusException</c>.</summary>
    Task<Answer> UnaryAsync(string path, ValidateRequest request, CancellationToken cancellationToken);

    /// <summary>Opens a streaming call of <paramref name="institution"/>; its answers and its end go to <paramref name="observer"/>.</summary>
    IBatchStream OpenStream(string path, string institution, IBatchStreamObserver observer);
}
