namespace ValidationGateway.LoadTest.Correctness;

/// <summary>Outcome counts for one fault kind (or for clean lines, where Injected counts lines and Missed is unused).</summary>
internal sealed class FaultCounts
{
    /// <summary>Lines carrying the fault (or clean lines).</summary>
    public long Lines { get; set; }

    /// <summary>Faulty lines answered with the expected rule id (clean lines: lines that passed).</summary>
    public long Caught { get; set; }

    /// <summary>Faulty lines answered without the expected rule id.</summary>
    public long Missed { get; set; }

    /// <summary>Lines with a finding that was not expected (on a clean line: a false alarm).</summary>
    public long Unexpected { get; set; }

    /// <summary>What came back instead of the expected rule on missed lines, and the unexpected rule ids, by rule id ("none" for no finding).</summary>
    public Dictionary<string, long> Answers { get; } = new(StringComparer.Ordinal);

    /// <summary>The first missed or unexpected lines (at most <see cref="MaxExamples"/>), to look up by request id.</summary>
    public List<LineExample> Examples { get; } = [];

    /// <summary>Examples kept per fault kind.</summary>
    public const int MaxExamples = 5;
}
