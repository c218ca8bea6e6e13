using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Rules;

/// <summary>The engine's result for one batch: per-line outcomes and every finding.</summary>
/// <remarks>Reusable: <see cref="Reset"/> keeps the arrays so a warm outcome allocates nothing. Not thread-safe; one batch at a time.</remarks>
public sealed class BatchOutcome
{
    private FindingRecord[] _findings = new FindingRecord[16];
    private LineOutcome[] _lines = new LineOutcome[16];

    /// <summary>Number of lines in the batch.</summary>
    public int LineCount { get; private set; }

    /// <summary>Number of findings recorded.</summary>
    public int FindingCount { get; private set; }

    /// <summary>Findings of the batch, in the order recorded.</summary>
    public ReadOnlySpan<FindingRecord> Findings => _findings.AsSpan(0, FindingCount);

    /// <summary>Verdict from findings about the visit or batch rather than one line.</summary>
    public Verdict BatchLevelVerdict { get; private set; }

    /// <summary>The batch verdict: the worst of its lines and its own findings.</summary>
    public Verdict Verdict
    {
        get
        {
            var worst = BatchLevelVerdict;
            for (var i = 0; i < LineCount; i++)
            {
                worst = Worse(worst, _lines[i].Verdict);
            }

            return worst;
        }
    }

    /// <summary>Clears the outcome for a batch of <paramref name="lineCount"/> lines; every line starts as PASS.</summary>
    public void Reset(int lineCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lineCount);
        if (_lines.Length < lineCount)
        {
            _lines = new LineOutcome[Math.Max(lineCount, _lines.Length * 2)];
        }

        for (var i = 0; i < lineCount; i++)
        {
            _lines[i] = new LineOutcome { Verdict = Verdict.Pass, ChargeLevel = "" };
        }

        LineCount = lineCount;
        FindingCount = 0;
        BatchLevelVerdict = Verdict.Pass;
    }

    /// <summary>The outcome of one line.</summary>
    public ref LineOutcome Line(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)LineCount, nameof(index));
        return ref _lines[index];
    }

    /// <summary>Records a finding and folds its severity into the line's (or the batch's) verdict.</summary>
    public void Add(in FindingRecord finding)
    {
        if (FindingCount == _findings.Length)
        {
            Array.Resize(ref _findings, _findings.Length * 2);
        }

        _findings[FindingCount++] = finding;
        var verdict = VerdictOf(finding.Severity);
        if (finding.Line >= 0)
        {
            ref var line = ref Line(finding.Line);
            line.Verdict = Worse(line.Verdict, verdict);
        }
        else
        {
            BatchLevelVerdict = Worse(BatchLevelVerdict, verdict);
        }
    }

    /// <summary>ERROR rejects, WARNING warns, anything else passes (DESIGN.md §3).</summary>
    public static Verdict VerdictOf(Severity severity) => severity switch
    {
        Severity.Error => Verdict.Reject,
        Severity.Warning => Verdict.Warn,
        _ => Verdict.Pass,
    };

    private static Verdict Worse(Verdict a, Verdict b) => (int)a >= (int)b ? a : b;
}
