using Google.Protobuf;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Core.Audit;

/// <summary>Builds the audit record of an answered request.</summary>
public static class AuditRecords
{
    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    /// <summary>The business day (China time, UTC+8) a request received at <paramref name="receivedAt"/> counts in.</summary>
    public static DateOnly DayOf(DateTimeOffset receivedAt) => DateOnly.FromDateTime(receivedAt.ToOffset(ChinaTime).DateTime);

    /// <summary>The record for <paramref name="request"/> answered with <paramref name="response"/>; psn_no is replaced by its keyed hash.</summary>
    public static AuditRecord Build(ValidateRequest request, ValidateResponse response, DateTimeOffset receivedAt, PersonalDataHasher hasher)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(hasher);

        var psnHash = hasher.Hash(request.Visit?.PsnNo ?? "");
        var stored = request;
        if (request.Visit is { PsnNo.Length: > 0 })
        {
            stored = request.Clone();
            stored.Visit.PsnNo = psnHash;
        }

        var lines = new AuditLine[response.Lines.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var detail = request.FeeDetails[i];
            var result = response.Lines[i];
            var rules = string.Join(',', result.Findings.Select(f => f.RuleId));
            var validCode = detail.MedListCodg.Length > 0 && !result.Findings.Any(f => IsNationalCodeRule(f.RuleId));
            lines[i] = new AuditLine(
                i,
                detail.MedinsListCodg,
                detail.MedListCodg,
                result.Verdict,
                validCode,
                rules,
                DecimalText.TryParse(detail.DetItemFeeSumamt, out var amount) ? amount : null,
                DecimalText.TryParse(result.OverlmtAmt, out var over) ? over : null);
        }

        return new AuditRecord(request.FixmedinsCode, request.RequestId, receivedAt, DayOf(receivedAt), response.CatalogVersion, response.Verdict,
            psnHash, stored.ToByteArray(), response.ToByteArray(), lines);
    }

    private static bool IsNationalCodeRule(string ruleId) => ruleId is "NATIONAL_CODE_MISSING" or "NATIONAL_CODE_MALFORMED" or "NATIONAL_CODE_UNKNOWN"
        or "NATIONAL_CODE_NOT_VALID_ON_DATE" or "CONSUMABLE_CODE_MISSING";
}
