using System.Security.Cryptography;
using System.Text;
using ValidationGateway.Core.Audit;

namespace ValidationGateway.Core.Tests.Audit;

public sealed class PersonalDataHasherTests
{
    private static readonly byte[] KeyA = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] KeyB = Enumerable.Range(100, 40).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData("210102199001011234")]
    [InlineData("PSN-外国人-0001")]
    [InlineData("x")]
    public void Hash_IsHmacSha256OfTheUtf8BytesAsLowerHex(string value)
    {
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(KeyA, Encoding.UTF8.GetBytes(value)));

        Assert.Equal(expected, new PersonalDataHasher(KeyA).Hash(value));
    }

    [Fact]
    public void Hash_TwoHashersInterleavedOnOneThread_EachUsesItsOwnKey()
    {
        var a = new PersonalDataHasher(KeyA);
        var b = new PersonalDataHasher(KeyB);

        var first = a.Hash("P1");
        var other = b.Hash("P1");
        var again = a.Hash("P1");

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(KeyB, "P1"u8)), other);
    }

    [Fact]
    public void Hash_ManyThreadsAtOnce_SameHashForTheSameValue()
    {
        var hasher = new PersonalDataHasher(KeyA);
        var expected = Enumerable.Range(0, 200).Select(i => hasher.Hash($"PSN{i}")).ToArray();

        var results = new string[8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
            results[t] = Enumerable.Range(0, 200).Select(i => hasher.Hash($"PSN{i}")).ToArray());

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Hash_ValueLongerThanTheStackBuffer_SameAsOneShot()
    {
        var value = new string('号', 300);

        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(KeyA, Encoding.UTF8.GetBytes(value))), new PersonalDataHasher(KeyA).Hash(value));
    }

    [Fact]
    public void Hash_Empty_IsEmpty() => Assert.Equal("", new PersonalDataHasher(KeyA).Hash(""));

    [Fact]
    public void Constructor_KeyShorterThan32Bytes_Throws() => Assert.Throws<ArgumentException>(() => new PersonalDataHasher(new byte[31]));
}
