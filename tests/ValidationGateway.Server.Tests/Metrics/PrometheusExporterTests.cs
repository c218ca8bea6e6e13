using System.Diagnostics.Metrics;
using ValidationGateway.Server.Metrics;

namespace ValidationGateway.Server.Tests.Metrics;

public sealed class PrometheusExporterTests : IDisposable
{
    private readonly Meter _meter = new(GatewayMetrics.MeterName);
    private readonly PrometheusExporter _exporter;

    public PrometheusExporterTests() => _exporter = new PrometheusExporter(_meter);

    public void Dispose()
    {
        _exporter.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Collect_CounterWithTagsInEitherOrder_OneSeriesNamedTotal()
    {
        var counter = _meter.CreateCounter<long>("vgw.test.calls", "{call}", "Calls.");
        counter.Add(2, new("a", "x"), new("b", "y"));
        counter.Add(3, new("b", "y"), new("a", "x"));
        counter.Add(1, new("a", "z"), new("b", "y"));

        var scrape = PrometheusScrape.Parse(_exporter.Collect());

        Assert.Equal("counter", scrape.Types["vgw_test_calls_total"]);
        Assert.Equal("Calls.", scrape.Help["vgw_test_calls_total"]);
        Assert.Equal(5, scrape.Value("vgw_test_calls_total", ("a", "x"), ("b", "y")));
        Assert.Equal(1, scrape.Value("vgw_test_calls_total", ("a", "z"), ("b", "y")));
        Assert.Equal(2, scrape.Samples.Count);
    }

    [Fact]
    public void Collect_LabelValuesNeedingEscapes_RoundTripThroughTheParser()
    {
        var gauge = _meter.CreateUpDownCounter<int>("vgw.test.escape", null, "Help with \\ and\nnewline.");
        const string value = "quote \" backslash \\ newline \n 中文 } ";
        gauge.Add(1, new KeyValuePair<string, object?>("v", value));

        var text = _exporter.Collect();
        var scrape = PrometheusScrape.Parse(text);

        Assert.Contains("\\\"", text, StringComparison.Ordinal);
        Assert.Equal(value, Assert.Single(scrape.Samples).Label("v"));
        Assert.Equal("Help with \\ and\nnewline.", scrape.Help["vgw_test_escape"]);
        Assert.Equal("gauge", scrape.Types["vgw_test_escape"]);
    }

    [Fact]
    public void Collect_HistogramInSeconds_CumulativeBucketsSumAndCount()
    {
        var histogram = _meter.CreateHistogram("vgw.test.duration", "s", "Durations.", null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.01, 0.1] });
        foreach (var seconds in new[] { 0.0005, 0.001, 0.002, 0.05, 3.0 })
        {
            histogram.Record(seconds, new KeyValuePair<string, object?>("method", "/m"));
        }

        var scrape = PrometheusScrape.Parse(_exporter.Collect());

        Assert.Equal("histogram", scrape.Types["vgw_test_duration_seconds"]);
        Assert.Equal(2, scrape.Value("vgw_test_duration_seconds_bucket", ("method", "/m"), ("le", "0.001")));
        Assert.Equal(3, scrape.Value("vgw_test_duration_seconds_bucket", ("method", "/m"), ("le", "0.01")));
        Assert.Equal(4, scrape.Value("vgw_test_duration_seconds_bucket", ("method", "/m"), ("le", "0.1")));
        Assert.Equal(5, scrape.Value("vgw_test_duration_seconds_bucket", ("method", "/m"), ("le", "+Inf")));
        Assert.Equal(5, scrape.Value("vgw_test_duration_seconds_count", ("method", "/m")));
        Assert.Equal(3.0535, scrape.Value("vgw_test_duration_seconds_sum", ("method", "/m")), 9);
    }

    [Fact]
    public void Collect_ObservableGaugeWhoseLabelChanges_OldSeriesGone()
    {
        var version = "2026.11";
        _meter.CreateObservableGauge("vgw.test.info", () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", version)), null, "Info.");

        Assert.Equal(1, PrometheusScrape.Parse(_exporter.Collect()).Value("vgw_test_info", ("version", "2026.11")));
        version = "2026.12";
        var scrape = PrometheusScrape.Parse(_exporter.Collect());

        var sample = Assert.Single(scrape.Samples);
        Assert.Equal("2026.12", sample.Label("version"));
    }

    [Fact]
    public void Collect_AnotherMeterOfTheSameName_NotRead()
    {
        using var other = new Meter(GatewayMetrics.MeterName);
        other.CreateCounter<long>("vgw.test.other").Add(1);
        _meter.CreateCounter<long>("vgw.test.mine").Add(1);

        var scrape = PrometheusScrape.Parse(_exporter.Collect());

        Assert.Equal(["vgw_test_mine_total"], scrape.Types.Keys);
    }

    [Fact]
    public void Parse_MalformedExpositions_Throw()
    {
        Assert.Throws<FormatException>(() => PrometheusScrape.Parse("x 1"));
        Assert.Throws<FormatException>(() => PrometheusScrape.Parse("# TYPE x_total counter\nx_total{a=\"1\"} 1\nx_total{a=\"1\"} 2\n"));
        Assert.Throws<FormatException>(() => PrometheusScrape.Parse("# TYPE x counter\nx 1\n"));
        Assert.Throws<FormatException>(() => PrometheusScrape.Parse("x{a=\"1\"b=\"2\"} 1\n"));
        Assert.Throws<FormatException>(() => PrometheusScrape.Parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n"));
        Assert.Throws<FormatException>(() => PrometheusScrape.Parse("a 1\nb 1\na{x=\"1\"} 1\n"));
        Assert.Throws<FormatException>(() => PrometheusScrape.Parse("x{a=\"\\t\"} 1\n"));
    }
}
