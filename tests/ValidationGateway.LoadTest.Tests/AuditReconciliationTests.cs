using ValidationGateway.Contracts.V1;
using ValidationGateway.LoadTest.Correctness;
using ValidationGateway.LoadTest.Reports;

namespace ValidationGateway.LoadTest.Tests;

public class AuditReconciliationTests
{
    private static ValidateResponse Answer(string id, params (Verdict Verdict, string[] Rules)[] lines)
    {
        var response = new ValidateResponse { RequestId = id };
        foreach (var (verdict, rules) in lines)
        {
            var line = new LineResult { Verdict = verdict };
            line.Findings.AddRange(rules.Select(r => new Finding { RuleId = r }));
            response.Lines.Add(line);
        }

        return response;
    }

    private static InstitutionDay Day(long batches, long lines, long pass, long warn, long reject, params (string Rule, long Count)[] rules)
    {
        var day = new InstitutionDay { Batches = batches, Lines = lines, LinesPass = pass, LinesWarn = warn, LinesReject = reject };
        day.FindingsByRule.AddRange(rules.Select(r => new RuleCount { RuleId = r.Rule, Count = r.Count }));
        return day;
    }

    private static Dictionary<string, AuditCounts> Totals(params (string Institution, InstitutionDay[] Days)[] institutions)
    {
        var totals = new Dictionary<string, AuditCounts>(StringComparer.Ordinal);
        foreach (var (institution, days) in institutions)
        {
            var counts = new AuditCounts();
            foreach (var day in days)
            {
                counts.AddDay(day);
            }

            totals[institution] = counts;
        }

        return totals;
    }

    [Fact]
    public void Ledger_CountsAnswersAsTheReportDoes_LinesByVerdictLineFindingsByRule_ReplaysAndLinelessAnswersNot()
    {
        var ledger = new AnswerLedger();
        ledger.Record("H1", Answer("a", (Verdict.Pass, []), (Verdict.Reject, ["NATIONAL_CODE_UNKNOWN", "PRICE_OVER_CAP"]), (Verdict.Warn, ["RESTRICTED_USE_UNAPPROVED"])));
        ledger.Record("H1", Answer("b", (Verdict.Reject, ["NATIONAL_CODE_UNKNOWN"])));
        var lineless = Answer("c");
        lineless.Findings.Add(new Finding { RuleId = "BATCH_EMPTY" });
        ledger.Record("H1", lineless);
        var replay = Answer("a", (Verdict.Pass, []));
        replay.Replayed = true;
        ledger.Record("H1", replay);

        var h1 = ledger.Of("H1");
        Assert.Equal((2, 4, 1, 1, 2), (h1.Batches, h1.Lines, h1.LinesPass, h1.LinesWarn, h1.LinesReject));
        Assert.Equal(
            new Dictionary<string, long> { ["NATIONAL_CODE_UNKNOWN"] = 2, ["PRICE_OVER_CAP"] = 1, ["RESTRICTED_USE_UNAPPROVED"] = 1 },
            h1.FindingsByRule);
        Assert.Equal(1, ledger.Replayed);
        Assert.Equal(0, ledger.Of("H2").Batches);
    }

    [Fact]
    public void Compare_GatewayGainedExactlyTheAnswers_Matched()
    {
        var ledger = new AnswerLedger();
        ledger.Record("H1", Answer("a", (Verdict.Pass, []), (Verdict.Reject, ["NATIONAL_CODE_UNKNOWN"])));
        ledger.Record("H2", Answer("b", (Verdict.Warn, ["RESTRICTED_USE_UNAPPROVED"])));
        // Earlier traffic is in the report before and after; only the difference counts. Days add up.
        var before = Totals(("H1", [Day(10, 30, 20, 5, 5, ("NATIONAL_CODE_UNKNOWN", 5))]), ("H2", []));
        var after = Totals(
            ("H1", [Day(10, 30, 20, 5, 5, ("NATIONAL_CODE_UNKNOWN", 5)), Day(1, 2, 1, 0, 1, ("NATIONAL_CODE_UNKNOWN", 1))]),
            ("H2", [Day(1, 1, 0, 1, 0, ("RESTRICTED_USE_UNAPPROVED", 1))]));

        var result = AuditReconciliation.Compare(["H1", "H2"], before, after, ledger, failedCalls: 0);

        Assert.Equal(AuditResult.Matched, result.Status);
        Assert.Contains("recorded 2 batches and 3 lines", result.Note, StringComparison.Ordinal);
        Assert.All(result.Rows, r => Assert.True(r.Matches));
        Assert.Contains(result.Rows, r => r is { Institution: "H1", Total: "findings NATIONAL_CODE_UNKNOWN", Gateway: 1, Answered: 1 });
    }

    [Fact]
    public void Compare_AFindingTheAnswersDidNotCarry_DiffersOnThatRule()
    {
        var ledger = new AnswerLedger();
        ledger.Record("H1", Answer("a", (Verdict.Reject, ["NATIONAL_CODE_UNKNOWN"])));
        var before = Totals(("H1", []));
        var after = Totals(("H1", [Day(1, 1, 0, 0, 1, ("NATIONAL_CODE_MISSING", 1))]));

        var result = AuditReconciliation.Compare(["H1"], before, after, ledger, failedCalls: 0);

        Assert.Equal(AuditResult.Differs, result.Status);
        Assert.Contains("no call failed", result.Note, StringComparison.Ordinal);
        var wrong = result.Rows.Where(r => !r.Matches).Select(r => (r.Total, r.Gateway, r.Answered)).ToList();
        Assert.Equal([("findings NATIONAL_CODE_MISSING", 1L, 0L), ("findings NATIONAL_CODE_UNKNOWN", 0L, 1L)], wrong);
    }

    [Fact]
    public void Compare_MoreRecordedThanAnswered_NamesTheFailedCalls()
    {
        var ledger = new AnswerLedger();
        ledger.Record("H1", Answer("a", (Verdict.Pass, [])));
        var result = AuditReconciliation.Compare(["H1"], Totals(("H1", [])), Totals(("H1", [Day(3, 3, 3, 0, 0)])), ledger, failedCalls: 2);

        Assert.Equal(AuditResult.Differs, result.Status);
        Assert.Contains("recorded 3 batches, the tool was answered 1", result.Note, StringComparison.Ordinal);
        Assert.Contains("2 calls failed on the client side", result.Note, StringComparison.Ordinal);
    }
}
