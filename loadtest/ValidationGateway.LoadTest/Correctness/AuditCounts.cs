using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Correctness;

/// <summary>
/// The totals of one institution's compliance report (<c>ComplianceService.GetInstitutionReport</c>): batches, lines by
/// verdict, line findings by rule. Filled either from the gateway's report or from the answers the tool received,
/// counted the way the report counts them.
/// </summary>
/// <remarks>Not thread-safe.</remarks>
internal sealed class AuditCounts
{
    /// <summary>Requests with at least one line (the report counts requests through their lines).</summary>
    public long Batches { get; private set; }

    public long Lines { get; private set; }

    public long LinesPass { get; private set; }

    public long LinesWarn { get; private set; }

    public long LinesReject { get; private set; }

    /// <summary>Line findings per rule id (batch-level findings are not in the report).</summary>
    public SortedDictionary<string, long> FindingsByRule { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts one answer as the gateway's audit trail stores it: its lines, their verdicts and findings.</summary>
    public void AddAnswer(ValidateResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Lines.Count == 0)
        {
            return;
        }

        Batches++;
        foreach (var line in response.Lines)
        {
            AddLine(line.Verdict);
            foreach (var finding in line.Findings)
            {
                AddFinding(finding.RuleId, 1);
            }
        }
    }

    /// <summary>Adds one day of the gateway's report.</summary>
    public void AddDay(InstitutionDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        Batches += day.Batches;
        Lines += day.Lines;
        LinesPass += day.LinesPass;
        LinesWarn += day.LinesWarn;
        LinesReject += day.LinesReject;
        foreach (var rule in day.FindingsByRule)
        {
            AddFinding(rule.RuleId, rule.Count);
        }
    }

    /// <summary>What was added since <paramref name="earlier"/> (a copy; neither is changed).</summary>
    public AuditCounts Minus(AuditCounts earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var delta = new AuditCounts
        {
            Batches = Batches - earlier.Batches,
            Lines = Lines - earlier.Lines,
            LinesPass = LinesPass - earlier.LinesPass,
            LinesWarn = LinesWarn - earlier.LinesWarn,
            LinesReject = LinesReject - earlier.LinesReject,
        };
        foreach (var rule in FindingsByRule.Keys.Union(earlier.FindingsByRule.Keys))
        {
            var n = FindingsByRule.GetValueOrDefault(rule) - earlier.FindingsByRule.GetValueOrDefault(rule);
            if (n != 0)
            {
                delta.FindingsByRule[rule] = n;
            }
        }

        return delta;
    }

    /// <summary>Every total by name (<c>batches</c>, <c>lines</c>, <c>lines_pass</c>, …, <c>findings RULE_ID</c>), in a fixed order.</summary>
    public IEnumerable<KeyValuePair<string, long>> Totals(IEnumerable<string> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        yield return new("batches", Batches);
        yield return new("lines", Lines);
        yield return new("lines_pass", LinesPass);
        yield return new("lines_warn", LinesWarn);
        yield return new("lines_reject", LinesReject);
        foreach (var rule in rules)
        {
            yield return new("findings " + rule, FindingsByRule.GetValueOrDefault(rule));
        }
    }

    private void AddLine(Verdict verdict)
    {
        Lines++;
        switch (verdict)
        {
            case Verdict.Reject:
                LinesReject++;
                break;
            case Verdict.Warn:
                LinesWarn++;
                break;
            default:
                LinesPass++;
                break;
        }
    }

    private void AddFinding(string rule, long count) => FindingsByRule[rule] = FindingsByRule.GetValueOrDefault(rule) + count;
}
