namespace ValidationGateway.Server.Tests.Fuzz;

/// <summary>Hand-written protobuf wire bytes, including shapes no well-behaved serializer would produce.</summary>
internal sealed class ProtoBytes
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int StartGroup = 3;
    public const int EndGroup = 4;
    public const int Fixed32 = 5;

    private readonly List<byte> _bytes = [];

    public int Length => _bytes.Count;

    public ProtoBytes Tag(long field, int wireType) => RawVarint(((ulong)field << 3) | (uint)wireType);

    public ProtoBytes RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
        return this;
    }

    public ProtoBytes Raw(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            _bytes.Add(b);
        }

        return this;
    }

    /// <summary>A length-delimited field whose declared length is the real one.</summary>
    public ProtoBytes Field(long field, ReadOnlySpan<byte> payload)
    {
        Tag(field, LengthDelimited);
        RawVarint((ulong)payload.Length);
        return Raw(payload);
    }

    public ProtoBytes Field(long field, string text) => Field(field, System.Text.Encoding.UTF8.GetBytes(text));

    public ProtoBytes VarintField(long field, ulong value) => Tag(field, Varint).RawVarint(value);

    public byte[] ToArray() => [.. _bytes];

    /// <summary>UTF-8 as protobuf demands, except that lone surrogates are written as their 3-byte (invalid) forms.</summary>
    public static byte[] Wtf8(string text)
    {
        var bytes = new List<byte>(text.Length * 3);
        for (var i = 0; i < text.Length; i++)
        {
            int c = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                c = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else if (c < 0x800)
            {
                bytes.Add((byte)(0xC0 | (c >> 6)));
                bytes.Add((byte)(0x80 | (c & 0x3F)));
            }
            else if (c < 0x10000)
            {
                bytes.Add((byte)(0xE0 | (c >> 12)));
                bytes.Add((byte)(0x80 | ((c >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (c & 0x3F)));
            }
            else
            {
                bytes.Add((byte)(0xF0 | (c >> 18)));
                bytes.Add((byte)(0x80 | ((c >> 12) & 0x3F)));
                bytes.Add((byte)(0x80 | ((c >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (c & 0x3F)));
            }
        }

        return [.. bytes];
    }
}
