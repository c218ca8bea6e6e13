using ValidationGateway.Contracts.V1;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Validation;

/// <summary>Publishing a version while requests run: the new snapshot is built before the switch (its own gateway).</summary>
public sealed class HotSwapTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IDisposable
{
    public void Dispose() => Assert.Empty(gateway.Logs.Errors());

    private Task<ValidateResponse> ValidateAsync(ValidateRequest request) =>
        gateway.Client.UnaryAsync(ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser);

    [Fact]
    public async Task Publish_UnderConcurrentLoad_FailsNoRequestAndNewRequestsMoveToTheNewVersion()
    {
        var sawOld = 0;
        var sawNew = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            for (var n = 0; n < 100_000 && !(stop.IsCancellationRequested && Volatile.Read(ref sawNew) > 0); n++)
            {
                try
                {
                    var response = await ValidateAsync(Request(DemoDataSet.Hospital2, Line("1", ValidDrug)));
                    Interlocked.Increment(ref response.CatalogVersion == "2026.12-swap" ? ref sawNew : ref sawOld);
                }
                catch (Exception ex) when (ex is ValidationGateway.Grpc.GrpcStatusException or HttpRequestException)
                {
                    failures.Enqueue(ex);
                }
            }
        })).ToArray();

        while (Volatile.Read(ref sawOld) < 20)
        {
            await Task.Yield(); // traffic flowing on the old version first
        }
        var rows = DemoDataSet.Rows.Values.SelectMany(r => r).ToList();
        await gateway.PublishAsync("2026.12-swap", rows);
        await gateway.Host.Engine.RefreshCurrentVersionAsync(CancellationToken.None); // what the poll timer does
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Empty(failures);
        Assert.True(sawNew > 0);
        Assert.Equal("2026.12-swap", gateway.Host.Engine.CurrentVersion);
    }
}
