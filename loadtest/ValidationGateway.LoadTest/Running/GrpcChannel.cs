using System.Net.Sockets;
using ValidationGateway.Grpc;

namespace ValidationGateway.LoadTest.Running;

/// <summary>
/// Exactly <c>--connections</c> HTTP/2 connections: one <see cref="SocketsHttpHandler"/> per connection, each with a
/// single connection, calls spread round robin; counts the TCP connections actually opened.
/// </summary>
/// <remarks>
/// One shared handler with <c>EnableMultipleHttp2Connections</c> does not keep to <c>MaxConnectionsPerServer</c>:
/// when calls queue beyond the server's SETTINGS_MAX_CONCURRENT_STREAMS (100 on Kestrel) it opens more connections,
/// 51 instead of 4 in an open loop at 4,800/s whose first calls went out in a burst. Each new connection made the
/// gateway allocate and keep its own streams (2,300–2,700 `Http2Stream` objects, with their pipes and headers, found on
/// its heap), which its collector promoted in the first seconds of every run. With one connection per handler, calls
/// beyond a connection's streams wait on the client, counted from their intended start, as an HIS's fixed pool would.
/// </remarks>
internal sealed class GrpcChannel : IDisposable
{
    private readonly SocketsHttpHandler[] _handlers;
    private readonly GrpcClient[] _clients;
    private int _opened;
    private int _next;

    public GrpcChannel(Uri target, int connections, IReadOnlyList<KeyValuePair<string, string>> headers, TimeSpan deadline)
    {
        Headers = headers;
        Deadline = deadline;
        _handlers = [.. Enumerable.Range(0, Math.Max(1, connections)).Select(_ => new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = false,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectCallback = ConnectAsync,
        })];
        _clients = [.. _handlers.Select(handler => new GrpcClient(target, handler))];
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

        foreach (var handler in _handlers)
        {
            handler.Dispose();
        }
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
