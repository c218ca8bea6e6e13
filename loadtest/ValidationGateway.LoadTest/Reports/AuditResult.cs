namespace ValidationGateway.LoadTest.Reports;

/// <summary>The run's answers against the gateway's own audit trail (its compliance report before and after the run).</summary>
/// <param name="Status"><c>matched</c>, <c>differs</c> or <c>skipped</c>.</param>
/// <param name="Note">What the status means for this run, or why it was skipped.</param>
/// <param name="Rows">Per institution and total: what the gateway recorded during the run and what the tool was answered.</param>
internal sealed record AuditResult(string Status, string Note, IReadOnlyList<AuditRow> Rows)
{
    public const string Matched = "matched";
    public const string Differs = "differs";
    public const string Skipped = "skipped";

    public static AuditResult Skip(string reason) => new(Skipped, reason, []);
}

/// <summary>One total of one institution: recorded by the gateway during the run, and counted from the answers.</summary>
internal sealed record AuditRow(string Institution, string Total, long Gateway, long Answered)
{
    public bool Matches => Gateway == Answered;
}
