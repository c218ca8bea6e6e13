using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Runtime.InteropServices;
using Google.Protobuf;
using ValidationGateway.Contracts;

namespace ValidationGateway.Grpc;

/// <summary>Reads length-prefixed gRPC messages (1 byte compressed flag, 4 bytes big-endian length) from a pipe.</summary>
/// <remarks>Used by the server on the request body and by the client on the response body.</remarks>
internal static class GrpcMessageReader
{
    private const int MinDecompressBuffer = 4096;
    private const string MalformedMessage = "Malformed message: the message could not be parsed.";

    /// <summary>Reads the next message, or <see langword="null"/> at a clean end of stream.</summary>
    /// <param name="reader">The body.</param>
    /// <param name="parser">The message parser.</param>
    /// <param name="gzip">True when the stream's <c>grpc-encoding</c> is gzip; a compressed flag is an error otherwise.</param>
    /// <param name="maxSize">Largest message accepted, compressed or not.</param>
    /// <param name="check">Inspects the (decompressed) message before it is parsed; null for none.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async ValueTask<T?> ReadAsync<T>(
        PipeReader reader,
        MessageParser<T> parser,
        bool gzip,
        int maxSize,
        GrpcMessageCheck? check,
        CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (result.IsCanceled)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            var buffer = result.Buffer;
            if (TryReadFrame(buffer, gzip, maxSize, out var payload, out var compressed))
            {
                try
                {
                    return compressed ? ParseCompressed(payload, parser, maxSize, check) : Parse(payload, parser, check);
                }
                finally
                {
                    reader.AdvanceTo(payload.End);
                }
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                if (buffer.IsEmpty)
                {
                    return null;
                }

                throw new GrpcStatusException(GrpcStatusCode.Internal, "Incomplete message: the stream ended inside a message frame.");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static T Parse<T>(in ReadOnlySequence<byte> payload, MessageParser<T> parser, GrpcMessageCheck? check)
        where T : IMessage<T>
    {
        check?.Invoke(payload);
        T message;
        try
        {
            message = parser.ParseFrom(payload);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            // Google.Protobuf 3.25 lets some malformed lengths (a sub-message declared near int.MaxValue bytes long)
            // escape as range exceptions instead of InvalidProtocolBufferException; they are malformed input all the same.
            throw new GrpcStatusException(GrpcStatusCode.InvalidArgument, MalformedMessage, null, ex);
        }

        if (payload.IsSingleSegment)
        {
            CheckUtf8(payload.FirstSpan, message);
        }
        else
        {
            var copy = ArrayPool<byte>.Shared.Rent((int)payload.Length);
            try
            {
                payload.CopyTo(copy);
                CheckUtf8(copy.AsSpan(0, (int)payload.Length), message);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }

        // Before the frame is released (the caller advances the pipe past it; a decompressed buffer goes back to the pool).
        if (message is IRetainsEncoding retains)
        {
            retains.Retain(payload);
        }

        return message;
    }

    private static void CheckUtf8<T>(ReadOnlySpan<byte> payload, T message)
        where T : IMessage<T>
    {
        if (!ProtobufUtf8.StringsAreValid(payload, message.Descriptor))
        {
            throw new GrpcStatusException(GrpcStatusCode.InvalidArgument, "Malformed message: a string field is not valid UTF-8.");
        }
    }

    private static bool TryReadFrame(
        in ReadOnlySequence<byte> buffer,
        bool gzip,
        int maxSize,
        out ReadOnlySequence<byte> payload,
        out bool compressed)
    {
        payload = default;
        compressed = false;
        if (buffer.Length < GrpcProtocol.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocol.HeaderSize];
        buffer.Slice(0, GrpcProtocol.HeaderSize).CopyTo(header);
        compressed = header[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new GrpcStatusException(GrpcStatusCode.Internal, $"Invalid compressed flag {header[0]} in message frame."),
        };
        if (compressed && !gzip)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, "Compressed message received without a grpc-encoding.");
        }

        // Checked before anything is buffered or allocated for the message.
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (length > (uint)maxSize)
        {
            throw new GrpcStatusException(
                GrpcStatusCode.ResourceExhausted,
                $"Received message larger than max ({length} vs. {maxSize}).");
        }

        if (buffer.Length - GrpcProtocol.HeaderSize < length)
        {
            return false;
        }

        payload = buffer.Slice(GrpcProtocol.HeaderSize, length);
        return true;
    }

    private static T ParseCompressed<T>(in ReadOnlySequence<byte> payload, MessageParser<T> parser, int maxSize, GrpcMessageCheck? check)
        where T : IMessage<T>
    {
        byte[]? input = null;
        var output = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(MinDecompressBuffer, payload.Length * 4), (long)maxSize + 1));
        try
        {
            MemoryStream source;
            if (payload.IsSingleSegment && MemoryMarshal.TryGetArray(payload.First, out var segment))
            {
                source = new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
            }
            else
            {
                input = ArrayPool<byte>.Shared.Rent((int)payload.Length);
                payload.CopyTo(input);
                source = new MemoryStream(input, 0, (int)payload.Length, writable: false);
            }

            var total = 0;
            using (var gzipStream = new GZipStream(source, CompressionMode.Decompress))
            {
                while (true)
                {
                    if (total == output.Length)
                    {
                        var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)output.Length * 2, Math.Min((long)maxSize + 1, Array.MaxLength)));
                        output.AsSpan(0, total).CopyTo(grown);
                        ArrayPool<byte>.Shared.Return(output);
                        output = grown;
                    }

                    var read = gzipStream.Read(output, total, output.Length - total);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                    if (total > maxSize)
                    {
                        throw new GrpcStatusException(
                            GrpcStatusCode.ResourceExhausted,
                            $"Received message larger than max after decompression (more than {maxSize} bytes).");
                    }
                }
            }

            if (!GzipTrailer.Matches(payload, output.AsSpan(0, total)))
            {
                throw new GrpcStatusException(GrpcStatusCode.Internal, "Could not decompress the gzip message: it is truncated or corrupt.");
            }

            return Parse(new ReadOnlySequence<byte>(output, 0, total), parser, check);
        }
        catch (InvalidDataException ex)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, "Could not decompress the gzip message.", null, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(output);
            if (input is not null)
            {
                ArrayPool<byte>.Shared.Return(input);
            }
        }
    }
}
