using ValidationGateway.Contracts.V1;
using ValidationGateway.LoadTest.Correctness;
using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Tests;

public class CorrectnessTallyTests
{
    private static readonly FaultKind Missing = FaultCatalog.Find("missing")!;
    private static readonly FaultKind Unknown = FaultCatalog.Find("unknown")!;
    private static readonly FaultKind Consumable = FaultCatalog.Find("consumable")! with { Tolerated = ["NATIONAL_CODE_MISSING"] };
    private static readonly FaultKind Restricted = FaultCatalog.Find("restricted-use")!;

    private static GeneratedBatch Batch(params FaultKind?[] faults)
    {
        var request = new ValidateRequest { RequestId = "r1", FixmedinsCode = "H21010200123" };
        var lines = new List<LineExpectation>();
        for (var i = 0; i < faults.Length; i++)
        {
            request.FeeDetails.Add(new FeeDetail { FeedetlSn = $"s{i}" });
            lines.Add(new LineExpectation($"s{i}", faults[i]));
        }

        return new GeneratedBatch(request, BatchScene.Outpatient, lines);
    }

    private static LineResult Line(string sn, params string[] rules)
    {
        var line = new LineResult { FeedetlSn = sn, Verdict = rules.Length == 0 ? Verdict.Pass : Verdict.Reject };
        foreach (var rule in rules)
        {
            line.Findings.Add(new Finding { RuleId = rule, Severity = Severity.Error });
        }

        return line;
    }

    private static ValidateResponse Response(Verdict verdict, params LineResult[] lines)
    {
        var response = new ValidateResponse { RequestId = "r1", Verdict = verdict };
        response.Lines.AddRange(lines);
        return response;
    }

    [Fact]
    public void Check_EverythingAsExpected_AllCorrect()
    {
        var tally = new CorrectnessTally();
        tally.Check(Batch(null, Missing), Response(Verdict.Reject, Line("s0"), Line("s1", "NATIONAL_CODE_MISSING")));
        var s = tally.Snapshot();
        Assert.True(s.AllCorrect);
        Assert.Equal(1, s.ByKind["missing"].Caught);
        Assert.Equal(1, s.ByKind[CorrectnessTally.Clean].Caught);
    }

    [Fact]
    public void Check_MissesAndFalseAlarms_KeepTheFirstFiveOfEachKindAsExamplesToLookUp()
    {
        var tally = new CorrectnessTally();
        for (var i = 0; i < 7; i++)
        {
            var batch = Batch(Unknown, null);
            batch.Request.RequestId = $"r{i}";
            batch.Request.FeeDetails[0].MedListCodg = "XA01";
            var response = Response(Verdict.Reject, Line("s0"), Line("s1", "PRICE_OVER_LIMIT", "AMOUNT_MISMATCH"));
            response.RequestId = $"r{i}";
            tally.Check(batch, response);
        }

        var s = tally.Snapshot();
        Assert.Equal(7, s.ByKind["unknown"].Missed);
        Assert.Equal(
            Enumerable.Range(0, 5).Select(i => new LineExample($"r{i}", "s0", "XA01", "none")),
            s.ByKind["unknown"].Examples);
        Assert.Equal(new LineExample("r0", "s1", "", "PRICE_OVER_LIMIT+AMOUNT_MISMATCH"), s.ByKind[CorrectnessTally.Clean].Examples[0]);
        Assert.Equal(5, s.ByKind[CorrectnessTally.Clean].Examples.Count);
    }

    [Fact]
    public void Check_FaultCaughtWithAnExtraFinding_ExampleNamesTheExtraRule()
    {
        var tally = new CorrectnessTally();
        tally.Check(Batch(Missing), Response(Verdict.Reject, Line("s0", "NATIONAL_CODE_MISSING", "PRICE_OVER_LIMIT")));
        var counts = tally.Snapshot().ByKind["missing"];
        Assert.Equal((1L, 0L, 1L), (counts.Caught, counts.Missed, counts.Unexpected));
        Assert.Equal([new LineExample("r1", "s0", "", "extra PRICE_OVER_LIMIT")], counts.Examples);
    }

    [Fact]
    public void Check_FaultNotReported_CountsAMissWithWhatCameBack()
    {
        var tally = new CorrectnessTally();
        tally.Check(Batch(Unknown, Missing), Response(Verdict.Reject, Line("s0", "NATIONAL_CODE_MALFORMED"), Line("s1")));
        var s = tally.Snapshot();
        Assert.Equal(2, s.Misses);
        Assert.Equal(1, s.ByKind["unknown"].Answers["NATIONAL_CODE_MALFORMED"]);
        Assert.Equal(1, s.ByKind["missing"].Answers["none"]);
        Assert.False(s.AllCorrect);
    }

    [Fact]
    public void Check_FindingOnCleanLine_CountsAFalseAlarm()
    {
        var tally = new CorrectnessTally();
        tally.Check(Batch(null, null), Response(Verdict.Reject, Line("s0", "NATIONAL_CODE_UNKNOWN"), Line("s1")));
        var s = tally.Snapshot();
        Assert.Equal(1, s.FalseAlarms);
        Assert.Equal(0, s.Misses);
        Assert.Equal(1, s.ByKind[CorrectnessTally.Clean].Answers["NATIONAL_CODE_UNKNOWN"]);
    }

    [Fact]
    public void Check_ExtraRuleOnFaultyLine_CaughtButUnexpected_ToleratedRuleIsNot()
    {
        var tally = new CorrectnessTally();
        tally.Check(
            Batch(Missing, Consumable),
            Response(Verdict.Reject, Line("s0", "NATIONAL_CODE_MISSING", "FEE_TIME_INVALID"), Line("s1", "CONSUMABLE_CODE_MISSING", "NATIONAL_CODE_MISSING")));
        var s = tally.Snapshot();
        Assert.Equal(1, s.ByKind["missing"].Caught);
        Assert.Equal(1, s.ByKind["missing"].Unexpected);
        Assert.Equal(0, s.ByKind["consumable"].Unexpected);
        Assert.Equal(1, s.Unexpected);
    }

    [Fact]
    public void Check_AnswerDoesNotMatchRequest_BatchProblems()
    {
        var tally = new CorrectnessTally();
        var response = Response(Verdict.Pass, Line("s0", "NATIONAL_CODE_MISSING"));
        response.RequestId = "other";
        tally.Check(Batch(Missing, null), response);
        var problems = tally.Snapshot().BatchProblems;
        Assert.Contains("answer for another request_id", problems.Keys);
        Assert.Contains("line count differs from the request", problems.Keys);
        Assert.Contains("line missing from the answer", problems.Keys);
        Assert.Contains("batch verdict is not the worst line verdict", problems.Keys);
    }

    [Fact]
    public void Check_WarningFault_NeedsTheWarnVerdict()
    {
        var tally = new CorrectnessTally();
        var warned = Line("s0", "RESTRICTED_USE_UNAPPROVED");
        warned.Verdict = Verdict.Warn;
        tally.Check(Batch(Restricted, Restricted), Response(Verdict.Reject, warned, Line("s1", "RESTRICTED_USE_UNAPPROVED")));
        var s = tally.Snapshot();
        Assert.Equal(1, s.ByKind["restricted-use"].Caught);
        Assert.Equal(1, s.ByKind["restricted-use"].Missed);
        Assert.Equal(1, s.ByKind["restricted-use"].Answers["verdict Reject"]);
    }
}
