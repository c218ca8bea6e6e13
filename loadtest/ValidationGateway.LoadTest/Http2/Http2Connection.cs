using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using ValidationGateway.Grpc;

namespace ValidationGateway.LoadTest.Http2;

/// <summary>
/// One HTTP/2 connection of the load tool's own client (RFC 9113): cleartext with prior knowledge, or TLS with ALPN
/// <c>h2</c> (the server's certificate checked against the system's trust, as HttpClient does). Callers queue their
/// frames, and whoever finds no write in progress writes everything queued in one asynchronous write; one reader
/// thread per connection reads every frame and hands each stream's headers and data to its <see cref="Http2Exchange"/>.
/// </summary>
/// <remarks>
/// <para>Why not <see cref="HttpClient"/>: it hands every request to its connection's write loop and every response
/// through several tasks, and measured at 3–5 times h2load's CPU per call (FIELD-NOTES.md); against the empty handler
/// from one core this client makes 46,000–51,000 calls/s where HttpClient made 28,000–29,000 (docs/performance.md,
/// item 43).</para>
/// <para>Thread-safe. Two locks, always taken in this order: <c>_writeGate</c> guards the queue of outgoing frames (a
/// frame sequence such as HEADERS and its CONTINUATIONs is queued whole, and stream ids are queued in increasing
/// order); <c>_gate</c> guards the streams, the windows and the limits. Neither is held during a system call, nor
/// while a call's outcome is handed to its caller.</para>
/// <para>Flow control: this side opens a 16-MB window for the connection and each stream, and replenishes one once
/// half of it is used; DATA it sends waits while the server's window is closed. Streams beyond the server's
/// SETTINGS_MAX_CONCURRENT_STREAMS wait for a free one. A GOAWAY fails the streams the server will not process with
/// UNAVAILABLE and lets the others finish; a lost connection fails every stream with an <see cref="IOException"/>.</para>
/// </remarks>
internal sealed class Http2Connection : IDisposable
{
    private const int ReceiveWindow = 16 * 1024 * 1024;
    private const int ReplenishAt = ReceiveWindow / 2;
    private const int DefaultWindow = 65_535;

    // Set on a reader thread while it hands out the frames it has read: writes queued meanwhile (callers continue on
    // it, and a closed loop's next call starts there) wait until it has no complete frame left, then go out together.
    [ThreadStatic]
    private static List<Http2Connection>? t_deferred;

    private readonly Stream _transport;
    private readonly Lock _writeGate = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Http2Exchange> _streams = [];
    private readonly Queue<TaskCompletionSource> _slotWaiters = new();
    private readonly HpackDecoder _decoder = new();
    private readonly List<KeyValuePair<string, string>> _fields = new(16);
    private readonly Action<string, string> _addField;
    private readonly Thread _reader;
    private byte[] _out = new byte[32 * 1024];
    private byte[] _spare = new byte[32 * 1024];
    private int _outLength;
    private bool _flushing;
    private byte[] _in = new byte[64 * 1024];
    private int _inStart;
    private int _inEnd;
    private byte[] _block = new byte[4096];
    private int _nextStreamId = 1;
    private int _open;
    private int _maxConcurrent = 100;
    private int _initialSendWindow = DefaultWindow;
    private long _connectionSendWindow = DefaultWindow;
    private int _maxFrame = Http2Frame.MaxPayload;
    private int _connectionUnacknowledged;
    private int _lastProcessable = int.MaxValue;
    private bool _goingAway;
    private Exception? _failure;
    private TaskCompletionSource _windowOpened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Http2Connection(Stream transport, string name)
    {
        _transport = transport;
        _addField = (field, value) => _fields.Add(new(field, value));
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = name };
    }

    /// <summary>False once the connection failed or the server is closing it: new calls go to another connection.</summary>
    public bool IsUsable
    {
        get
        {
            lock (_gate)
            {
                return _failure is null && !_goingAway;
            }
        }
    }

    /// <summary>Connects to <paramref name="target"/> (http: prior knowledge; https: TLS with ALPN h2), sends the
    /// preface and this side's settings, and starts the reader.</summary>
    public static async Task<Http2Connection> ConnectAsync(Uri target, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream transport;
        try
        {
            await socket.ConnectAsync(target.Host, target.Port, cancellationToken).ConfigureAwait(false);
            transport = new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        if (target.Scheme == Uri.UriSchemeHttps)
        {
            var tls = new SslStream(transport, leaveInnerStreamOpen: false);
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = target.IdnHost,
                    ApplicationProtocols = [SslApplicationProtocol.Http2],
                }, cancellationToken).ConfigureAwait(false);
                if (tls.NegotiatedApplicationProtocol != SslApplicationProtocol.Http2)
                {
                    throw new IOException($"{target.Authority} did not agree to HTTP/2 over TLS (ALPN h2)");
                }
            }
            catch
            {
                await tls.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            transport = tls;
        }

        var connection = new Http2Connection(transport, "vgw-load h2 " + target.Authority);
        connection.SendPreface();
        connection._reader.Start();
        return connection;
    }

    /// <summary>Opens a stream for <paramref name="exchange"/>: its header block, then <paramref name="body"/> (may be
    /// empty), ending the stream after it when <paramref name="endStream"/>.</summary>
    /// <exception cref="IOException">The connection is lost.</exception>
    /// <exception cref="GrpcStatusException">The server is closing the connection (UNAVAILABLE).</exception>
    public async ValueTask StartAsync(Http2Exchange exchange, byte[] headerBlock, ReadOnlyMemory<byte> body, bool endStream, CancellationToken cancellationToken)
    {
        await AcquireStreamAsync(cancellationToken).ConfigureAwait(false);
        int sent;
        lock (_writeGate)
        {
            lock (_gate)
            {
                if (_failure is not null || _goingAway)
                {
                    ReleaseSlotLocked();
                    ThrowIfClosed();
                }

                exchange.Id = _nextStreamId;
                _nextStreamId += 2;
                exchange.SendWindow = _initialSendWindow;
                exchange.LocalClosed = endStream && body.IsEmpty;
                _streams.Add(exchange.Id, exchange);
            }

            WriteHeaders(exchange.Id, headerBlock, endStream: endStream && body.IsEmpty);
            sent = body.IsEmpty ? 0 : AppendData(exchange, body.Span, endStream);
        }

        await FlushQueuedAsync().ConfigureAwait(false);
        if (sent < body.Length)
        {
            await SendRestAsync(exchange, body[sent..], endStream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends <paramref name="data"/> on an open stream, waiting while the server's windows are closed.</summary>
    public async ValueTask SendAsync(Http2Exchange exchange, ReadOnlyMemory<byte> data, bool endStream, CancellationToken cancellationToken)
    {
        if (exchange.Finished)
        {
            throw new GrpcStatusException(GrpcStatusCode.Cancelled, "The call has already ended.");
        }

        int sent;
        lock (_writeGate)
        {
            sent = AppendData(exchange, data.Span, endStream);
        }

        await FlushQueuedAsync().ConfigureAwait(false);
        if (sent < data.Length)
        {
            await SendRestAsync(exchange, data[sent..], endStream, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Resets a stream this side gives up on (deadline, cancellation) and fails its exchange with <paramref name="error"/>.</summary>
    public void Reset(Http2Exchange exchange, Exception error)
    {
        bool open;
        lock (_gate)
        {
            open = exchange.Id != 0 && _streams.ContainsKey(exchange.Id) && _failure is null;
        }

        if (open)
        {
            QueueReset(exchange.Id, Http2Frame.Cancel);
        }

        CloseStream(exchange, error);
    }

    /// <summary>Fails the streams whose <see cref="Http2Exchange.Deadline"/> is before <paramref name="now"/>.</summary>
    public void ExpireDeadlines(long now)
    {
        List<Http2Exchange>? expired = null;
        lock (_gate)
        {
            foreach (var exchange in _streams.Values)
            {
                if (exchange.Deadline != 0 && exchange.Deadline <= now)
                {
                    (expired ??= []).Add(exchange);
                }
            }
        }

        foreach (var exchange in expired ?? [])
        {
            Reset(exchange, new GrpcStatusException(GrpcStatusCode.DeadlineExceeded, "The call's deadline passed before its answer arrived."));
        }
    }

    public void Dispose() => Fail(new IOException("the connection was closed by the client"));

    private void SendPreface()
    {
        lock (_writeGate)
        {
            var frame = Reserve(Http2Frame.Preface.Length + Http2Frame.HeaderLength + 12);
            Http2Frame.Preface.CopyTo(frame);
            frame = frame[Http2Frame.Preface.Length..];

            // No server push; a 16-MB window for every stream.
            Http2Frame.WriteHeader(frame, 12, Http2Frame.Settings, 0, 0);
            WriteSetting(frame[Http2Frame.HeaderLength..], Http2Frame.SettingsEnablePush, 0);
            WriteSetting(frame[(Http2Frame.HeaderLength + 6)..], Http2Frame.SettingsInitialWindowSize, ReceiveWindow);

            // And for the connection (its initial window is not a setting).
            AppendUInt32Frame(Http2Frame.WindowUpdate, 0, ReceiveWindow - DefaultWindow);
        }

        FlushInBackground();
    }

    private static void WriteSetting(Span<byte> destination, ushort id, int value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteInt32BigEndian(destination[2..], value);
    }

    /// <summary>Takes one of the server's concurrent streams, waiting for a free one.</summary>
    private async ValueTask AcquireStreamAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            ThrowIfClosed();
            if (_open < _maxConcurrent && _slotWaiters.Count == 0)
            {
                _open++;
                return;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _slotWaiters.Enqueue(waiter);
        }

        // A waiter given up on is cancelled itself, so a stream handed to it later is not lost (HandOffLocked).
        using var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
        await waiter.Task.ConfigureAwait(false);
    }

    /// <summary>Gives back a stream taken by <see cref="AcquireStreamAsync"/> (the connection's lock held).</summary>
    private void ReleaseSlotLocked()
    {
        _open--;
        HandOffLocked();
    }

    /// <summary>Hands free streams to waiting callers, counting each for its new owner (the connection's lock held).</summary>
    private void HandOffLocked()
    {
        while (_open < _maxConcurrent && _slotWaiters.TryDequeue(out var waiter))
        {
            _open++;
            if (!waiter.TrySetResult())
            {
                _open--;
            }
        }
    }

    /// <summary>Queues HEADERS, and CONTINUATION frames if the block exceeds the server's frame size (the write lock held).</summary>
    private void WriteHeaders(int streamId, byte[] block, bool endStream)
    {
        var offset = 0;
        var first = true;
        do
        {
            var chunk = Math.Min(block.Length - offset, _maxFrame);
            var last = offset + chunk == block.Length;
            var flags = (byte)((last ? Http2Frame.EndHeaders : 0) | (first && endStream ? Http2Frame.EndStream : 0));
            var frame = Reserve(Http2Frame.HeaderLength + chunk);
            Http2Frame.WriteHeader(frame, chunk, first ? Http2Frame.Headers : Http2Frame.Continuation, flags, streamId);
            block.AsSpan(offset, chunk).CopyTo(frame[Http2Frame.HeaderLength..]);
            offset += chunk;
            first = false;
        }
        while (offset < block.Length);
    }

    /// <summary>Queues as much of <paramref name="data"/> as the windows allow as DATA frames (the write lock held);
    /// returns the bytes of data taken. END_STREAM goes on the last frame once all is taken.</summary>
    private int AppendData(Http2Exchange exchange, ReadOnlySpan<byte> data, bool endStream)
    {
        int allowed;
        lock (_gate)
        {
            ThrowIfClosed();
            allowed = (int)Math.Max(0, Math.Min(data.Length, Math.Min(_connectionSendWindow, exchange.SendWindow)));
            _connectionSendWindow -= allowed;
            exchange.SendWindow -= allowed;
            if (allowed == data.Length && endStream)
            {
                exchange.LocalClosed = true;
            }
        }

        if (allowed == 0 && !(data.IsEmpty && endStream))
        {
            return 0;
        }

        var offset = 0;
        do
        {
            var chunk = Math.Min(allowed - offset, _maxFrame);
            var last = offset + chunk == allowed;
            var flags = last && allowed == data.Length && endStream ? Http2Frame.EndStream : (byte)0;
            var frame = Reserve(Http2Frame.HeaderLength + chunk);
            Http2Frame.WriteHeader(frame, chunk, Http2Frame.Data, flags, exchange.Id);
            data.Slice(offset, chunk).CopyTo(frame[Http2Frame.HeaderLength..]);
            offset += chunk;
        }
        while (offset < allowed);

        return allowed;
    }

    private async ValueTask SendRestAsync(Http2Exchange exchange, ReadOnlyMemory<byte> rest, bool endStream, CancellationToken cancellationToken)
    {
        while (!rest.IsEmpty)
        {
            Task opened;
            lock (_gate)
            {
                ThrowIfClosed();
                if (exchange.Finished)
                {
                    return;
                }

                opened = _windowOpened.Task;
            }

            int sent;
            lock (_writeGate)
            {
                sent = AppendData(exchange, rest.Span, endStream);
            }

            await FlushQueuedAsync().ConfigureAwait(false);
            rest = rest[sent..];
            if (sent == 0)
            {
                await opened.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Room for <paramref name="size"/> more bytes at the end of the queue (the write lock held).</summary>
    private Span<byte> Reserve(int size)
    {
        if (_out.Length < _outLength + size)
        {
            Array.Resize(ref _out, Math.Max(_outLength + size, _out.Length * 2));
        }

        var frame = _out.AsSpan(_outLength, size);
        _outLength += size;
        return frame;
    }

    /// <summary>Queues a frame whose payload is one 32-bit value: RST_STREAM's error code, WINDOW_UPDATE's increment
    /// (the write lock held).</summary>
    private void AppendUInt32Frame(byte type, int streamId, uint value)
    {
        var frame = Reserve(Http2Frame.HeaderLength + 4);
        Http2Frame.WriteHeader(frame, 4, type, 0, streamId);
        BinaryPrimitives.WriteUInt32BigEndian(frame[Http2Frame.HeaderLength..], value);
    }

    /// <summary>Writes what is queued unless a write is already in progress, whose writer then takes it too: under
    /// load, the frames of many calls go out in one system call. The write is asynchronous, so a caller (or the reader
    /// thread) never blocks a thread while the server is slow to read.</summary>
    private async ValueTask FlushQueuedAsync()
    {
        if (t_deferred is { } deferred)
        {
            if (!deferred.Contains(this))
            {
                deferred.Add(this);
            }

            return;
        }

        lock (_writeGate)
        {
            if (_flushing || _outLength == 0)
            {
                return;
            }

            _flushing = true;
        }

        try
        {
            while (true)
            {
                byte[] buffer;
                int length;
                lock (_writeGate)
                {
                    if (_outLength == 0)
                    {
                        _flushing = false;
                        return;
                    }

                    (buffer, length) = (_out, _outLength);
                    (_out, _spare, _outLength) = (_spare, buffer, 0);
                }

                await _transport.WriteAsync(buffer.AsMemory(0, length)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
        {
            lock (_writeGate)
            {
                _flushing = false;
                _outLength = 0;
            }

            // The reader then fails on the closed transport and ends every stream from its own thread.
            var lost = new IOException("the HTTP/2 connection was lost while sending: " + ex.Message, ex);
            lock (_gate)
            {
                _failure ??= lost;
            }

            _transport.Dispose();
            throw lost;
        }
    }

    /// <summary>Flushes without waiting: frames this side owes the server (acknowledgements, window, resets), sent
    /// from the reader thread or on a path that must not wait. A lost connection is the reader's to report.</summary>
    private void FlushInBackground()
    {
        var flush = FlushQueuedAsync();
        if (!flush.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(flush);
        }

        static async Task ObserveAsync(ValueTask flush)
        {
            try
            {
                await flush.ConfigureAwait(false);
            }
            catch (IOException)
            {
                // Reported by the reader, which fails every stream.
            }
        }
    }

    /// <summary>Queues RST_STREAM and writes it (best effort: a lost connection fails the stream anyway).</summary>
    private void QueueReset(int streamId, uint errorCode)
    {
        lock (_writeGate)
        {
            AppendUInt32Frame(Http2Frame.RstStream, streamId, errorCode);
        }

        FlushInBackground();
    }

    private void ThrowIfClosed()
    {
        if (_failure is { } failure)
        {
            throw failure as IOException ?? new IOException(failure.Message, failure);
        }

        if (_goingAway)
        {
            throw new GrpcStatusException(GrpcStatusCode.Unavailable, "The server is closing this connection (GOAWAY).");
        }
    }

    /// <summary>Removes a stream that ended or was reset, lets a waiting caller open one, and ends its exchange.</summary>
    private void CloseStream(Http2Exchange exchange, Exception? error)
    {
        lock (_gate)
        {
            if (exchange.Id != 0 && _streams.Remove(exchange.Id))
            {
                ReleaseSlotLocked();
                if (_goingAway && _streams.Count == 0)
                {
                    _failure ??= new IOException("the server closed the connection (GOAWAY) after its last stream");
                }
            }
        }

        if (error is not null)
        {
            exchange.Fail(error);
        }
    }

    /// <summary>Ends the connection: every stream, waiting caller and window waiter fails with <paramref name="error"/>.</summary>
    private void Fail(Exception error)
    {
        List<Http2Exchange> streams;
        List<TaskCompletionSource> waiters;
        lock (_gate)
        {
            _failure ??= error;
            streams = [.. _streams.Values];
            _streams.Clear();
            _open = 0;
            waiters = [.. _slotWaiters];
            _slotWaiters.Clear();
            _windowOpened.TrySetResult();
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetException(_failure);
        }

        foreach (var exchange in streams)
        {
            exchange.Fail(_failure);
        }

        _transport.Dispose();
    }

    private void ReadLoop()
    {
        t_deferred = [];
        try
        {
            ReadFrames();
        }
#pragma warning disable CA1031 // Whatever ends the reader ends the connection; its streams get the error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(ex is IOException or GrpcStatusException ? ex : new IOException("the HTTP/2 connection failed: " + ex.Message, ex));
        }
        finally
        {
            // What callers on this thread queued for other connections (a new connection's preface among them).
            FlushDeferred();
        }
    }

    private void ReadFrames()
    {
        while (true)
        {
            Fill(Http2Frame.HeaderLength);
            var (length, type, flags, streamId) = Http2Frame.ReadHeader(_in.AsSpan(_inStart, Http2Frame.HeaderLength));
            if (length > Http2Frame.MaxPayload)
            {
                throw ProtocolError($"a frame of {length} bytes exceeds this client's SETTINGS_MAX_FRAME_SIZE");
            }

            Fill(Http2Frame.HeaderLength + length);
            var payload = _in.AsSpan(_inStart + Http2Frame.HeaderLength, length);
            switch (type)
            {
                case Http2Frame.Data:
                    OnData(streamId, flags, payload);
                    break;
                case Http2Frame.Headers:
                    // Leaves _inStart at the last CONTINUATION frame it read, if any, and returns that frame's length.
                    length = OnHeaders(streamId, flags, payload);
                    break;
                case Http2Frame.RstStream:
                    OnReset(streamId, payload);
                    break;
                case Http2Frame.Settings:
                    OnSettings(flags, payload);
                    break;
                case Http2Frame.Ping:
                    OnPing(flags, payload);
                    break;
                case Http2Frame.GoAway:
                    OnGoAway(payload);
                    break;
                case Http2Frame.WindowUpdate:
                    OnWindowUpdate(streamId, payload);
                    break;
                case Http2Frame.PushPromise or Http2Frame.Continuation:
                    throw ProtocolError(type == Http2Frame.PushPromise ? "a PUSH_PROMISE after SETTINGS_ENABLE_PUSH = 0" : "a CONTINUATION without its HEADERS");
                default:
                    // PRIORITY and unknown frame types are ignored (RFC 9113 §5.5).
                    break;
            }

            _inStart += Http2Frame.HeaderLength + length;
        }
    }

    /// <summary>Reads until <paramref name="count"/> bytes from <c>_inStart</c> are in the input buffer.</summary>
    private void Fill(int count)
    {
        if (_inEnd - _inStart >= count)
        {
            return;
        }

        if (_inStart + count > _in.Length)
        {
            // Move what is left to the front (a frame is at most 16 kB, the buffer four times that).
            _in.AsSpan(_inStart, _inEnd - _inStart).CopyTo(_in);
            _inEnd -= _inStart;
            _inStart = 0;
        }

        FlushDeferred();
        while (_inEnd - _inStart < count)
        {
            var read = _transport.Read(_in, _inEnd, _in.Length - _inEnd);
            if (read == 0)
            {
                throw new IOException("the server closed the HTTP/2 connection");
            }

            _inEnd += read;
        }
    }

    /// <summary>Before the reader thread blocks: writes what its frames' callers queued, one write per connection.</summary>
    private static void FlushDeferred()
    {
        if (t_deferred is not { Count: > 0 } deferred)
        {
            return;
        }

        t_deferred = null;
        try
        {
            foreach (var connection in deferred)
            {
                connection.FlushInBackground();
            }
        }
        finally
        {
            deferred.Clear();
            t_deferred = deferred;
        }
    }

    private Http2Exchange? Find(int streamId)
    {
        lock (_gate)
        {
            return _streams.GetValueOrDefault(streamId);
        }
    }

    private void OnData(int streamId, byte flags, ReadOnlySpan<byte> payload)
    {
        if (streamId == 0)
        {
            throw ProtocolError("DATA on stream 0");
        }

        var flowControlled = payload.Length;
        var data = Unpad(flags, payload);
        var exchange = Find(streamId);
        var endStream = (flags & Http2Frame.EndStream) != 0;
        exchange?.OnData(data, endStream);

        // Window: the connection's always (the server counted the bytes), the stream's while it stays open.
        _connectionUnacknowledged += flowControlled;
        var streamIncrement = 0;
        if (exchange is not null && !endStream)
        {
            exchange.Unacknowledged += flowControlled;
            if (exchange.Unacknowledged >= ReplenishAt)
            {
                streamIncrement = exchange.Unacknowledged;
                exchange.Unacknowledged = 0;
            }
        }

        if (_connectionUnacknowledged >= ReplenishAt || streamIncrement > 0)
        {
            var connectionIncrement = _connectionUnacknowledged >= ReplenishAt ? _connectionUnacknowledged : 0;
            _connectionUnacknowledged -= connectionIncrement;
            SendWindowUpdates(connectionIncrement, streamId, streamIncrement);
        }

        if (exchange is not null && (endStream || exchange.Finished))
        {
            EndFromServer(exchange, endStream);
        }

        exchange?.Deliver();
    }

    private int OnHeaders(int streamId, byte flags, ReadOnlySpan<byte> payload)
    {
        if (streamId == 0)
        {
            throw ProtocolError("HEADERS on stream 0");
        }

        var fragment = Unpad(flags, payload);
        if ((flags & Http2Frame.Priority) != 0)
        {
            fragment = fragment.Length >= 5 ? fragment[5..] : throw ProtocolError("a HEADERS frame too short for its priority");
        }

        var blockLength = fragment.Length;
        EnsureBlock(blockLength);
        fragment.CopyTo(_block);
        var end = (flags & Http2Frame.EndHeaders) != 0;
        while (!end)
        {
            // The block continues in CONTINUATION frames of the same stream, with nothing in between (RFC 9113 §6.10).
            _inStart += Http2Frame.HeaderLength + payload.Length;
            Fill(Http2Frame.HeaderLength);
            var next = Http2Frame.ReadHeader(_in.AsSpan(_inStart, Http2Frame.HeaderLength));
            if (next.Type != Http2Frame.Continuation || next.StreamId != streamId || next.Length > Http2Frame.MaxPayload)
            {
                throw ProtocolError("a header block not continued by CONTINUATION frames of its stream");
            }

            var length = next.Length;
            end = (next.Flags & Http2Frame.EndHeaders) != 0;
            Fill(Http2Frame.HeaderLength + length);
            payload = _in.AsSpan(_inStart + Http2Frame.HeaderLength, length);
            EnsureBlock(blockLength + length);
            payload.CopyTo(_block.AsSpan(blockLength));
            blockLength += length;
        }

        // Decoded whatever the stream's state: the dynamic table must see every block.
        _fields.Clear();
        try
        {
            _decoder.Decode(_block.AsSpan(0, blockLength), _addField);
        }
        catch (HpackException ex)
        {
            throw new IOException("the server sent a header block this client cannot decode (COMPRESSION_ERROR): " + ex.Message, ex);
        }

        if (Find(streamId) is { } exchange)
        {
            var endStream = (flags & Http2Frame.EndStream) != 0;
            exchange.OnHeaders(_fields, endStream);
            if (endStream || exchange.Finished)
            {
                EndFromServer(exchange, endStream);
            }

            exchange.Deliver();
        }

        return payload.Length;
    }

    /// <summary>The server ended the stream, or its exchange already has its outcome (a non-gRPC answer): the stream is
    /// done; if this side had not ended it, it resets it so the server frees it too.</summary>
    private void EndFromServer(Http2Exchange exchange, bool endStream)
    {
        bool reset;
        lock (_gate)
        {
            reset = !exchange.LocalClosed || !endStream;
            exchange.LocalClosed = true;
        }

        if (reset)
        {
            QueueReset(exchange.Id, endStream ? Http2Frame.NoError : Http2Frame.Cancel);
        }

        // An exchange that has its outcome (every answered call) needs no error, and none is allocated for it.
        CloseStream(exchange, exchange.Finished ? null : new GrpcStatusException(GrpcStatusCode.Internal, "The stream ended without a status."));
    }

    private void OnReset(int streamId, ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 4)
        {
            throw ProtocolError("RST_STREAM of the wrong size");
        }

        var code = BinaryPrimitives.ReadUInt32BigEndian(payload);
        if (Find(streamId) is { } exchange)
        {
            var status = code switch
            {
                Http2Frame.RefusedStream => GrpcStatusCode.Unavailable,
                Http2Frame.Cancel => GrpcStatusCode.Cancelled,
                Http2Frame.EnhanceYourCalm => GrpcStatusCode.ResourceExhausted,
                _ => GrpcStatusCode.Internal,
            };
            CloseStream(exchange, new GrpcStatusException(status, $"The server reset the stream (HTTP/2 error code {code})."));
        }
    }

    private void OnSettings(byte flags, ReadOnlySpan<byte> payload)
    {
        if ((flags & Http2Frame.Ack) != 0)
        {
            return;
        }

        if (payload.Length % 6 != 0)
        {
            throw ProtocolError("SETTINGS of the wrong size");
        }

        lock (_gate)
        {
            for (var i = 0; i < payload.Length; i += 6)
            {
                var id = BinaryPrimitives.ReadUInt16BigEndian(payload[i..]);
                var value = BinaryPrimitives.ReadUInt32BigEndian(payload[(i + 2)..]);
                switch (id)
                {
                    case Http2Frame.SettingsMaxConcurrentStreams:
                        _maxConcurrent = (int)Math.Min(value, int.MaxValue);
                        HandOffLocked();
                        break;
                    case Http2Frame.SettingsInitialWindowSize when value > int.MaxValue:
                        throw new IOException("the server sent SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1 (FLOW_CONTROL_ERROR)");
                    case Http2Frame.SettingsInitialWindowSize:
                        // Applies to every open stream as a change (RFC 9113 §6.9.2).
                        var delta = (int)value - _initialSendWindow;
                        _initialSendWindow = (int)value;
                        foreach (var exchange in _streams.Values)
                        {
                            exchange.SendWindow += delta;
                        }

                        OpenWindowLocked();
                        break;
                    case Http2Frame.SettingsMaxFrameSize:
                        _maxFrame = (int)Math.Clamp(value, Http2Frame.MaxPayload, 16_777_215);
                        break;
                    default:
                        // Header table size (this client never indexes), push (a client setting) and unknown ones.
                        break;
                }
            }
        }

        lock (_writeGate)
        {
            Http2Frame.WriteHeader(Reserve(Http2Frame.HeaderLength), 0, Http2Frame.Settings, Http2Frame.Ack, 0);
        }

        FlushInBackground();
    }

    private void OnPing(byte flags, ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 8)
        {
            throw ProtocolError("PING of the wrong size");
        }

        if ((flags & Http2Frame.Ack) != 0)
        {
            return;
        }

        lock (_writeGate)
        {
            var frame = Reserve(Http2Frame.HeaderLength + 8);
            Http2Frame.WriteHeader(frame, 8, Http2Frame.Ping, Http2Frame.Ack, 0);
            payload.CopyTo(frame[Http2Frame.HeaderLength..]);
        }

        FlushInBackground();
    }

    private void OnGoAway(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 8)
        {
            throw ProtocolError("GOAWAY too short");
        }

        var last = BinaryPrimitives.ReadInt32BigEndian(payload) & int.MaxValue;
        var code = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
        List<Http2Exchange> refused;
        lock (_gate)
        {
            _goingAway = true;
            _lastProcessable = Math.Min(_lastProcessable, last);
            refused = [.. _streams.Values.Where(s => s.Id > _lastProcessable)];
        }

        // Streams above the last id were not processed: safe to send again (UNAVAILABLE is what a client retries).
        foreach (var exchange in refused)
        {
            CloseStream(exchange, new GrpcStatusException(GrpcStatusCode.Unavailable, $"The server is closing the connection (GOAWAY, HTTP/2 error code {code}) and did not process this call."));
        }

        lock (_gate)
        {
            if (_streams.Count == 0)
            {
                _failure ??= new IOException("the server closed the connection (GOAWAY)");
            }

            foreach (var waiter in _slotWaiters)
            {
                waiter.TrySetException(new GrpcStatusException(GrpcStatusCode.Unavailable, "The server is closing this connection (GOAWAY)."));
            }

            _slotWaiters.Clear();
        }
    }

    private void OnWindowUpdate(int streamId, ReadOnlySpan<byte> payload)
    {
        if (payload.Length != 4)
        {
            throw ProtocolError("WINDOW_UPDATE of the wrong size");
        }

        var increment = BinaryPrimitives.ReadInt32BigEndian(payload) & int.MaxValue;
        lock (_gate)
        {
            if (streamId == 0)
            {
                _connectionSendWindow += increment;
            }
            else if (_streams.TryGetValue(streamId, out var exchange))
            {
                exchange.SendWindow += increment;
            }

            OpenWindowLocked();
        }
    }

    /// <summary>Wakes the callers waiting for window (the connection's lock held).</summary>
    private void OpenWindowLocked()
    {
        _windowOpened.TrySetResult();
        _windowOpened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private void SendWindowUpdates(int connectionIncrement, int streamId, int streamIncrement)
    {
        lock (_writeGate)
        {
            if (connectionIncrement > 0)
            {
                AppendUInt32Frame(Http2Frame.WindowUpdate, 0, (uint)connectionIncrement);
            }

            if (streamIncrement > 0)
            {
                AppendUInt32Frame(Http2Frame.WindowUpdate, streamId, (uint)streamIncrement);
            }
        }

        FlushInBackground();
    }

    private void EnsureBlock(int size)
    {
        if (_block.Length < size)
        {
            Array.Resize(ref _block, Math.Max(size, _block.Length * 2));
        }
    }

    private static ReadOnlySpan<byte> Unpad(byte flags, ReadOnlySpan<byte> payload)
    {
        if ((flags & Http2Frame.Padded) == 0)
        {
            return payload;
        }

        if (payload.IsEmpty || payload[0] >= payload.Length)
        {
            throw ProtocolError("padding longer than its frame");
        }

        return payload[1..^payload[0]];
    }

    private static IOException ProtocolError(string what) => new("HTTP/2 protocol error from the server: " + what);
}
