using Google.Protobuf;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Stores;

/// <summary>The audit trail, in every store.</summary>
public abstract partial class StoreTests
{
    private static readonly DateOnly AuditDay = new(2026, 11, 22);

    /// <summary>A stored record whose request has one line per amount (null: an amount that does not parse); the
    /// response's verdict marks which answer was stored.</summary>
    private static AuditRecord Audited(string requestId, Verdict verdict, params decimal?[] amounts)
    {
        var request = new ValidateRequest { RequestId = requestId, FixmedinsCode = "H21010200123" };
        var response = new ValidateResponse { RequestId = requestId, CatalogVersion = "2026.11", Verdict = verdict };
        for (var i = 0; i < amounts.Length; i++)
        {
            request.FeeDetails.Add(new FeeDetail
            {
                FeedetlSn = "sn" + i,
                MedinsListCodg = i == 1 ? "本地\"码\\1" : "HIS" + i,
                MedListCodg = "XA01ABC" + i,
                DetItemFeeSumamt = amounts[i]?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "n/a",
            });
            var line = new LineResult { Verdict = i == 0 ? Verdict.Pass : Verdict.Warn, OverlmtAmt = i == 0 ? "" : "1.50" };
            if (i > 0)
            {
                line.Findings.Add(new Finding { RuleId = "PRICE_OVER_LIMIT" });
                line.Findings.Add(new Finding { RuleId = "AMOUNT_MISMATCH" });
            }

            response.Lines.Add(line);
        }

        return new AuditRecord("H21010200123", requestId, new DateTimeOffset(2026, 11, 22, 1, 2, 3, TimeSpan.Zero), AuditDay, "2026.11",
            verdict, "hash-of-psn", amounts.Length, request.ToByteArray(), response.ToByteArray());
    }

    [Theory]
    [InlineData(AuditDurability.PowerLoss)]
    [InlineData(AuditDurability.ProcessCrash)]
    public async Task AppendAuditAsync_EitherDurability_StoresNewRequestsOnceAndReportsRepeatsAsReplays(AuditDurability durability)
    {
        await using var scope = await CreateScopeAsync();
        var first = Audited("r-1", Verdict.Warn, 12.5m, null);
        var second = Audited("r-2", Verdict.Pass, 3m);

        Assert.Equal([true, true], await scope.Store.AppendAuditAsync([first, second], durability, None));
        // The same request id again, even with another answer: not stored, the first answer stands.
        Assert.Equal([false, true], await scope.Store.AppendAuditAsync([Audited("r-1", Verdict.Reject, 99m), Audited("r-3", Verdict.Pass)], durability, None));

        Assert.Equal(first.Response, await scope.Store.GetAuditResponseAsync("H21010200123", "r-1", None));
        Assert.Null(await scope.Store.GetAuditResponseAsync("H21010200123", "r-9", None));
        var lines = await ReadAuditLinesAsync(scope, null);

        Assert.Equal(
            ["r-1/0/12.5", "r-1/1/", "r-2/0/3"],
            lines.Select(l => $"{l.RequestId}/{l.Line.LineIndex}/{l.Line.Amount}").Order(StringComparer.Ordinal));
        Assert.Equal(
            new AuditLine(1, "本地\"码\\1", "XA01ABC1", Verdict.Warn, true, "PRICE_OVER_LIMIT,AMOUNT_MISMATCH", null, 1.50m),
            lines.Single(l => l.RequestId == "r-1" && l.Line.LineIndex == 1).Line);
        Assert.All(lines, l => Assert.Equal(AuditDay, l.Day));
    }

    [Fact]
    public async Task ReadAuditLinesAsync_DayRangeAndInstitution_ReturnsOnlyThoseRequests()
    {
        await using var scope = await CreateScopeAsync();
        var other = Audited("o-1", Verdict.Pass, 1m) with { InstitutionCode = "P21010200456" };
        var nextDay = Audited("n-1", Verdict.Pass, 2m) with { Day = AuditDay.AddDays(1) };
        await scope.Store.AppendAuditAsync([Audited("r-1", Verdict.Pass, 1m, 2m), other, nextDay], AuditDurability.ProcessCrash, None);

        Assert.Equal(["r-1/0", "r-1/1"], (await ReadAuditLinesAsync(scope, "H21010200123")).Select(l => $"{l.RequestId}/{l.Line.LineIndex}").Order(StringComparer.Ordinal));
        Assert.Equal(["o-1/0", "r-1/0", "r-1/1"], (await ReadAuditLinesAsync(scope, null)).Select(l => $"{l.RequestId}/{l.Line.LineIndex}").Order(StringComparer.Ordinal));
    }

    private static async Task<List<AuditLineRow>> ReadAuditLinesAsync(IStoreScope scope, string? institutionCode)
    {
        var lines = new List<AuditLineRow>();
        await foreach (var line in scope.Store.ReadAuditLinesAsync(AuditDay, AuditDay, institutionCode, None))
        {
            lines.Add(line);
        }

        return lines;
    }
}
