namespace ValidationGateway.Core.Compliance;

/// <summary>One institution's validated traffic on one day, computed from the audit trail (so it equals what clients sent, each request id once).</summary>
/// <param name="InstitutionCode">fixmedins_code.</param>
/// <param name="Day">Calendar day of the requests (by the gateway's receive time, UTC+8 business day).</param>
/// <param name="Batches">Distinct requests answered.</param>
/// <param name="Lines">Fee detail lines.</param>
/// <param name="LinesWithValidNationalCode">Lines whose national code was in the catalog and valid on the fee date.</param>
/// <param name="LinesPass">Lines with verdict PASS.</param>
/// <param name="LinesWarn">Lines with verdict WARN.</param>
/// <param name="LinesReject">Lines with verdict REJECT.</param>
/// <param name="FindingsByRule">Rule id → findings.</param>
/// <param name="AmountTotal">Sum of det_item_fee_sumamt of lines that carried a valid amount.</param>
/// <param name="AmountRejected">The same over rejected lines.</param>
/// <param name="AmountOverCap">Sum of overlmt_amt.</param>
/// <param name="TopFailingLocalCodes">Local codes most often unmapped or mismatched (and other line failures), worst first.</param>
public sealed record InstitutionDayStats(
    string InstitutionCode,
    DateOnly Day,
    long Batches,
    long Lines,
    long LinesWithValidNationalCode,
    long LinesPass,
    long LinesWarn,
    long LinesReject,
    IReadOnlyDictionary<string, long> FindingsByRule,
    decimal AmountTotal,
    decimal AmountRejected,
    decimal AmountOverCap,
    IReadOnlyList<LocalCodeCount> TopFailingLocalCodes)
{
    /// <summary>An institution with no traffic that day.</summary>
    public static InstitutionDayStats Empty(string institutionCode, DateOnly day) =>
        new(institutionCode, day, 0, 0, 0, 0, 0, 0, new Dictionary<string, long>(), 0, 0, 0, []);

    /// <summary>Share of lines with a valid national code (0 when there were no lines).</summary>
    public double ValidCodeShare => Lines == 0 ? 0 : (double)LinesWithValidNationalCode / Lines;

    /// <summary>Share of lines that passed.</summary>
    public double PassShare => Lines == 0 ? 0 : (double)LinesPass / Lines;
}
