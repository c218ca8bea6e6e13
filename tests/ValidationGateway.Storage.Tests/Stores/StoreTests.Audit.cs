using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;

namespace ValidationGateway.Storage.Tests.Stores;

/// <summary>The audit trail, in every store.</summary>
public abstract partial class StoreTests
{
    private static readonly DateOnly AuditDay = new(2026, 11, 22);

    private static AuditRecord Audited(string requestId, byte marker, params AuditLine[] lines) =>
        new("H21010200123", requestId, new DateTimeOffset(2026, 11, 22, 1, 2, 3, TimeSpan.Zero), AuditDay, "2026.11",
            Verdict.Warn, "hash-of-psn", [1, 2, marker], [9, marker], lines);

    private static AuditLine AuditedLine(int index, decimal? amount) =>
        new(index, index == 1 ? "本地\"码\\1" : "HIS" + index, "XA01ABC" + index, Verdict.Pass, true, index == 0 ? "" : "PRICE_OVER_LIMIT", amount, null);

    [Theory]
    [InlineData(AuditDurability.PowerLoss)]
    [InlineData(AuditDurability.ProcessCrash)]
    public async Task AppendAuditAsync_EitherDurability_StoresNewRequestsOnceAndReportsRepeatsAsReplays(AuditDurability durability)
    {
        await using var scope = await CreateScopeAsync();
        var first = Audited("r-1", 1, AuditedLine(0, 12.5m), AuditedLine(1, null));
        var second = Audited("r-2", 2, AuditedLine(0, 3m));

        Assert.Equal([true, true], await scope.Store.AppendAuditAsync([first, second], durability, None));
        // The same request id again, even with another answer: not stored, the first answer stands.
        Assert.Equal([false, true], await scope.Store.AppendAuditAsync([Audited("r-1", 7, AuditedLine(0, 99m)), Audited("r-3", 3)], durability, None));

        Assert.Equal(new byte[] { 9, 1 }, await scope.Store.GetAuditResponseAsync("H21010200123", "r-1", None));
        Assert.Null(await scope.Store.GetAuditResponseAsync("H21010200123", "r-9", None));
        var lines = new List<AuditLineRow>();
        await foreach (var line in scope.Store.ReadAuditLinesAsync(AuditDay, AuditDay, null, None))
        {
            lines.Add(line);
        }

        Assert.Equal(
            ["r-1/0/12.5", "r-1/1/", "r-2/0/3"],
            lines.Select(l => $"{l.RequestId}/{l.Line.LineIndex}/{l.Line.Amount}").Order(StringComparer.Ordinal));
        Assert.Equal(AuditedLine(1, null), lines.Single(l => l.RequestId == "r-1" && l.Line.LineIndex == 1).Line);
    }
}
