using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Audit;

/// <summary>One answered request as the audit trail stores it. Personal data is already hashed.</summary>
/// <param name="InstitutionCode">fixmedins_code.</param>
/// <param name="RequestId">Idempotency key.</param>
/// <param name="ReceivedAt">When the gateway received it.</param>
/// <param name="Day">Business day (China time) it counts in.</param>
/// <param name="CatalogVersion">Version used.</param>
/// <param name="Verdict">Batch verdict.</param>
/// <param name="PsnHash">Keyed hash of psn_no (empty when none was sent).</param>
/// <param name="LineCount">Fee detail lines in the request.</param>
/// <param name="Request">The request as protobuf bytes, with psn_no replaced by <paramref name="PsnHash"/>.</param>
/// <param name="Response">The response as sent.</param>
/// <remarks>The per-line summary (<see cref="AuditLine"/>) is not stored separately: it is derived from
/// <paramref name="Request"/> and <paramref name="Response"/> when read (<see cref="AuditRecords.LinesOf(byte[], byte[])"/>),
/// so recording a request costs one row.</remarks>
public sealed record AuditRecord(
    string InstitutionCode,
    string RequestId,
    DateTimeOffset ReceivedAt,
    DateOnly Day,
    string CatalogVersion,
    Verdict Verdict,
    string PsnHash,
    int LineCount,
    byte[] Request,
    byte[] Response);
