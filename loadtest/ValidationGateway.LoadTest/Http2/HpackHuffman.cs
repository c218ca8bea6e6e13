namespace ValidationGateway.LoadTest.Http2;

/// <summary>The Huffman code of HPACK (RFC 7541, Appendix B), decoding only: the tool never Huffman-encodes.</summary>
/// <remarks>
/// The code is canonical: within each length the codes are consecutive in symbol order, and each length's first code
/// follows the previous length's last. So the 257 code lengths of Appendix B define it, and decoding walks the bits
/// one length at a time (RFC 7541 §5.2). Header values here are short (a status, a message), so bit-by-bit is fast
/// enough; Kestrel does not Huffman-encode at all, HAProxy and nghttp2 do.
/// </remarks>
internal static class HpackHuffman
{
    private const int Eos = 256;
    private const int MaxLength = 30;

    // Code length of symbols 0..255 and, last, of EOS (RFC 7541, Appendix B).
    private static readonly byte[] Lengths =
    [
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    ];

    // Per length: the first code of that length, how many codes have it, and where its symbols start in Symbols.
    private static readonly uint[] FirstCode = new uint[MaxLength + 1];
    private static readonly int[] Count = new int[MaxLength + 1];
    private static readonly int[] Offset = new int[MaxLength + 1];

    // Every symbol, ordered by code length, then by symbol: the order of the codes.
    private static readonly short[] Symbols = new short[Lengths.Length];

    static HpackHuffman()
    {
        foreach (var length in Lengths)
        {
            Count[length]++;
        }

        uint code = 0;
        var offset = 0;
        for (var length = 1; length <= MaxLength; length++)
        {
            FirstCode[length] = code;
            Offset[length] = offset;
            code = (code + (uint)Count[length]) << 1;
            offset += Count[length];
        }

        var next = (int[])Offset.Clone();
        for (short symbol = 0; symbol < Lengths.Length; symbol++)
        {
            Symbols[next[Lengths[symbol]]++] = symbol;
        }
    }

    /// <summary>The code of <paramref name="symbol"/> (0..256, 256 = EOS) and its length in bits (tests).</summary>
    internal static (uint Code, int Length) CodeOf(int symbol)
    {
        var length = Lengths[symbol];
        var rank = Array.IndexOf(Symbols, (short)symbol, Offset[length], Count[length]) - Offset[length];
        return (FirstCode[length] + (uint)rank, length);
    }

    /// <summary>Decodes <paramref name="encoded"/>; false when it is not a valid encoding (an EOS symbol, padding longer
    /// than 7 bits or not all ones).</summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, List<byte> output)
    {
        uint code = 0;
        var length = 0;
        foreach (var b in encoded)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                code = (code << 1) | (uint)((b >> bit) & 1);
                length++;
                var rank = code - FirstCode[length];
                if (rank < (uint)Count[length])
                {
                    var symbol = Symbols[Offset[length] + (int)rank];
                    if (symbol == Eos)
                    {
                        return false;
                    }

                    output.Add((byte)symbol);
                    code = 0;
                    length = 0;
                }
                else if (length == MaxLength)
                {
                    return false;
                }
            }
        }

        // What is left must be padding: fewer than 8 bits, all ones (the most significant bits of EOS).
        return length < 8 && code == (1u << length) - 1;
    }
}
