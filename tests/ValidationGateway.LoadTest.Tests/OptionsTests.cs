using ValidationGateway.LoadTest.Cli;
using ValidationGateway.LoadTest.Running;
using ValidationGateway.LoadTest.Schedules;

namespace ValidationGateway.LoadTest.Tests;

public class OptionsTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    [Fact]
    public void Parse_Rate_OpenLoopConstant()
    {
        var errors = new List<string>();
        var o = OptionsParser.Parse(["--rate", "500", "--duration=15s", "--call", "stream", "--header", "authorization=Bearer x=y"], Today, errors);
        Assert.Empty(errors);
        Assert.True(o.OpenLoop);
        Assert.IsType<ConstantSchedule>(o.Schedule);
        Assert.True(o.Stream);
        Assert.Equal(15, o.Duration.TotalSeconds);
        Assert.Equal(new KeyValuePair<string, string>("authorization", "Bearer x=y"), o.Headers[0]);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("h2", false)]
    [InlineData("httpclient", true)]
    public void Parse_Client_TheToolsOwnByDefault(string? client, bool httpClient)
    {
        var errors = new List<string>();
        var o = OptionsParser.Parse(client is null ? [] : ["--client", client], Today, errors);

        Assert.Empty(errors);
        Assert.Equal(httpClient, o.UseHttpClient);
    }

    [Fact]
    public void Parse_UnknownClient_ErrorNamesTheChoices()
    {
        var errors = new List<string>();
        OptionsParser.Parse(["--client", "grpc-dotnet"], Today, errors);

        Assert.Equal(["--client: 'grpc-dotnet' is not h2 or httpclient"], errors);
    }

    [Fact]
    public void Parse_CatalogWithoutFaults_DefaultMixLeavesOutTheFaultsThatNeedTheDemoReferenceData()
    {
        var errors = new List<string>();
        var demo = OptionsParser.Parse([], Today, errors).Faults.Entries.Select(e => e.Kind.Name).ToList();
        var catalog = OptionsParser.Parse(["--catalog", "large.csv"], Today, errors).Faults.Entries.Select(e => e.Kind.Name).ToList();
        var chosen = OptionsParser.Parse(["--catalog", "large.csv", "--faults", "mapping-mismatch=0.01,doctor-missing=0.01"], Today, errors).Faults.Entries.Select(e => e.Kind.Name).ToList();

        Assert.Empty(errors);
        Assert.Equal(["doctor-missing", "doctor-unregistered", "mapping-mismatch", "mapping-unregistered"], demo.Except(catalog).Order());
        Assert.Contains("unknown", catalog);
        Assert.Contains("overprice", catalog);
        Assert.Equal(["mapping-mismatch", "doctor-missing"], chosen);
    }

    [Theory]
    [InlineData(null, 0.25)]
    [InlineData("0", 0)]
    [InlineData("1ms", 1)]
    [InlineData("0.05ms", 0.05)]
    public void Parse_Pacing_DefaultQuarterMillisecond(string? pacing, double expectedMs)
    {
        var errors = new List<string>();
        var o = OptionsParser.Parse(pacing is null ? ["--rate", "100"] : ["--rate", "100", "--pacing", pacing], Today, errors);
        Assert.Empty(errors);
        Assert.Equal(expectedMs, o.Pacing.TotalMilliseconds, precision: 6);
    }

    [Theory]
    [InlineData("fast", "not a duration")]
    [InlineData("101ms", "at most 100 ms")]
    public void Parse_BadPacing_ClearError(string pacing, string expected)
    {
        var errors = new List<string>();
        OptionsParser.Parse(["--rate", "100", "--pacing", pacing], Today, errors);
        Assert.Contains(errors, e => e.StartsWith("--pacing", StringComparison.Ordinal) && e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--target", "ftp://127.0.0.1:5080", "--target: 'ftp://127.0.0.1:5080' is not an http(s) URL")]
    [InlineData("--gateway-metrics", "127.0.0.1:5081/metrics", "--gateway-metrics: '127.0.0.1:5081/metrics' is not an http(s) URL (the gateway's /metrics page")]
    public void Parse_NotAnHttpUrl_ClearError(string option, string value, string error)
    {
        var errors = new List<string>();
        var o = OptionsParser.Parse([option, value], Today, errors);
        Assert.StartsWith(error, Assert.Single(errors), StringComparison.Ordinal);
        Assert.Null(o.GatewayMetrics);
        Assert.Equal(new Uri("http://127.0.0.1:5080"), o.Target);
        Assert.Equal(new Uri("http://127.0.0.1:5081/metrics"), OptionsParser.Parse(["--gateway-metrics", "http://127.0.0.1:5081/metrics"], Today, errors).GatewayMetrics);
    }

    [Theory]
    [InlineData(null, false, false)]
    [InlineData("unary", false, false)]
    [InlineData("stream", true, false)]
    [InlineData("empty", false, true)]
    public void Parse_Call_ChoosesValidateStreamOrTheEmptyBaseline(string? call, bool stream, bool baseline)
    {
        var errors = new List<string>();
        var o = OptionsParser.Parse(call is null ? [] : ["--call", call], Today, errors);
        Assert.Empty(errors);
        Assert.Equal(stream, o.Stream);
        Assert.Equal(baseline, o.Baseline);
    }

    [Fact]
    public void Parse_Step_SetsTheDuration()
    {
        var errors = new List<string>();
        var o = OptionsParser.Parse(["--step", "1000:10s,2000:5s"], Today, errors);
        Assert.Empty(errors);
        Assert.Equal(15, o.Duration.TotalSeconds);
    }

    [Fact]
    public void Parse_ManyMistakes_ReportsEveryOne()
    {
        var errors = new List<string>();
        OptionsParser.Parse(["--rate", "100", "--peak", "200", "--concurrency", "0", "--institutions", "X1", "--bogus", "--call", "bidi"], Today, errors);
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void Parse_OpenModeWithoutSchedule_IsAnError()
    {
        var errors = new List<string>();
        OptionsParser.Parse(["--mode", "open"], Today, errors);
        Assert.Single(errors);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", false, true)]
    [InlineData("http://[::1]:5080", false, true)]
    [InlineData("http://localhost:5080", false, true)]
    [InlineData("http://10.1.2.3:5080", false, false)]
    [InlineData("http://10.1.2.3:5080", true, true)]
    public async Task LoopbackGuard_NonLoopbackRefusedUnlessAllowed(string url, bool allowRemote, bool allowed)
    {
        var refusal = await LoopbackGuard.CheckAsync(new Uri(url), allowRemote, CancellationToken.None);
        Assert.Equal(allowed, refusal is null);
    }
}
