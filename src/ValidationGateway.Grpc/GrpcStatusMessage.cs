using System.Text;

namespace ValidationGateway.Grpc;

/// <summary>Percent-encoding of <c>grpc-message</c> as the gRPC HTTP/2 spec prescribes (UTF-8 bytes outside 0x20–0x7E, and '%').</summary>
internal static class GrpcStatusMessage
{
    private const string Hex = "0123456789ABCDEF";

    public static string Encode(string text)
    {
        if (!NeedsEncoding(text))
        {
            return text;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is < 0x20 or > 0x7E or (byte)'%')
            {
                builder.Append('%').Append(Hex[b >> 4]).Append(Hex[b & 0xF]);
            }
            else
            {
                builder.Append((char)b);
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes percent-escapes; a malformed escape is kept as it is, as the spec asks of receivers.</summary>
    public static string Decode(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        var runStart = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length
                && TryHex(value[i + 1], out var high) && TryHex(value[i + 2], out var low))
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[runStart..i]));
                bytes.Add((byte)((high << 4) | low));
                i += 2;
                runStart = i + 1;
            }
        }

        bytes.AddRange(Encoding.UTF8.GetBytes(value[runStart..]));
        return Encoding.UTF8.GetString([.. bytes]);
    }

    private static bool NeedsEncoding(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' or > '~' or '%')
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryHex(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
