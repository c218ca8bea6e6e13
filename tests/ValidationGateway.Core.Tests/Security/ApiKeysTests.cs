using ValidationGateway.Core.Security;

namespace ValidationGateway.Core.Tests.Security;

public class ApiKeysTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_ThenParseAndVerify_Succeeds()
    {
        var (key, record) = ApiKeys.Create("H21010200123", isAdmin: false, Now);
        Assert.Equal(ApiKeys.KeyLength, key.Length);
        Assert.True(ApiKeys.TryParse(key, out var id, out var secret));
        Assert.Equal(record.KeyId, id);
        Assert.True(ApiKeys.Verify(record, secret));
        Assert.Equal("H21010200123", record.InstitutionCode);
        Assert.DoesNotContain(secret.ToString(), record.SecretHash, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_WrongSecret_Fails()
    {
        var (key, record) = ApiKeys.Create(null, isAdmin: true, Now);
        var tampered = key[..^1] + (key[^1] == 'A' ? 'B' : 'A');
        Assert.True(ApiKeys.TryParse(tampered, out _, out var secret));
        Assert.False(ApiKeys.Verify(record, secret));
        Assert.Null(record.InstitutionCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer x")]
    [InlineData("vgw_0123456789abcdef")]
    [InlineData("vgw_0123456789ABCDEF_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("xyz_0123456789abcdef_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void TryParse_NotAKey_IsFalse(string text) => Assert.False(ApiKeys.TryParse(text, out _, out _));

    [Fact]
    public void Create_TwoKeys_Differ()
    {
        var (a, _) = ApiKeys.Create("H1", false, Now);
        var (b, _) = ApiKeys.Create("H1", false, Now);
        Assert.NotEqual(a, b);
    }
}
