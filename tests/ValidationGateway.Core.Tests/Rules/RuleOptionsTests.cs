using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Core.Tests.Rules;

public class RuleOptionsTests
{
    [Fact]
    public void ToRuleTable_SeverityOverrides_ApplyByWireName()
    {
        var options = new RuleOptions { Profile = "region-x", Severities = { ["RESTRICTED_USE_UNAPPROVED"] = "error", ["LOCAL_CODE_MISSING"] = "Warning" } };
        Assert.Empty(options.Validate());
        var table = options.ToRuleTable();
        Assert.Equal("region-x", table.Profile);
        Assert.Equal(Severity.Error, table.SeverityOf(RuleId.RestrictedUseUnapproved));
        Assert.Equal(Severity.Warning, table.SeverityOf(RuleId.LocalCodeMissing));
        Assert.Equal(Severity.Error, table.SeverityOf(RuleId.NationalCodeMissing));
        Assert.Equal(Severity.Warning, table[RuleId.RestrictedUseUnapproved].DefaultSeverity);
    }

    [Fact]
    public void Validate_UnknownRuleOrSeverityOrNegativeThreshold_NamesEach()
    {
        var options = new RuleOptions { Severities = { ["NO_SUCH_RULE"] = "error", ["AGE_RESTRICTED"] = "fatal" }, SelfPayConsentThreshold = -1 };
        var errors = options.Validate();
        Assert.Contains(errors, e => e.Contains("NO_SUCH_RULE is not a rule id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("AGE_RESTRICTED must be error, warning or info", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Rules:SelfPayConsentThreshold", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("12.50", true, "12.50")]
    [InlineData("-3", true, "-3")]
    [InlineData("0.000001", true, "0.000001")]
    [InlineData("9999999999999999.999999", true, "9999999999999999.999999")]
    [InlineData("1e3", false, null)]
    [InlineData("NaN", false, null)]
    [InlineData(" 1", false, null)]
    [InlineData("1,000", false, null)]
    [InlineData("1.", false, null)]
    [InlineData(".5", false, null)]
    [InlineData("--1", false, null)]
    [InlineData("0.0000001", false, null)]
    [InlineData("99999999999999999", false, null)]
    [InlineData("", false, null)]
    public void DecimalText_TryParse_AcceptsOnlyPlainDecimals(string text, bool ok, string? expected)
    {
        Assert.Equal(ok, DecimalText.TryParse(text, out var value));
        if (ok)
        {
            Assert.Equal(decimal.Parse(expected!, System.Globalization.CultureInfo.InvariantCulture), value);
        }
    }
}
