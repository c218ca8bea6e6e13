using System.Text;
using ValidationGateway.Core.Actors;

namespace ValidationGateway.Core.Tests.Actors;

public class XxHash64Tests
{
    [Theory]
    [InlineData("", 0UL, 0xEF46DB3751D8E999UL)]
    [InlineData("", 1UL, 0xD5AFBA1336A3BE4BUL)]
    [InlineData("a", 0UL, 0xD24EC4F1A98C6E5BUL)]
    [InlineData("abc", 0UL, 0x44BC2CF5AD770999UL)]
    [InlineData("asdf", 0UL, 0x415872F599CEA71EUL)]
    [InlineData("Nobody inspects the spammish repetition", 0UL, 0xFBCEA83C8A378BF1UL)]
    public void Hash_Bytes_MatchesTheReferenceVectors(string ascii, ulong seed, ulong expected) =>
        Assert.Equal(expected, XxHash64.Hash(Encoding.ASCII.GetBytes(ascii), seed));

    [Fact]
    public void Hash_Text_IsTheHashOfItsUtf16CodeUnits()
    {
        const string text = "MD21010200000012345-门诊";
        Assert.Equal(XxHash64.Hash(Encoding.Unicode.GetBytes(text), 7), XxHash64.Hash(text.AsSpan(), 7));
    }

    [Fact]
    public void Hash_TextsOfEveryLengthUpToAStripeAndBeyond_AreDistinct()
    {
        var seen = new HashSet<ulong>();
        for (var length = 0; length <= 80; length++)
        {
            Assert.True(seen.Add(XxHash64.Hash(new string('7', length).AsSpan(), 0)));
            Assert.True(seen.Add(XxHash64.Hash((new string('7', length) + "8").AsSpan(), 0)));
        }
    }
}
