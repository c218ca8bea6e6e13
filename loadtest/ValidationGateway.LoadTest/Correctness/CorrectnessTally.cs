using ValidationGateway.Contracts.V1;
using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Correctness;

/// <summary>
/// Checks every answer against what its batch was built to provoke: each injected fault must come back as its rule
/// id on that line with the fault's verdict (else a miss), each clean line must pass with no finding (else a false alarm), and the answer
/// must match the request (id, lines, batch verdict = worst line).
/// </summary>
/// <remarks>Thread-safe (one lock); called once per OK answer.</remarks>
internal sealed class CorrectnessTally
{
    /// <summary>Key of clean lines in <see cref="Snapshot"/>.</summary>
    public const string Clean = "(clean)";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, FaultCounts> _byKind = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _batchProblems = new(StringComparer.Ordinal);
    private long _batches;

    public void Check(GeneratedBatch batch, ValidateResponse response)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(response);
        lock (_gate)
        {
            _batches++;
            if (response.RequestId != batch.Request.RequestId)
            {
                Problem("answer for another request_id");
            }

            if (response.Lines.Count != batch.Lines.Count)
            {
                Problem("line count differs from the request");
            }

            foreach (var finding in response.Findings)
            {
                Problem("batch-level finding " + finding.RuleId);
            }

            var byId = new Dictionary<string, LineResult>(response.Lines.Count, StringComparer.Ordinal);
            foreach (var line in response.Lines)
            {
                byId.TryAdd(line.FeedetlSn, line);
            }

            var worst = Verdict.Pass;
            for (var i = 0; i < batch.Lines.Count; i++)
            {
                var expected = batch.Lines[i];
                if (!byId.TryGetValue(expected.FeedetlSn, out var result))
                {
                    Problem("line missing from the answer");
                    continue;
                }

                worst = (Verdict)Math.Max((int)worst, (int)result.Verdict);
                CheckLine(expected, result, batch.Request.RequestId, batch.Request.FeeDetails[i].MedListCodg);
            }

            if (response.Findings.Count == 0 && response.Lines.Count > 0 && response.Verdict != worst)
            {
                Problem("batch verdict is not the worst line verdict");
            }
        }
    }

    private void CheckLine(LineExpectation expected, LineResult result, string requestId, string code)
    {
        var key = expected.Fault?.Name ?? Clean;
        if (!_byKind.TryGetValue(key, out var counts))
        {
            _byKind[key] = counts = new FaultCounts();
        }

        counts.Lines++;
        if (expected.Fault is not { } fault)
        {
            if (result.Findings.Count > 0 || result.Verdict != Verdict.Pass)
            {
                counts.Unexpected++;
                Answer(counts, result.Findings.Count == 0 ? "verdict " + result.Verdict : result.Findings[0].RuleId);
                Example(counts, requestId, expected.FeedetlSn, code, result.Findings.Count == 0 ? "verdict " + result.Verdict : string.Join("+", result.Findings.Select(f => f.RuleId)));
            }
            else
            {
                counts.Caught++;
            }

            return;
        }

        var caught = false;
        string? extra = null;
        foreach (var finding in result.Findings)
        {
            if (finding.RuleId == fault.RuleId)
            {
                caught = true;
            }
            else if (!fault.Tolerated.Contains(finding.RuleId))
            {
                extra ??= "extra " + finding.RuleId;
                Answer(counts, "extra " + finding.RuleId);
            }
        }

        string? missed = null;
        if (caught && result.Verdict == fault.Verdict)
        {
            counts.Caught++;
        }
        else if (caught)
        {
            // The rule came back but with another severity than the national default (a region profile?).
            counts.Missed++;
            Answer(counts, missed = "verdict " + result.Verdict);
        }
        else
        {
            counts.Missed++;
            Answer(counts, missed = result.Findings.Count == 0 ? "none" : result.Findings[0].RuleId);
        }

        if (extra is not null)
        {
            counts.Unexpected++;
        }

        if ((missed ?? extra) is { } answer)
        {
            Example(counts, requestId, expected.FeedetlSn, code, answer);
        }
    }

    private static void Example(FaultCounts counts, string requestId, string feedetlSn, string code, string answer)
    {
        if (counts.Examples.Count < FaultCounts.MaxExamples)
        {
            counts.Examples.Add(new LineExample(requestId, feedetlSn, code, answer));
        }
    }

    private static void Answer(FaultCounts counts, string what) => counts.Answers[what] = counts.Answers.GetValueOrDefault(what) + 1;

    private void Problem(string what) => _batchProblems[what] = _batchProblems.GetValueOrDefault(what) + 1;

    /// <summary>A copy of the counts: per fault kind (and <see cref="Clean"/>), and batch-level problems.</summary>
    public CorrectnessSnapshot Snapshot()
    {
        lock (_gate)
        {
            var kinds = new SortedDictionary<string, FaultCounts>(StringComparer.Ordinal);
            foreach (var (key, c) in _byKind)
            {
                var copy = new FaultCounts { Lines = c.Lines, Caught = c.Caught, Missed = c.Missed, Unexpected = c.Unexpected };
                foreach (var (rule, n) in c.Answers)
                {
                    copy.Answers[rule] = n;
                }

                copy.Examples.AddRange(c.Examples);

                kinds[key] = copy;
            }

            return new CorrectnessSnapshot(_batches, kinds, new SortedDictionary<string, long>(_batchProblems, StringComparer.Ordinal));
        }
    }
}
