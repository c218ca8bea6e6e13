using ValidationGateway.Core.Rules;

namespace ValidationGateway.Core.Tests.Rules;

public class FeeTimeTests
{
    [Theory]
    [InlineData("2026-11-22 09:30:00")]
    [InlineData("2026-11-22")]
    [InlineData("2024-02-29 23:59:59")]
    [InlineData("2026-02-29 10:00:00")]
    [InlineData("2026-13-01 00:00:00")]
    [InlineData("2026-11-31")]
    [InlineData("0000-01-01 00:00:00")]
    [InlineData("0001-01-01 00:00:00")]
    [InlineData("9999-12-31 23:59:59")]
    [InlineData("2026-11-22 24:00:00")]
    [InlineData("2026-11-22 23:60:00")]
    [InlineData("2026-11-22T09:30:00")]
    [InlineData("2026/11/22 09:30:00")]
    [InlineData(" 2026-11-22")]
    [InlineData("2026-1-22")]
    [InlineData("２０２６-11-22")]
    [InlineData("")]
    public void TryParse_AgreesWithTheFrameworkParser(string text)
    {
        var expected = FeeTime.TryParseReference(text, out var reference);
        Assert.Equal(expected, FeeTime.TryParse(text, out var value));
        Assert.Equal(reference, value);
    }

    [Fact]
    public void TryParse_EveryDayOfFourYears_AgreesWithTheFrameworkParser()
    {
        for (var day = new DateOnly(2023, 1, 1); day < new DateOnly(2027, 1, 1); day = day.AddDays(1))
        {
            var text = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + " 13:07:59";
            Assert.True(FeeTime.TryParse(text, out var value));
            Assert.True(FeeTime.TryParseReference(text, out var reference));
            Assert.Equal(reference, value);
        }
    }
}
