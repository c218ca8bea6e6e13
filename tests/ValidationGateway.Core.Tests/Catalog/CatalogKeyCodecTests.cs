using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Core.Tests.Catalog;

public class CatalogKeyCodecTests
{
    [Theory]
    [InlineData("C0101010010100103941")]
    [InlineData("C01010100101001039411234567")]
    [InlineData("XA11CCA351E002010101121")]
    [InlineData("001102000010000")]
    [InlineData("K12.300x001")]
    [InlineData("YP-0001 ~")]
    [InlineData("7")]
    [InlineData("A")]
    [InlineData("")]
    public void Decode_EncodedCode_GivesItBackAndEqualsCharsAgrees(string code)
    {
        Span<byte> key = stackalloc byte[CatalogKeyCodec.BufferSize];
        key = key[..CatalogKeyCodec.Encode(code, key)];
        Span<char> chars = stackalloc char[CatalogKeyCodec.MaxChars];

        Assert.Equal(code, new string(chars[..CatalogKeyCodec.Decode(key, chars)]));
        Assert.True(CatalogKeyCodec.EqualsChars(key, code));
        Assert.False(CatalogKeyCodec.EqualsChars(key, code + "0"));
        Assert.False(CatalogKeyCodec.EqualsChars(key, code + "F"));
        Assert.Equal(code.Length == 0, CatalogKeyCodec.EqualsChars(key, ""));
        if (code.Length > 0)
        {
            Assert.False(CatalogKeyCodec.EqualsChars(key, code.AsSpan(0, code.Length - 1)));
            Assert.False(CatalogKeyCodec.EqualsChars(key, code[..^1] + "中"));
        }
    }
}
