using System.Text.Json;
using ValidationGateway.LoadTest.Reports;
using ValidationGateway.LoadTest.Running;

namespace ValidationGateway.LoadTest.Tests;

/// <summary>--gateway-metrics: the gateway's own histogram read from its /metrics page before and after a run.</summary>
public class GatewayHistogramTests
{
    private const string Family = "vgw_grpc_request_duration_seconds";

    private static string Page(long le1, long le5, long le10, long inf, long otherMethod = 999) => $$"""
        # HELP vgw_grpc_request_duration_seconds Time from a call's headers to its status, in seconds, by method.
        # TYPE vgw_grpc_request_duration_seconds histogram
        vgw_grpc_request_duration_seconds_bucket{method="{{UnaryTarget.Path}}",le="0.001"} {{le1}}
        vgw_grpc_request_duration_seconds_bucket{method="{{UnaryTarget.Path}}",le="0.005"} {{le5}}
        vgw_grpc_request_duration_seconds_bucket{method="{{UnaryTarget.Path}}",le="10"} {{le10}}
        vgw_grpc_request_duration_seconds_bucket{method="{{UnaryTarget.Path}}",le="+Inf"} {{inf}}
        vgw_grpc_request_duration_seconds_sum{method="{{UnaryTarget.Path}}"} 12.5
        vgw_grpc_request_duration_seconds_count{method="{{UnaryTarget.Path}}"} {{inf}}
        vgw_grpc_request_duration_seconds_bucket{method="{{UnaryTarget.BaselinePath}}",le="0.001"} {{otherMethod}}
        vgw_grpc_request_duration_seconds_bucket{method="{{UnaryTarget.BaselinePath}}",le="+Inf"} {{otherMethod}}
        vgw_grpc_stream_message_duration_seconds_bucket{method="{{StreamTarget.Path}}",le="+Inf"} 5
        """;

    [Fact]
    public void Between_TwoPages_CallsOfThisMethodAndTheBucketsHoldingP50AndP99()
    {
        var before = GatewayHistogram.Parse(Page(100, 100, 100, 100), Family, UnaryTarget.Path);
        Assert.Equal([0.001, 0.005, 10, double.PositiveInfinity], before.Keys);

        // 1,000 calls in between: 600 within 1 ms, 395 more within 5 ms, 4 within 10 s, 1 beyond.
        var after = GatewayHistogram.Parse(Page(700, 1_095, 1_099, 1_100, otherMethod: 5_000), Family, UnaryTarget.Path);
        var (calls, p50, p99) = GatewayHistogram.Between(before, after);

        Assert.Equal(1_000, calls);
        Assert.Equal(1.0, p50);
        Assert.Equal(5.0, p99);
    }

    [Fact]
    public void Between_TailPastTheLastBucket_IsInfinityAndTheReportsSaySo()
    {
        var before = GatewayHistogram.Parse(Page(0, 0, 0, 0), Family, UnaryTarget.Path);
        var after = GatewayHistogram.Parse(Page(90, 90, 98, 100), Family, UnaryTarget.Path);
        var (calls, p50, p99) = GatewayHistogram.Between(before, after);
        Assert.Equal((100L, 1.0, double.PositiveInfinity), (calls, p50!.Value, p99!.Value));
        Assert.Equal("> 10 s", TextSummary.Bound(p99));
        Assert.Equal("≤ 1 ms", TextSummary.Bound(p50));
    }

    [Fact]
    public void Parse_NoSeriesForTheMethod_Empty()
    {
        Assert.Empty(GatewayHistogram.Parse(Page(1, 2, 3, 4), Family, "/validationgateway.v1.ValidationService/Nope"));
        Assert.Single(GatewayHistogram.Parse(Page(1, 2, 3, 4), "vgw_grpc_stream_message_duration_seconds", StreamTarget.Path));
    }

    [Fact]
    public void Parse_LinesItCannotRead_AreSkipped()
    {
        var page = $$"""
            {{Family}}_bucket{method="{{UnaryTarget.Path}}",le="fast"} 3
            {{Family}}_bucket{method="{{UnaryTarget.Path}}",le="0.005} 3
            {{Family}}_bucket{method="{{UnaryTarget.Path}}",le="0.01"} many
            {{Family}}_bucket{method="{{UnaryTarget.Path}}",le="+Inf"} 7
            """;
        Assert.Equal([double.PositiveInfinity], GatewayHistogram.Parse(page, Family, UnaryTarget.Path).Keys);
    }
}
