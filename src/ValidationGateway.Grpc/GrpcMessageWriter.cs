using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

namespace ValidationGateway.Grpc;

/// <summary>Writes length-prefixed gRPC messages (the transport, its client, and the load tool's own HTTP/2 client).</summary>
public static class GrpcMessageWriter
{
    /// <summary>Writes one uncompressed frame; RESOURCE_EXHAUSTED when the message is over <paramref name="maxSize"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, IMessage message, int? maxSize)
    {
        var size = message.CalculateSize();
        if (size > maxSize)
        {
            throw new GrpcStatusException(
                GrpcStatusCode.ResourceExhausted,
                $"Sending message larger than max ({size} vs. {maxSize}).");
        }

        var header = writer.GetSpan(GrpcProtocol.HeaderSize);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)size);
        writer.Advance(GrpcProtocol.HeaderSize);
        message.WriteTo(writer);
    }

    /// <summary>Returns one frame as bytes, gzip-compressed when asked (client side).</summary>
    public static ReadOnlyMemory<byte> Frame(IMessage message, bool gzip)
    {
        if (!gzip)
        {
            // One array of the exact size: the message is written straight after its prefix.
            var size = message.CalculateSize();
            var plain = new byte[GrpcProtocol.HeaderSize + size];
            BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(1), (uint)size);
            message.WriteTo(plain.AsSpan(GrpcProtocol.HeaderSize));
            return plain;
        }

        using var output = new MemoryStream();
        output.Write([1, 0, 0, 0, 0]);
        using (var gzipStream = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            message.WriteTo(gzipStream);
        }

        var frame = output.GetBuffer().AsMemory(0, (int)output.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.Span[1..], (uint)(frame.Length - GrpcProtocol.HeaderSize));
        return frame;
    }
}
