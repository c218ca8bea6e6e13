using System.Text;

namespace ValidationGateway.LoadTest.Http2;

/// <summary>Encodes a gRPC request's header block (RFC 7541): static-table entries where they match exactly, every
/// other field a literal without indexing (never indexed for <c>authorization</c>), no Huffman coding.</summary>
/// <remarks>Nothing enters the server's dynamic table, so a block does not depend on what was sent before and can be
/// encoded once and reused for every call with the same path and metadata.</remarks>
internal static class RequestHeaders
{
    // Static table indexes (RFC 7541, Appendix A).
    private const int MethodPost = 3;
    private const int SchemeHttp = 6;
    private const int SchemeHttps = 7;
    private const int AuthorityName = 1;
    private const int PathName = 4;
    private const int AuthorizationName = 23;
    private const int ContentTypeName = 31;
    private const int UserAgentName = 58;

    /// <summary>The block for a POST of <paramref name="path"/> to <paramref name="authority"/> with
    /// <paramref name="metadata"/> (lower-case names; <c>authorization</c> is sent never-indexed).</summary>
    public static byte[] Encode(bool https, string authority, string path, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var block = new List<byte>(256);
        WriteInteger(block, 0x80, 7, MethodPost);
        WriteInteger(block, 0x80, 7, https ? SchemeHttps : SchemeHttp);
        WriteLiteral(block, PathName, null, path, neverIndexed: false);
        WriteLiteral(block, AuthorityName, null, authority, neverIndexed: false);
        WriteLiteral(block, ContentTypeName, null, "application/grpc", neverIndexed: false);
        WriteLiteral(block, 0, "te", "trailers", neverIndexed: false);
        WriteLiteral(block, UserAgentName, null, "vgw-load", neverIndexed: false);
        foreach (var (name, value) in metadata)
        {
            if (name == "authorization")
            {
                WriteLiteral(block, AuthorizationName, null, value, neverIndexed: true);
            }
            else
            {
                WriteLiteral(block, 0, name, value, neverIndexed: false);
            }
        }

        return [.. block];
    }

    /// <summary>A literal field without indexing (prefix 0000) or never indexed (0001), its name by static index or
    /// literal.</summary>
    private static void WriteLiteral(List<byte> block, int nameIndex, string? name, string value, bool neverIndexed)
    {
        WriteInteger(block, neverIndexed ? (byte)0x10 : (byte)0x00, 4, nameIndex);
        if (nameIndex == 0)
        {
            WriteString(block, name!);
        }

        WriteString(block, value);
    }

    private static void WriteString(List<byte> block, string text)
    {
        var octets = Encoding.Latin1.GetBytes(text);
        WriteInteger(block, 0x00, 7, octets.Length);
        block.AddRange(octets);
    }

    /// <summary>An integer with an N-bit prefix after <paramref name="pattern"/>'s high bits (RFC 7541 §5.1).</summary>
    internal static void WriteInteger(List<byte> block, byte pattern, int prefixBits, int value)
    {
        var max = (1 << prefixBits) - 1;
        if (value < max)
        {
            block.Add((byte)(pattern | value));
            return;
        }

        block.Add((byte)(pattern | max));
        value -= max;
        while (value >= 0x80)
        {
            block.Add((byte)((value & 0x7f) | 0x80));
            value >>= 7;
        }

        block.Add((byte)value);
    }
}
