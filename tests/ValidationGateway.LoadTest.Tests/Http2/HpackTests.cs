using ValidationGateway.LoadTest.Http2;

namespace ValidationGateway.LoadTest.Tests.Http2;

/// <summary>The load tool's HPACK: RFC 7541's own examples (Appendix C), the canonical Huffman code, malformed input,
/// and the request header blocks it encodes read back by its decoder.</summary>
public class HpackTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    private static List<(string, string)> Decode(HpackDecoder decoder, string hex)
    {
        var fields = new List<(string, string)>();
        decoder.Decode(Hex(hex), (name, value) => fields.Add((name, value)));
        return fields;
    }

    [Theory]
    [InlineData("0a", 5, 10)]
    [InlineData("1f9a0a", 5, 1337)]
    [InlineData("2a", 8, 42)]
    public void ReadInteger_Rfc7541C1_DecodesTheExamples(string hex, int prefixBits, int expected)
    {
        var position = 0;

        Assert.Equal(expected, HpackDecoder.ReadInteger(Hex(hex), ref position, prefixBits));
        Assert.Equal(hex.Length / 2, position);
    }

    [Fact]
    public void Decode_Rfc7541C3_RequestsWithoutHuffmanShareTheDynamicTable()
    {
        var decoder = new HpackDecoder();

        Assert.Equal([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")],
            Decode(decoder, "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"));
        Assert.Equal(57, decoder.TableSize);
        Assert.Equal([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com"), ("cache-control", "no-cache")],
            Decode(decoder, "8286 84be 5808 6e6f 2d63 6163 6865"));
        Assert.Equal(110, decoder.TableSize);
        Assert.Equal([(":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"), ("custom-key", "custom-value")],
            Decode(decoder, "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"));
        Assert.Equal(164, decoder.TableSize);
    }

    [Fact]
    public void Decode_Rfc7541C4_HuffmanCodedRequests()
    {
        var decoder = new HpackDecoder();

        Assert.Equal([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com")],
            Decode(decoder, "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"));
        Assert.Equal([(":method", "GET"), (":scheme", "http"), (":path", "/"), (":authority", "www.example.com"), ("cache-control", "no-cache")],
            Decode(decoder, "8286 84be 5886 a8eb 1064 9cbf"));
        Assert.Equal([(":method", "GET"), (":scheme", "https"), (":path", "/index.html"), (":authority", "www.example.com"), ("custom-key", "custom-value")],
            Decode(decoder, "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"));
        Assert.Equal(164, decoder.TableSize);
    }

    [Fact]
    public void Decode_SizeUpdateToZero_EmptiesTheTableAndIndexesNoMore()
    {
        var decoder = new HpackDecoder();
        Decode(decoder, "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d");

        // 0x20: a dynamic table size update to 0, then a literal with incremental indexing that no longer fits.
        Assert.Equal([("custom-key", "custom-value")], Decode(decoder, "20 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"));
        Assert.Equal(0, decoder.TableSize);
        Assert.Throws<HpackException>(() => Decode(decoder, "be"));
    }

    [Theory]
    [InlineData("c0")]                    // index 64: no dynamic entry
    [InlineData("80")]                    // index 0
    [InlineData("410f77")]                // a literal longer than its block
    [InlineData("82 20")]                 // a size update after a field
    [InlineData("3fe21f")]                // a size update above the 4,096 this side allows
    [InlineData("ffffffffff0f")]          // an integer too large
    public void Decode_Malformed_CompressionError(string hex)
    {
        Assert.Throws<HpackException>(() => Decode(new HpackDecoder(), hex));
    }

    [Theory]
    [InlineData(' ', 0x14u, 6)]
    [InlineData('0', 0x0u, 5)]
    [InlineData('a', 0x3u, 5)]
    [InlineData(0, 0x1ff8u, 13)]
    [InlineData(255, 0x3ffffeeu, 26)]
    [InlineData(256, 0x3fffffffu, 30)]
    public void CodeOf_CanonicalCodeFromTheLengths_IsAppendixB(int symbol, uint code, int length)
    {
        Assert.Equal((code, length), HpackHuffman.CodeOf(symbol));
    }

    [Theory]
    [InlineData("1fff ffff ff")]          // 'a' (00011), then EOS (30 ones) inside the string
    [InlineData("1f ff")]                 // 'a' (00011) then 11 bits of padding
    [InlineData("1e")]                    // 'a' then padding with a zero bit
    public void TryDecode_MalformedHuffman_Refused(string hex)
    {
        Assert.False(HpackHuffman.TryDecode(Hex(hex), []));
    }

    [Fact]
    public void Encode_RequestBlock_ReadBackByTheDecoder()
    {
        var block = RequestHeaders.Encode(https: false, "127.0.0.1:5080", "/validationgateway.v1.ValidationService/Validate",
            [new("grpc-timeout", "10000m"), new("x-fixmedins-code", "H21010200123"), new("authorization", "Bearer vgw_key")]);

        var fields = new List<(string, string)>();
        new HpackDecoder().Decode(block, (name, value) => fields.Add((name, value)));

        Assert.Equal(
            [(":method", "POST"), (":scheme", "http"), (":path", "/validationgateway.v1.ValidationService/Validate"), (":authority", "127.0.0.1:5080"),
             ("content-type", "application/grpc"), ("te", "trailers"), ("user-agent", "vgw-load"), ("grpc-timeout", "10000m"),
             ("x-fixmedins-code", "H21010200123"), ("authorization", "Bearer vgw_key")],
            fields);
        // authorization is never indexed (0001 prefix, static name index 23 = 15 + 8).
        Assert.Contains(new byte[] { 0x1f, 0x08 }, Enumerable.Range(0, block.Length - 1).Select(i => new[] { block[i], block[i + 1] }), new BytesComparer());
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
