using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Rules;

/// <summary>A finding as the engine records it: no strings are built until the response is.</summary>
/// <param name="Rule">Rule id.</param>
/// <param name="Severity">Severity in force.</param>
/// <param name="Line">Index of the fee detail line, or -1 for the visit or batch.</param>
/// <param name="Field">Field the finding points at.</param>
/// <param name="FieldIndex">Index within a repeated visit field (diag_codes), else 0.</param>
/// <param name="Value">The offending value ({0} in the message), or null.</param>
/// <param name="Detail">A detail for the message ({3}), or null.</param>
public readonly record struct FindingRecord(RuleId Rule, Severity Severity, int Line, FindingField Field, int FieldIndex, string? Value, string? Detail);
