using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;

namespace ValidationGateway.LoadTest.Running;

/// <summary><c>--client httpclient</c>: the calls go through the gateway's .NET client on <see cref="HttpClient"/>
/// (<see cref="GrpcChannel"/>'s connections), as a .NET HIS adapter would send them.</summary>
/// <remarks>Thread-safe. An answer's time is taken when the awaited call returns to the tool, after HttpClient's own
/// hand-offs between its connection loops and the caller.</remarks>
internal sealed class HttpClientTransport(GrpcChannel channel, TimeProvider clock) : IGrpcTransport
{
    public string Name => "httpclient";

    public bool StartsCheaply => false;

    public int ConnectionsOpened => channel.ConnectionsOpened;

    public async Task<Answer> UnaryAsync(string path, ValidateRequest request, CancellationToken cancellationToken)
    {
        var response = await channel.Client.UnaryAsync(path, request, ValidateResponse.Parser, channel.OptionsFor(request.FixmedinsCode, withDeadline: true), cancellationToken).ConfigureAwait(false);
        return new Answer(response, clock.GetTimestamp());
    }

    public IBatchStream OpenStream(string path, string institution, IBatchStreamObserver observer)
    {
        var call = channel.Client.DuplexStreaming<ValidateRequest, ValidateResponse>(path, ValidateResponse.Parser, channel.OptionsFor(institution, withDeadline: false), CancellationToken.None);
        return new Stream(call, observer, clock);
    }

    /// <summary>Channel and connections belong to the run (they also read the audit trail).</summary>
    public void Dispose()
    {
    }

    private sealed class Stream : IBatchStream
    {
        private readonly GrpcDuplexCall<ValidateRequest, ValidateResponse> _call;

        public Stream(GrpcDuplexCall<ValidateRequest, ValidateResponse> call, IBatchStreamObserver observer, TimeProvider clock)
        {
            _call = call;
            _ = ReadAsync(observer, clock);
        }

        public ValueTask WriteAsync(ValidateRequest request, CancellationToken cancellationToken) => new(_call.WriteAsync(request, cancellationToken));

        public ValueTask CompleteAsync() => new(_call.CompleteAsync());

        public void Dispose() => _call.Dispose();

        private async Task ReadAsync(IBatchStreamObserver observer, TimeProvider clock)
        {
            // Off the caller's stack: the first read waits for the response headers.
            await Task.Yield();
            try
            {
                await foreach (var response in _call.ReadAllAsync().ConfigureAwait(false))
                {
                    observer.OnAnswer(response, clock.GetTimestamp());
                }

                observer.OnEnded(null);
            }
#pragma warning disable CA1031 // Whatever ends the read ends the stream: the observer fails its pending batches with it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                observer.OnEnded(ex);
            }
        }
    }
}
