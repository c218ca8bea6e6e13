using Google.Protobuf;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Core.Audit;

/// <summary>Builds the audit record of an answered request, and reads its per-line summary back.</summary>
public static class AuditRecords
{
    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    /// <summary>The business day (China time, UTC+8) a request received at <paramref name="receivedAt"/> counts in.</summary>
    public static DateOnly DayOf(DateTimeOffset receivedAt) => DateOnly.FromDateTime(receivedAt.ToOffset(ChinaTime).DateTime);

    /// <summary>The record for <paramref name="request"/> answered with <paramref name="response"/>; psn_no is replaced by its keyed hash.</summary>
    /// <remarks>The stored request is the bytes it was received as (<see cref="ValidateRequest.Encoded"/>) with psn_no
    /// replaced on the wire, or, for a request built in code, its serialization with psn_no swapped for the hash while it
    /// is written. Either way <paramref name="request"/> is left as it was, and the stored bytes parse to it with psn_no
    /// set to the hash.</remarks>
    public static AuditRecord Build(ValidateRequest request, ValidateResponse response, DateTimeOffset receivedAt, PersonalDataHasher hasher)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(hasher);

        var psnNo = request.Visit?.PsnNo ?? "";
        var psnHash = hasher.Hash(psnNo);
        byte[] stored;
        if (request.Encoded is { } encoded)
        {
            // Received over gRPC: the bytes as received, psn_no swapped on the wire (no second serialization).
            stored = StoredRequestBytes.Rewrite(encoded, psnHash);
        }
        else if (psnNo.Length > 0)
        {
            // No clone of the whole request: the caller's request is not used by anyone else while this runs.
            request.Visit!.PsnNo = psnHash;
            try
            {
                stored = request.ToByteArray();
            }
            finally
            {
                request.Visit.PsnNo = psnNo;
            }
        }
        else
        {
            stored = request.ToByteArray();
        }

        return new AuditRecord(request.FixmedinsCode, request.RequestId, receivedAt, DayOf(receivedAt), response.CatalogVersion, response.Verdict,
            psnHash, request.FeeDetails.Count, stored, response.ToByteArray());
    }

    /// <summary>The per-line summary of a stored record, from its request and response bytes.</summary>
    /// <exception cref="InvalidProtocolBufferException">The bytes are not a request and a response.</exception>
    public static AuditLine[] LinesOf(byte[] request, byte[] response) =>
        LinesOf(ValidateRequest.Parser.ParseFrom(request), ValidateResponse.Parser.ParseFrom(response));

    /// <summary>The stored lines of one audited request, as the stores read them back.</summary>
    public static IEnumerable<AuditLineRow> RowsOf(string institutionCode, string requestId, DateOnly day, byte[] request, byte[] response) =>
        LinesOf(request, response).Select(line => new AuditLineRow(institutionCode, requestId, day, line));

    /// <summary>The per-line summary of <paramref name="request"/> answered with <paramref name="response"/>.</summary>
    public static AuditLine[] LinesOf(ValidateRequest request, ValidateResponse response)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        var lines = new AuditLine[Math.Min(request.FeeDetails.Count, response.Lines.Count)];
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

        return lines;
    }

    private static bool IsNationalCodeRule(string ruleId) => ruleId is "NATIONAL_CODE_MISSING" or "NATIONAL_CODE_MALFORMED" or "NATIONAL_CODE_UNKNOWN"
        or "NATIONAL_CODE_NOT_VALID_ON_DATE" or "CONSUMABLE_CODE_MISSING";
}
