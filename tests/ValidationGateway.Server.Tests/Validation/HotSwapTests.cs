using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Actors;
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
    [Fact]
    public async Task Publish_VisitSpanningTheSwitch_KeepsItsMemoryAndTheInstitutionIsReadyBeforeItsNextBatch()
    {
        const string Consultation = "001102000010000"; // demo knowledge point: once per visit
        var first = Request(DemoDataSet.Hospital3, Line("1", Consultation, price: "8.00"));
        var before = await ValidateAsync(first);
        Assert.Equal(Verdict.Pass, before.Verdict);

        const string Next = "2026.12-span";
        await gateway.Host.Store.ReplaceKnowledgePointsAsync(Next, DemoDataSet.KnowledgePoints, CancellationToken.None);
        await gateway.PublishAsync(Next, [.. DemoDataSet.Rows.Values.SelectMany(r => r)]);
        await gateway.Host.Engine.RefreshCurrentVersionAsync(CancellationToken.None);

        // The institution's actor on the new version exists before its next batch arrives, and shares the old one's
        // reference data (no store read) and memory.
        var institutions = gateway.Host.Engine.Institutions;
        Assert.True(institutions.TryGetActive(new InstitutionActorKey(DemoDataSet.Hospital3, before.CatalogVersion), out var old));
        Assert.True(institutions.TryGetActive(new InstitutionActorKey(DemoDataSet.Hospital3, Next), out var successor));
        Assert.Same(old.Reference, successor.Reference);
        Assert.Same(old.Memory, successor.Memory);

        var second = Request(DemoDataSet.Hospital3, Line("2", Consultation, price: "8.00"));
        second.Visit = first.Visit.Clone();
        var after = await ValidateAsync(second);
        Assert.Equal(Next, after.CatalogVersion);
        Assert.Equal(["DUPLICATE_CHARGE"], after.Lines[0].Findings.Select(f => f.RuleId));
    }
}
