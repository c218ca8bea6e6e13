using System.Collections.Concurrent;
using System.Diagnostics;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Security;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Metrics;

/// <summary>What the web host does per request beyond the gateway's own work: no per-request log lines and no
/// trace span, even with every log level on (docs/performance.md, item 36).</summary>
public sealed class RequestTracingTests(VerboseGatewayFixture gateway) : IClassFixture<VerboseGatewayFixture>
{
    private const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private const string RequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";

    [Fact]
    public async Task Validate_WithTraceLogging_StartsNoRequestActivityAndLogsNoRequestLines()
    {
        var started = new ConcurrentQueue<string>();
        void OnChange(object? sender, ActivityChangedEventArgs e)
        {
            if (e.Current?.OperationName is { } name)
            {
                started.Enqueue(name);
            }
        }

        Activity.CurrentChanged += OnChange;
        try
        {
            using var client = gateway.ClientWith(await gateway.IssueKeyAsync(DemoDataSet.Hospital3));
            for (var i = 0; i < 5; i++)
            {
                var response = await client.UnaryAsync(ValidationGrpcService.ValidatePath, Request(DemoDataSet.Hospital3, Line("1", ValidDrug)), ValidateResponse.Parser);
                Assert.Equal(Verdict.Pass, response.Verdict);
            }
        }
        finally
        {
            Activity.CurrentChanged -= OnChange;
        }

        Assert.DoesNotContain(RequestActivity, started);
        // Trace logging is really on (the transport logs its connections), so the absence below means something.
        Assert.Contains(gateway.Logs.Entries, e => e.Contains(" Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Contains($" {HostingCategory}[", StringComparison.Ordinal));
    }
}
