using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>
/// One kind of fault the tool can inject into a fee line, and the rule id the gateway must answer it with.
/// </summary>
/// <param name="Name">The name used in <c>--faults</c>.</param>
/// <param name="RuleId">The finding expected on the faulty line.</param>
/// <param name="Verdict">The line verdict expected (REJECT for errors, WARN for warnings: the national default severities).</param>
/// <param name="Requires">What the gateway's data must hold for the fault to be caught (empty: nothing beyond the catalog).</param>
/// <param name="Description">What the fault does, for the help text and the report.</param>
/// <param name="Tolerated">Other rule ids that may also appear on the faulty line without counting as an unexpected finding.</param>
/// <param name="Apply">Turns a clean line into a faulty one; false when it cannot (the line stays clean and expects no finding).</param>
internal sealed record FaultKind(
    string Name,
    string RuleId,
    Verdict Verdict,
    string Requires,
    string Description,
    IReadOnlyList<string> Tolerated,
    Func<FaultContext, FeeDetail, bool> Apply);
