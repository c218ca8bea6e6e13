using System.Buffers.Binary;
using System.Globalization;
using ValidationGateway.Grpc;

namespace ValidationGateway.LoadTest.Http2;

/// <summary>One gRPC call on one HTTP/2 stream: the connection's bookkeeping (id, windows, which side has ended) and the
/// gRPC reading of what arrives (response headers, length-prefixed messages, the status in the trailers).</summary>
/// <remarks>
/// The connection's reader thread calls <see cref="OnHeaders"/>, <see cref="OnData"/> and <see cref="Fail"/>, one at a
/// time and in order; subclasses hand results to their callers without blocking it. The fields marked so are guarded
/// by the connection's lock.
/// </remarks>
internal abstract class Http2Exchange
{
    // The reader thread delivers; a deadline, a cancellation or a failed write may end the call from another thread.
    private readonly Lock _sync = new();
    private byte[] _buffer = new byte[1024];
    private int _buffered;
    private bool _headersSeen;
    private bool _finished;
    private Exception? _outcome;
    private int _delivered;

    /// <summary>The stream id, once the connection opened it (0 before).</summary>
    public int Id { get; internal set; }

    /// <summary>How much DATA may still be sent on the stream (the connection's lock).</summary>
    internal long SendWindow { get; set; }

    /// <summary>DATA received since the last WINDOW_UPDATE for the stream (the reader thread).</summary>
    internal int Unacknowledged { get; set; }

    /// <summary>This side sent END_STREAM or reset the stream (the connection's lock).</summary>
    internal bool LocalClosed { get; set; }

    /// <summary>When the call gives up (a <see cref="TimeProvider"/> timestamp), or 0 for never.</summary>
    internal long Deadline { get; init; }

    /// <summary>A DATA frame's payload arrived; <paramref name="endStream"/> without trailers is a protocol error. The
    /// outcome, if this ends the call, is handed over by <see cref="Deliver"/>.</summary>
    internal void OnData(ReadOnlySpan<byte> data, bool endStream)
    {
        lock (_sync)
        {
            OnDataLocked(data, endStream);
        }
    }

    /// <summary>A complete header block arrived: the response headers, or the trailers when headers came before.</summary>
    internal void OnHeaders(List<KeyValuePair<string, string>> fields, bool endStream)
    {
        lock (_sync)
        {
            OnHeadersLocked(fields, endStream);
        }
    }

    /// <summary>The stream or its connection failed, or the call was given up: the call ends with <paramref name="error"/>.</summary>
    internal void Fail(Exception error)
    {
        lock (_sync)
        {
            if (!_finished)
            {
                Finish(error);
            }
        }

        Deliver();
    }

    private void OnDataLocked(ReadOnlySpan<byte> data, bool endStream)
    {
        if (_finished)
        {
            return;
        }

        if (!_headersSeen)
        {
            Finish(new GrpcStatusException(GrpcStatusCode.Internal, "DATA arrived before the response headers."));
            return;
        }

        Append(data);
        if (endStream)
        {
            Finish(new GrpcStatusException(GrpcStatusCode.Internal, "The response ended without a grpc-status."));
        }
    }

    private void OnHeadersLocked(List<KeyValuePair<string, string>> fields, bool endStream)
    {
        if (_finished)
        {
            return;
        }

        if (!_headersSeen)
        {
            _headersSeen = true;
            var status = Field(fields, ":status");
            if (status != "200")
            {
                Finish(new GrpcStatusException(FromHttpStatus(status), $"The server answered HTTP {status ?? "(no :status)"}, not a gRPC response."));
                return;
            }

            if (!endStream)
            {
                if (Field(fields, "content-type") is not { } type || !type.StartsWith("application/grpc", StringComparison.Ordinal))
                {
                    Finish(new GrpcStatusException(GrpcStatusCode.Unknown, "The response's content-type is not application/grpc."));
                }

                return;
            }
        }
        else if (!endStream)
        {
            Finish(new GrpcStatusException(GrpcStatusCode.Internal, "Trailers arrived without END_STREAM."));
            return;
        }

        // Trailers, or a trailers-only response: the call's status.
        var code = Field(fields, "grpc-status");
        if (code is null || !int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 16)
        {
            Finish(new GrpcStatusException(GrpcStatusCode.Internal, "The response ended without a grpc-status."));
            return;
        }

        Finish(value == 0 ? null : new GrpcStatusException((GrpcStatusCode)value, PercentDecode(Field(fields, "grpc-message") ?? "")));
    }

    /// <summary>True once the call has its outcome.</summary>
    internal bool Finished => Volatile.Read(ref _finished);

    /// <summary>A complete response message (the reader thread; the span is valid only during the call).</summary>
    protected abstract void OnMessage(ReadOnlySpan<byte> message);

    /// <summary>The call's end: null for status OK. Called once, outside the exchange's lock, so that what continues on
    /// it (a unary caller, on the reader thread) may start other calls.</summary>
    protected abstract void OnFinished(Exception? error);

    private void Finish(Exception? error)
    {
        if (error is null && _buffered > 0)
        {
            error = new GrpcStatusException(GrpcStatusCode.Internal, "The response ended inside a message.");
        }

        _outcome = error;
        Volatile.Write(ref _finished, true);
    }

    /// <summary>Hands the outcome to the caller once the call has one (idempotent). The connection calls it after its own
    /// bookkeeping for the frame, so the stream is already free for whatever the caller starts next.</summary>
    internal void Deliver()
    {
        if (Volatile.Read(ref _finished) && Interlocked.Exchange(ref _delivered, 1) == 0)
        {
            OnFinished(_outcome);
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_buffered + data.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _buffered + data.Length));
        }

        data.CopyTo(_buffer.AsSpan(_buffered));
        _buffered += data.Length;
        var start = 0;
        while (_buffered - start >= 5)
        {
            if (_buffer[start] != 0)
            {
                // This client asks for no compression (it sends no grpc-accept-encoding).
                Finish(new GrpcStatusException(GrpcStatusCode.Internal, "A compressed response message arrived uncalled for."));
                return;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(start + 1));
            if (length > int.MaxValue - 5 || _buffered - start - 5 < (long)length)
            {
                break;
            }

            OnMessage(_buffer.AsSpan(start + 5, (int)length));
            if (_finished)
            {
                return;
            }

            start += 5 + (int)length;
        }

        if (start > 0)
        {
            _buffer.AsSpan(start, _buffered - start).CopyTo(_buffer);
            _buffered -= start;
        }
    }

    private static string? Field(List<KeyValuePair<string, string>> fields, string name)
    {
        foreach (var (key, value) in fields)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The gRPC code for a non-200 HTTP status (gRPC's HTTP-to-gRPC status mapping).</summary>
    internal static GrpcStatusCode FromHttpStatus(string? status) => status switch
    {
        "400" => GrpcStatusCode.Internal,
        "401" => GrpcStatusCode.Unauthenticated,
        "403" => GrpcStatusCode.PermissionDenied,
        "404" => GrpcStatusCode.Unimplemented,
        "429" or "502" or "503" or "504" => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };

    private static string PercentDecode(string message)
    {
        try
        {
            return Uri.UnescapeDataString(message);
        }
        catch (UriFormatException)
        {
            return message;
        }
    }
}
