using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Audit;

/// <summary>What the audit trail keeps of one answered fee detail line: enough for exact daily numbers.</summary>
/// <param name="LineIndex">Position in the batch.</param>
/// <param name="LocalCode">medins_list_codg.</param>
/// <param name="NationalCode">med_list_codg.</param>
/// <param name="Verdict">The line's verdict.</param>
/// <param name="HasValidNationalCode">A national code was sent and no national-code rule fired.</param>
/// <param name="RuleIds">Rule ids of the line's findings, comma-separated, in order.</param>
/// <param name="Amount">det_item_fee_sumamt when it parsed.</param>
/// <param name="OverCap">overlmt_amt when the line was over its cap.</param>
public sealed record AuditLine(int LineIndex, string LocalCode, string NationalCode, Verdict Verdict, bool HasValidNationalCode, string RuleIds, decimal? Amount, decimal? OverCap);
