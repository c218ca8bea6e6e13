using System.Globalization;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Audit;

/// <summary>A known mix of batches, retries included, and the numbers the compliance service must then report exactly.</summary>
public sealed class AuditTrailTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IDisposable
{
    private const string Marker = "PSN-MARKED-7f3a91";

    public void Dispose() => Assert.Empty(gateway.Logs.Errors());

    private Task<ValidateResponse> ValidateAsync(ValidateRequest request) =>
        gateway.Client.UnaryAsync(ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser);

    private static string Today => AuditRecords.DayOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task DailyReport_KnownMixWithRetries_CountsExactlyWhatWasSentOnce()
    {
        // Hospital3: A (clean + unknown), A again (retry), B (over the cap), C (restricted use, a warning).
        var a = Request(DemoDataSet.Hospital3, Line("1", ValidDrug), Line("2", "XA10BAE056A001010109999"));
        a.Visit.PsnNo = Marker;
        var first = await ValidateAsync(a);
        var retry = await ValidateAsync(a);
        Assert.False(first.Replayed);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Lines.Select(l => l.Verdict), retry.Lines.Select(l => l.Verdict));
        Assert.Equal(first.Verdict, retry.Verdict);

        await ValidateAsync(Request(DemoDataSet.Hospital3, Line("1", "001102000010000", price: "9.00")));
        var c = Request(DemoDataSet.Hospital3, Line("1", "XA11CCA351E002010101121"));
        c.Visit.Gend = "2";
        Assert.Equal(Verdict.Warn, (await ValidateAsync(c)).Verdict);

        // Hospital2: three clean lines; the pharmacy: one clean line with its pharmacist; Hospital1: nothing.
        await ValidateAsync(Request(DemoDataSet.Hospital2, Line("1", ValidDrug), Line("2", "ZA04BAA0021010100372"), Line("3", "T000100178")));
        var e = Request(DemoDataSet.Pharmacy, Line("1", ValidDrug));
        e.Scene = Scene.Pharmacy;
        e.Visit.PharCodg = "Y450103000001";
        await ValidateAsync(e);
        await ValidateAsync(e); // a retry on the stream path too would be counted once; here a unary retry

        var report = await gateway.Client.UnaryAsync(ComplianceGrpcService.GetDailyReportPath, new GetDailyReportRequest { Date = Today }, GetDailyReportResponse.Parser);
        var byCode = report.Institutions.ToDictionary(i => i.FixmedinsCode);
        Assert.Equal(DemoDataSet.Institutions.Count, byCode.Count);

        var h3 = byCode[DemoDataSet.Hospital3];
        Assert.Equal((3L, 4L, 3L, 1L, 1L, 2L), (h3.Batches, h3.Lines, h3.LinesWithValidNationalCode, h3.LinesPass, h3.LinesWarn, h3.LinesReject));
        Assert.Equal(("47.70", "21.90", "1.00"), (h3.AmountTotal, h3.AmountRejected, h3.AmountOverCap));
        Assert.Equal(
            new Dictionary<string, long> { ["NATIONAL_CODE_UNKNOWN"] = 1, ["PRICE_OVER_LIMIT"] = 1, ["RESTRICTED_USE_UNAPPROVED"] = 1 },
            h3.FindingsByRule.ToDictionary(r => r.RuleId, r => r.Count));
        Assert.Contains(h3.TopFailingLocalCodes, t => t.MedinsListCodg == "HISXA10BAE056A001010109999" && t.RuleId == "NATIONAL_CODE_UNKNOWN" && t.Count == 1);
        Assert.Equal(0.75, h3.MappingRate, 3); // the unknown code's local code is not mapped: 3 of 4 distinct local codes
        Assert.True(h3.FlagRate > 0);

        var h2 = byCode[DemoDataSet.Hospital2];
        Assert.Equal((1L, 3L, 3L, 0L), (h2.Batches, h2.Lines, h2.LinesPass, h2.LinesReject));
        var p = byCode[DemoDataSet.Pharmacy];
        Assert.Equal((1L, 1L, 1L), (p.Batches, p.Lines, p.LinesPass));
        var h1 = byCode[DemoDataSet.Hospital1];
        Assert.Equal((0L, 0L), (h1.Batches, h1.Lines));

        var range = await gateway.Client.UnaryAsync(ComplianceGrpcService.GetInstitutionReportPath,
            new GetInstitutionReportRequest { FixmedinsCode = DemoDataSet.Hospital3, FromDate = AuditRecords.DayOf(DateTimeOffset.UtcNow).AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ToDate = Today },
            GetInstitutionReportResponse.Parser);
        Assert.Equal([0L, 0L, 4L], range.Days.Select(d => d.Lines));

        // Personal data: the marked psn_no is nowhere in the store, in clear.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var marker = System.Text.Encoding.UTF8.GetBytes(Marker);
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(gateway.StorePath)!))
        {
            Assert.True((await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(marker) < 0, $"{Path.GetFileName(file)} holds psn_no in clear");
        }

        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Contains(Marker, StringComparison.Ordinal));
    }
}
