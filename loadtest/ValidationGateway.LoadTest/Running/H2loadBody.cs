using System.Buffers.Binary;
using Google.Protobuf;

namespace ValidationGateway.LoadTest.Running;

/// <summary>A request as one gRPC length-prefixed message (uncompressed), the body h2load sends with <c>-d</c>.</summary>
internal static class H2loadBody
{
    public static byte[] Frame(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
