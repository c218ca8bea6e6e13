namespace ValidationGateway.Storage.Tests;

public sealed class CatalogVersionLabelTests
{
    [Theory]
    [InlineData("2026.11.1")]
    [InlineData("v1")]
    [InlineData("A-b_C.9")]
    public void TryValidate_GoodLabel_ReturnsTrue(string label) =>
        Assert.True(CatalogVersionLabel.TryValidate(label, out _));

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("a b", "' '")]
    [InlineData("ｖ1", "'ｖ'")]
    public void TryValidate_BadLabel_ReturnsFalseWithReason(string? label, string expected)
    {
        Assert.False(CatalogVersionLabel.TryValidate(label, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
