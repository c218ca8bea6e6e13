using System.Globalization;
using ValidationGateway.LoadTest.Reports;

namespace ValidationGateway.LoadTest.Correctness;

/// <summary>Compares what the gateway's audit trail gained during the run with the answers the tool received.</summary>
/// <remarks>
/// The gateway records an answer before sending it, so every OK answer is in its report once the run has drained. The
/// totals can legitimately differ in two ways only, both named in the note: other clients sent traffic for the same
/// institutions, or calls failed on the client side (deadline, transport) after the gateway had recorded them.
/// </remarks>
internal static class AuditReconciliation
{
    public static AuditResult Compare(
        IReadOnlyList<string> institutions,
        IReadOnlyDictionary<string, AuditCounts> before,
        IReadOnlyDictionary<string, AuditCounts> after,
        AnswerLedger ledger,
        long failedCalls)
    {
        ArgumentNullException.ThrowIfNull(institutions);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(ledger);
        var rows = new List<AuditRow>();
        long recordedBatches = 0;
        long answeredBatches = 0;
        long recordedLines = 0;
        foreach (var institution in institutions)
        {
            var recorded = after[institution].Minus(before[institution]);
            var answered = ledger.Of(institution);
            var rules = recorded.FindingsByRule.Keys.Union(answered.FindingsByRule.Keys).Order(StringComparer.Ordinal).ToList();
            foreach (var ((total, gateway), (_, tool)) in recorded.Totals(rules).Zip(answered.Totals(rules)))
            {
                if (gateway != 0 || tool != 0)
                {
                    rows.Add(new AuditRow(institution, total, gateway, tool));
                }
            }

            recordedBatches += recorded.Batches;
            answeredBatches += answered.Batches;
            recordedLines += recorded.Lines;
        }

        var replayed = ledger.Replayed > 0 ? string.Create(CultureInfo.InvariantCulture, $"; {ledger.Replayed:#,0} replayed answers, held once") : "";
        if (rows.TrueForAll(r => r.Matches))
        {
            return new AuditResult(AuditResult.Matched, string.Create(CultureInfo.InvariantCulture,
                $"the gateway recorded {recordedBatches:#,0} batches and {recordedLines:#,0} lines for these institutions during the run (warm-up included), with the verdicts and findings by rule of the answers received{replayed}"), rows);
        }

        var why = failedCalls > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{failedCalls:#,0} calls failed on the client side and the gateway may have recorded them; other clients may have sent traffic for these institutions")
            : "no call failed, so either other clients sent traffic for these institutions during the run, or the audit trail lost or added records";
        return new AuditResult(AuditResult.Differs, string.Create(CultureInfo.InvariantCulture,
            $"the gateway recorded {recordedBatches:#,0} batches, the tool was answered {answeredBatches:#,0}: {why}{replayed}"), rows);
    }
}
