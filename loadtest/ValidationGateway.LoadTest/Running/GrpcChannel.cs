using System.Net.Sockets;
using ValidationGateway.Grpc;

namespace ValidationGateway.LoadTest.Running;

/// <summary>
/// One <see cref="SocketsHttpHandler"/> with multiple HTTP/2 connections enabled and at most <c>--connections</c> of
/// them, shared by a few <see cref="GrpcClient"/> instances; counts the TCP connections it actually opens.
/// </summary>
/// <remarks>
/// HttpClient opens another HTTP/2 connection only when the open ones are full (the server's
/// SETTINGS_MAX_CONCURRENT_STREAMS, 100 on Kestrel), so fewer connections than the limit is normal at low concurrency;
/// the report shows how many were opened.
/// </remarks>
internal sealed class GrpcChannel : IDisposable
{
    private readonly SocketsHttpHandler _handler;
    private readonly GrpcClient[] _clients;
    private int _opened;
    private int _next;

    public GrpcChannel(Uri target, int connections, IReadOnlyList<KeyValuePair<string, string>> headers, TimeSpan deadline)
    {
        Headers = headers;
        Deadline = deadline;
        _handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectCallback = ConnectAsync,
        };
        _clients = [.. Enumerable.Range(0, Math.Max(1, connections)).Select(_ => new GrpcClient(target, _handler))];
    }

    /// <summary>Extra metadata sent with every call (<c>--header</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>Deadline of each unary call.</summary>
    public TimeSpan Deadline { get; }

    /// <summary>TCP connections opened so far.</summary>
    public int ConnectionsOpened => Volatile.Read(ref _opened);

    /// <summary>A client, round robin.</summary>
    public GrpcClient Client => _clients[(int)((uint)Interlocked.Increment(ref _next) % (uint)_clients.Length)];

    /// <summary>Call options for a batch of <paramref name="institution"/>: its code as <c>x-fixmedins-code</c> plus the extra headers.</summary>
    public GrpcCallOptions OptionsFor(string institution, bool withDeadline)
    {
        var options = new GrpcCallOptions { Deadline = withDeadline ? Deadline : null }.WithMetadata("x-fixmedins-code", institution);
        foreach (var (key, value) in Headers)
        {
            options.WithMetadata(key, value);
        }

        return options;
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _handler.Dispose();
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _opened);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
