using System.Globalization;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Rules;
using ValidationGateway.Server.Catalog;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Catalog;

/// <summary>A few batches recorded by a real gateway over gRPC, then a version that drops one code, replayed with `vgw catalog impact`.</summary>
public sealed class CatalogImpactTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IDisposable
{
    private const string PatentDrug = "ZA04BAA0021010100372";

    public void Dispose() => Assert.Empty(gateway.Logs.Errors());

    private static string Today => AuditRecords.DayOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Impact_VersionDroppingACode_ThatCodesLinesNewlyFailWithNationalCodeUnknown()
    {
        // Hospital3: two batches, three lines with the code to be dropped in two of them; Hospital2: one line untouched.
        var sent = new[]
        {
            Request(DemoDataSet.Hospital3, Line("1", ValidDrug), Line("2", PatentDrug)),
            Request(DemoDataSet.Hospital3, Line("1", ValidDrug)),
            Request(DemoDataSet.Hospital2, Line("1", PatentDrug)),
        };
        foreach (var request in sent)
        {
            var response = await gateway.Client.UnaryAsync(ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser);
            Assert.Equal(Verdict.Pass, response.Verdict);
        }

        var next = DemoDataSet.Rows.Values.SelectMany(r => r).Where(r => r.Code != ValidDrug).ToList();
        await gateway.PublishAsync("impact-next", next);

        var validator = new BatchValidator(CodeFormatProfile.Default, RuleTable.Default);
        var report = await new CatalogImpact(gateway.Host.Store, validator).ComputeAsync("impact-next", AuditRecords.DayOf(DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.Equal(new[] { DemoDataSet.Version }, report.Versions);
        var h3 = Assert.Single(report.Institutions, i => i.Code == DemoDataSet.Hospital3);
        Assert.Equal((2L, 3L, 2L, 2L, 0L, 0L), (h3.Batches, h3.Lines, h3.NewlyFailing, h3.PassToFail, h3.NewlyPassing, h3.Skipped));
        Assert.Equal(new Dictionary<string, long> { ["NATIONAL_CODE_UNKNOWN"] = 2 }, h3.NewFindings);
        var h2 = Assert.Single(report.Institutions, i => i.Code == DemoDataSet.Hospital2);
        Assert.Equal((1L, 1L, 0L, 0L), (h2.Batches, h2.Lines, h2.NewlyFailing, h2.NewlyPassing));

        var cli = await CatalogCliRunner.VgwAsync(gateway.StorePath, "catalog", "impact", "--version", "impact-next", "--date", Today);
        Assert.True(cli.Exit == 0, cli.Err);
        Assert.Matches($@"{DemoDataSet.Hospital3}\s+2\s+3\s+2\s+2\s+0\s+\+NATIONAL_CODE_UNKNOWN 2", cli.Out);
    }

    [Fact]
    public async Task ImpactCommand_UnknownVersionOrBadDate_IsAClearError()
    {
        var unknown = await CatalogCliRunner.VgwAsync(gateway.StorePath, "catalog", "impact", "--version", "nope", "--date", Today);
        Assert.Equal(1, unknown.Exit);
        Assert.Contains("catalog version 'nope' not found", unknown.Err, StringComparison.Ordinal);

        var badDate = await CatalogCliRunner.VgwAsync(gateway.StorePath, "catalog", "impact", "--version", DemoDataSet.Version, "--date", "22.11.2026");
        Assert.Equal(1, badDate.Exit);
        Assert.Contains("--date must be yyyy-MM-dd", badDate.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImpactCommand_DayWithoutRequests_SaysSo()
    {
        var empty = await CatalogCliRunner.VgwAsync(gateway.StorePath, "catalog", "impact", "--version", DemoDataSet.Version, "--date", "2001-01-01");
        Assert.True(empty.Exit == 0, empty.Err);
        Assert.Contains("no recorded requests on 2001-01-01", empty.Out, StringComparison.Ordinal);
    }
}
