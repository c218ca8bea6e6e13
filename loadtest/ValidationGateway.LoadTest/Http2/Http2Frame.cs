using System.Buffers.Binary;

namespace ValidationGateway.LoadTest.Http2;

/// <summary>HTTP/2 frame types, flags, settings and error codes this client uses (RFC 9113 §6, §7), and the 9-octet
/// frame header.</summary>
internal static class Http2Frame
{
    public const int HeaderLength = 9;

    /// <summary>The largest frame payload this side accepts (SETTINGS_MAX_FRAME_SIZE, left at its default).</summary>
    public const int MaxPayload = 16_384;

    public const byte Data = 0x0;
    public const byte Headers = 0x1;
    public const byte RstStream = 0x3;
    public const byte Settings = 0x4;
    public const byte PushPromise = 0x5;
    public const byte Ping = 0x6;
    public const byte GoAway = 0x7;
    public const byte WindowUpdate = 0x8;
    public const byte Continuation = 0x9;

    public const byte EndStream = 0x1;
    public const byte Ack = 0x1;
    public const byte EndHeaders = 0x4;
    public const byte Padded = 0x8;
    public const byte Priority = 0x20;

    public const ushort SettingsHeaderTableSize = 0x1;
    public const ushort SettingsEnablePush = 0x2;
    public const ushort SettingsMaxConcurrentStreams = 0x3;
    public const ushort SettingsInitialWindowSize = 0x4;
    public const ushort SettingsMaxFrameSize = 0x5;

    public const uint NoError = 0x0;
    public const uint ProtocolError = 0x1;
    public const uint FlowControlError = 0x3;
    public const uint RefusedStream = 0x7;
    public const uint Cancel = 0x8;
    public const uint CompressionError = 0x9;
    public const uint EnhanceYourCalm = 0xb;

    /// <summary>The client connection preface (RFC 9113 §3.4).</summary>
    public static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    /// <summary>Reads a 9-octet frame header: payload length, type, flags and stream id (the reserved bit cleared).</summary>
    public static (int Length, byte Type, byte Flags, int StreamId) ReadHeader(ReadOnlySpan<byte> header) =>
        ((header[0] << 16) | (header[1] << 8) | header[2], header[3], header[4], BinaryPrimitives.ReadInt32BigEndian(header[5..]) & int.MaxValue);

    public static void WriteHeader(Span<byte> destination, int length, byte type, byte flags, int streamId)
    {
        destination[0] = (byte)(length >> 16);
        destination[1] = (byte)(length >> 8);
        destination[2] = (byte)length;
        destination[3] = type;
        destination[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(destination[5..], streamId & int.MaxValue);
    }
}
