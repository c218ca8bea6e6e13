using ValidationGateway.Core.Runtime;

namespace ValidationGateway.Core.Tests.Runtime;

public class Gen0BudgetTests
{
    private static readonly Func<string, string?> NoVariables = _ => null;

    [Fact]
    public void Warning_LinuxWithoutCacheSizes_NamesTheVariableToSet()
    {
        var warning = Gen0Budget.Warning(linux: true, NoVariables, _ => false);

        Assert.NotNull(warning);
        Assert.Contains(Gen0Budget.Recommended, warning, StringComparison.Ordinal);
        Assert.Contains("/sys/devices/system/cpu/cpu0/cache", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DOTNET_GCgen0size")]
    [InlineData("COMPlus_GCgen0size")]
    public void Warning_BudgetAlreadySet_IsNull(string variable)
    {
        Assert.Null(Gen0Budget.Warning(linux: true, name => name == variable ? "0x4000000" : null, _ => false));
    }

    [Fact]
    public void Warning_CacheSizesPublished_IsNull()
    {
        Assert.Null(Gen0Budget.Warning(linux: true, NoVariables, path => path == "/sys/devices/system/cpu/cpu0/cache"));
    }

    [Fact]
    public void Warning_NotLinux_IsNull()
    {
        Assert.Null(Gen0Budget.Warning(linux: false, NoVariables, _ => false));
    }
}
