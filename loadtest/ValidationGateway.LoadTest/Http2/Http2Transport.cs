using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Authentication;
using Google.Protobuf;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.LoadTest.Running;

namespace ValidationGateway.LoadTest.Http2;

/// <summary><c>--client h2</c> (the default): the tool's own HTTP/2 client, exactly <c>--connections</c> connections,
/// calls spread round robin, a connection that failed or is going away replaced on its next turn.</summary>
/// <remarks>
/// <para>Thread-safe. A call costs its header block (encoded once per path and institution), one write of HEADERS and
/// DATA under the connection's lock, and a wake-up from the connection's reader when the answer has arrived; an
/// answer's time is taken by the reader as its last frame arrives, before the tool parses or judges it.</para>
/// <para>Deadlines: every call carries <c>grpc-timeout</c> and a timer resets the streams whose deadline passed
/// (DEADLINE_EXCEEDED) every 50 ms, so a call costs no timer of its own.</para>
/// </remarks>
internal sealed class Http2Transport : IGrpcTransport
{
    private static readonly TimeSpan DeadlineSweep = TimeSpan.FromMilliseconds(50);

    private readonly Uri _target;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _headers;
    private readonly TimeSpan _deadline;
    private readonly TimeProvider _clock;
    private readonly Slot[] _slots;
    private readonly ConcurrentBag<Http2Connection> _all = [];
    private readonly ConcurrentDictionary<(string Path, string Institution, bool Deadline), byte[]> _blocks = new();
    private readonly ITimer _sweep;
    private int _next;
    private int _opened;

    public Http2Transport(Uri target, int connections, IReadOnlyList<KeyValuePair<string, string>> headers, TimeSpan deadline, TimeProvider clock)
    {
        _target = target;
        _headers = headers;
        _deadline = deadline;
        _clock = clock;
        _slots = [.. Enumerable.Range(0, Math.Max(1, connections)).Select(_ => new Slot())];
        _sweep = clock.CreateTimer(_ => Sweep(), null, DeadlineSweep, DeadlineSweep);
    }

    public string Name => "h2";

    public bool StartsCheaply => true;

    public int ConnectionsOpened => Volatile.Read(ref _opened);

    public async Task<Answer> UnaryAsync(string path, ValidateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = GrpcMessageWriter.Frame(request, gzip: false);
        var connection = await NextConnectionAsync(cancellationToken).ConfigureAwait(false);
        var exchange = new UnaryExchange(_clock) { Deadline = _clock.GetTimestamp() + (long)(_deadline.TotalSeconds * _clock.TimestampFrequency) };
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(() => connection.Reset(exchange, new OperationCanceledException(cancellationToken)))
            : default;
        await connection.StartAsync(exchange, Block(path, request.FixmedinsCode, withDeadline: true), body, endStream: true, cancellationToken).ConfigureAwait(false);
        var (message, receivedAt) = await exchange.Result.ConfigureAwait(false);
        return new Answer(ValidateResponse.Parser.ParseFrom(message), receivedAt);
    }

    public IBatchStream OpenStream(string path, string institution, IBatchStreamObserver observer) => new Stream(this, path, institution, observer);

    public void Dispose()
    {
        _sweep.Dispose();
        foreach (var connection in _all)
        {
            connection.Dispose();
        }

        foreach (var slot in _slots)
        {
            slot.Dispose();
        }
    }

    private byte[] Block(string path, string institution, bool withDeadline) =>
        _blocks.GetOrAdd((path, institution, withDeadline), key =>
        {
            var metadata = new List<KeyValuePair<string, string>>();
            if (key.Deadline)
            {
                metadata.Add(new("grpc-timeout", GrpcTimeout.Format(_deadline)));
            }

            metadata.Add(new("x-fixmedins-code", key.Institution));
            metadata.AddRange(_headers);
            return RequestHeaders.Encode(_target.Scheme == Uri.UriSchemeHttps, _target.Authority, key.Path, metadata);
        });

    private async ValueTask<Http2Connection> NextConnectionAsync(CancellationToken cancellationToken)
    {
        var slot = _slots[(int)((uint)Interlocked.Increment(ref _next) % (uint)_slots.Length)];
        if (Volatile.Read(ref slot.Connection) is { IsUsable: true } ready)
        {
            return ready;
        }

        await slot.Connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (slot.Connection is { IsUsable: true } current)
            {
                return current;
            }

            // A connection going away keeps its streams until they end; it is only no longer chosen.
            Http2Connection connection;
            try
            {
                connection = await Http2Connection.ConnectAsync(_target, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or AuthenticationException)
            {
                throw new IOException($"cannot connect to {_target.Authority}: {ex.Message}", ex);
            }

            Interlocked.Increment(ref _opened);
            _all.Add(connection);
            Volatile.Write(ref slot.Connection, connection);
            return connection;
        }
        finally
        {
            slot.Connecting.Release();
        }
    }

    private void Sweep()
    {
        var now = _clock.GetTimestamp();
        foreach (var connection in _all)
        {
            connection.ExpireDeadlines(now);
        }
    }

    private sealed class Slot : IDisposable
    {
        public readonly SemaphoreSlim Connecting = new(1, 1);
        public Http2Connection? Connection;

        public void Dispose() => Connecting.Dispose();
    }

    /// <summary>One streaming call: opened by its first message, on the connection whose turn it is then.</summary>
    private sealed class Stream : IBatchStream, IStreamObserver
    {
        private readonly Http2Transport _owner;
        private readonly string _path;
        private readonly string _institution;
        private readonly IBatchStreamObserver _observer;
        private readonly DuplexExchange _exchange;
        private Http2Connection? _connection;

        public Stream(Http2Transport owner, string path, string institution, IBatchStreamObserver observer)
        {
            _owner = owner;
            _path = path;
            _institution = institution;
            _observer = observer;
            _exchange = new DuplexExchange(this, owner._clock);
        }

        public async ValueTask WriteAsync(ValidateRequest request, CancellationToken cancellationToken)
        {
            var body = GrpcMessageWriter.Frame(request, gzip: false);
            await _exchange.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_connection is null)
                {
                    var connection = await _owner.NextConnectionAsync(cancellationToken).ConfigureAwait(false);
                    await connection.StartAsync(_exchange, _owner.Block(_path, _institution, withDeadline: false), body, endStream: false, cancellationToken).ConfigureAwait(false);
                    _connection = connection;
                }
                else
                {
                    await _connection.SendAsync(_exchange, body, endStream: false, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _exchange.WriteLock.Release();
            }
        }

        public async ValueTask CompleteAsync()
        {
            await _exchange.WriteLock.WaitAsync().ConfigureAwait(false);
            try
            {
                if (_connection is { } connection && !_exchange.Finished)
                {
                    await connection.SendAsync(_exchange, ReadOnlyMemory<byte>.Empty, endStream: true, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or GrpcStatusException)
            {
                // Ending a stream that failed meanwhile: its observer has the failure already.
            }
            finally
            {
                _exchange.WriteLock.Release();
            }
        }

        public void Dispose()
        {
            if (_connection is { } connection && !_exchange.Finished)
            {
                connection.Reset(_exchange, new GrpcStatusException(GrpcStatusCode.Cancelled, "The stream was closed by the client."));
            }
        }

        public void OnMessage(ReadOnlySpan<byte> message, long receivedAt)
        {
            ValidateResponse response;
            try
            {
                response = ValidateResponse.Parser.ParseFrom(message);
            }
            catch (InvalidProtocolBufferException ex)
            {
                _exchange.Fail(new GrpcStatusException(GrpcStatusCode.Internal, "An answer on the stream is not a ValidateResponse: " + ex.Message));
                return;
            }

            _observer.OnAnswer(response, receivedAt);
        }

        public void OnEnded(Exception? error) => _observer.OnEnded(error);
    }
}
