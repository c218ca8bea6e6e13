using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;
using ValidationGateway.Core.Tests.Support;
using static ValidationGateway.Core.Tests.Support.Requests;

namespace ValidationGateway.Core.Tests.Rules;

public class BatchValidatorTests
{
    private static readonly InstitutionReferenceData Institution = new(new InstitutionRecord(Hospital, "测试医院", 3, InstitutionType.Hospital), [], []);
    private readonly BatchValidator _validator = new(CodeFormatProfile.Default, RuleTable.Default);

    private ValidateResponse Run(ValidateRequest request)
    {
        var outcome = new BatchOutcome();
        _validator.Validate(request, TestCatalog.Snapshot, Institution, null, outcome);
        return ResponseBuilder.Build(request, TestCatalog.Version, outcome, RuleTable.Default);
    }

    private static FeeDetail Priced(FeeDetail line, string price)
    {
        line.Pric = price;
        line.DetItemFeeSumamt = price;
        return line;
    }

    private static string[] RuleIdsOf(LineResult line) => line.Findings.Select(f => f.RuleId).ToArray();

    [Fact]
    public void Validate_CleanLines_PassWithoutFindings()
    {
        var response = Run(Batch(Line("1", TestCatalog.Drug), Priced(Line("2", TestCatalog.Service), "8.00"), Line("3", TestCatalog.Consumable)));
        Assert.Equal(Verdict.Pass, response.Verdict);
        Assert.All(response.Lines, l => Assert.Equal(Verdict.Pass, l.Verdict));
        Assert.All(response.Lines, l => Assert.Empty(l.Findings));
        Assert.Equal("02", response.Lines[0].ChrgitmLv);
        Assert.Equal(TestCatalog.Version, response.CatalogVersion);
        Assert.Equal(["1", "2", "3"], response.Lines.Select(l => l.FeedetlSn));
    }

    [Fact]
    public void Validate_MissingNationalCode_RejectsWithFieldPathAndChineseMessage()
    {
        var response = Run(Batch(Line("1", TestCatalog.Drug), Line("2", "")));
        var line = response.Lines[1];
        Assert.Equal(Verdict.Reject, line.Verdict);
        var finding = Assert.Single(line.Findings);
        Assert.Equal("NATIONAL_CODE_MISSING", finding.RuleId);
        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Equal("fee_details[1].med_list_codg", finding.Field);
        Assert.Contains("国家医保编码", finding.Message, StringComparison.Ordinal);
        Assert.Equal(Verdict.Pass, response.Lines[0].Verdict);
        Assert.Equal(Verdict.Reject, response.Verdict);
    }

    [Fact]
    public void Validate_MissingLocalCode_Rejects()
    {
        var line = Run(Batch(Line("1", TestCatalog.Drug, local: ""))).Lines[0];
        Assert.Equal(["LOCAL_CODE_MISSING"], RuleIdsOf(line));
        Assert.Equal("fee_details[0].medins_list_codg", line.Findings[0].Field);
    }

    [Theory]
    [InlineData("XA11CCA351E00201010112")] // western drug one short
    [InlineData("C1801010010100103941")] // consumable class 18
    [InlineData("abc")] // no family
    [InlineData("00110200001000")] // 14-digit service
    public void Validate_MalformedUnknownCode_IsMalformed(string code)
    {
        var line = Run(Batch(Line("1", code))).Lines[0];
        var finding = Assert.Single(line.Findings);
        Assert.Equal("NATIONAL_CODE_MALFORMED", finding.RuleId);
        Assert.Contains(code, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WellFormedCodeNotInCatalog_IsUnknownNamingTheVersion()
    {
        var finding = Assert.Single(Run(Batch(Line("1", "XA11CCA351E002010109999"))).Lines[0].Findings);
        Assert.Equal("NATIONAL_CODE_UNKNOWN", finding.RuleId);
        Assert.Contains(TestCatalog.Version, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CodeInCatalogButOffShape_IsAccepted()
    {
        // Membership is authoritative: a provincial herbal code with no national shape still passes when listed.
        var snapshot = ValidationGateway.Core.Catalog.CatalogSnapshot.Build("v", [new() { Kind = ValidationGateway.Core.Catalog.CatalogItemKind.Herb, Code = "T00170064300000" }, new() { Kind = ValidationGateway.Core.Catalog.CatalogItemKind.Service, Code = "110200002a" }]);
        var outcome = new BatchOutcome();
        _validator.Validate(Batch(Line("1", "T00170064300000"), Line("2", "110200002a")), snapshot, Institution, null, outcome);
        Assert.Equal(0, outcome.FindingCount);
    }

    [Fact]
    public void Validate_ExpiredAndInvalidatedCodes_AreNotValidOnDate()
    {
        var response = Run(Batch(Line("1", TestCatalog.Expired), Line("2", TestCatalog.Invalidated), Line("3", TestCatalog.Expired, time: "2025-12-31 23:59:59")));
        Assert.Equal(["NATIONAL_CODE_NOT_VALID_ON_DATE"], RuleIdsOf(response.Lines[0]));
        Assert.Contains("2026-11-22", response.Lines[0].Findings[0].Message, StringComparison.Ordinal);
        Assert.Equal(["NATIONAL_CODE_NOT_VALID_ON_DATE"], RuleIdsOf(response.Lines[1]));
        Assert.Empty(response.Lines[2].Findings);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-13-01 00:00:00")]
    [InlineData("2026/11/22 09:30:00")]
    [InlineData("22-11-2026")]
    [InlineData("2026-11-22 25:00:00")]
    public void Validate_BadFeeTime_IsFeeTimeInvalidAndStillChecksMembership(string time)
    {
        var response = Run(Batch(Line("1", TestCatalog.Drug, time: time), Line("2", "XA11CCA351E002010109999", time: time)));
        Assert.Equal(["FEE_TIME_INVALID"], RuleIdsOf(response.Lines[0]));
        Assert.Equal("fee_details[0].fee_ocur_time", response.Lines[0].Findings[0].Field);
        Assert.Equal(["FEE_TIME_INVALID", "NATIONAL_CODE_UNKNOWN"], RuleIdsOf(response.Lines[1]));
    }

    [Fact]
    public void Validate_BadFeeTime_RowDependentChecksOnlyWhenTheCodeHasOneRow()
    {
        // Two codes self-pay (class 03), restricted and capped at 10.00 in their first imported row; the second code
        // moved to class 02 with a cap of 100.00 and no restriction from 2025. A line over 200.00 without consent or approval.
        const string OneRow = "XA11CCA351E002010101111";
        const string TwoRows = "XA11CCA351E002010102222";
        var before = new ValidationGateway.Core.Catalog.CatalogRow
        {
            Kind = ValidationGateway.Core.Catalog.CatalogItemKind.Drug, Code = OneRow, ChargeLevel = "03", RestrictedUse = true, PriceCap = 10m,
        };
        var snapshot = ValidationGateway.Core.Catalog.CatalogSnapshot.Build("v",
        [
            before,
            before with { Code = TwoRows, EndDate = new DateOnly(2024, 12, 31) },
            new() { Kind = ValidationGateway.Core.Catalog.CatalogItemKind.Drug, Code = TwoRows, BeginDate = new DateOnly(2025, 1, 1), ChargeLevel = "02", PriceCap = 100m },
        ]);
        var request = Batch(Priced(Line("1", OneRow, time: "bad"), "250.00"), Priced(Line("2", TwoRows, time: "bad"), "250.00"), Priced(Line("3", TwoRows), "250.00"));
        var outcome = new BatchOutcome();
        _validator.Validate(request, snapshot, Institution, null, outcome);
        var response = ResponseBuilder.Build(request, "v", outcome, RuleTable.Default);

        // One row: it holds on any date, so its class, cap and restriction are judged as before.
        Assert.Equal(["FEE_TIME_INVALID", "PRICE_OVER_LIMIT", "RESTRICTED_USE_UNAPPROVED", "SELF_PAY_CONSENT_REQUIRED"], RuleIdsOf(response.Lines[0]).Order());
        Assert.Equal("03", response.Lines[0].ChrgitmLv);
        // Several rows and no date: which one applies is unknown, so those checks wait for a valid time.
        Assert.Equal(["FEE_TIME_INVALID"], RuleIdsOf(response.Lines[1]));
        Assert.Equal("", response.Lines[1].ChrgitmLv);
        // The same code with a valid date is judged by the row in force: class 02, cap 100.00.
        Assert.Equal(["PRICE_OVER_LIMIT"], RuleIdsOf(response.Lines[2]));
        Assert.Equal("02", response.Lines[2].ChrgitmLv);
    }

    [Fact]
    public void Validate_SeveralProblemsOnOneLine_ReportsEach()
    {
        var line = Run(Batch(Line("1", "", local: "", time: "bad"))).Lines[0];
        Assert.Equal(["FEE_TIME_INVALID", "LOCAL_CODE_MISSING", "NATIONAL_CODE_MISSING"], RuleIdsOf(line));
    }

    [Fact]
    public void Validate_WarningSeverityOverride_MakesLineWarnNotReject()
    {
        var table = new RuleTable("lenient", new Dictionary<RuleId, Severity> { [RuleId.LocalCodeMissing] = Severity.Warning });
        var validator = new BatchValidator(CodeFormatProfile.Default, table);
        var request = Batch(Line("1", TestCatalog.Drug, local: ""), Line("2", TestCatalog.Drug));
        var outcome = new BatchOutcome();
        validator.Validate(request, TestCatalog.Snapshot, Institution, null, outcome);
        var response = ResponseBuilder.Build(request, TestCatalog.Version, outcome, table);
        Assert.Equal(Verdict.Warn, response.Lines[0].Verdict);
        Assert.Equal(Severity.Warning, response.Lines[0].Findings[0].Severity);
        Assert.Equal(Verdict.Warn, response.Verdict);
    }

    [Fact]
    public void Validate_WarmOutcomeOnCleanBatch_AllocatesNothing()
    {
        var request = Batch(Line("1", TestCatalog.Drug), Priced(Line("2", TestCatalog.Service), "8.00"), Line("3", TestCatalog.Renewed), Line("4", TestCatalog.PatentDrug));
        var outcome = new BatchOutcome();
        _validator.Validate(request, TestCatalog.Snapshot, Institution, null, outcome);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            _validator.Validate(request, TestCatalog.Snapshot, Institution, null, outcome);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, outcome.FindingCount);
    }

    private static readonly InstitutionReferenceData MappedInstitution = new(new InstitutionRecord(Hospital, "测试医院", 3, InstitutionType.Hospital),
    [
        new MappingRow { InstitutionCode = Hospital, LocalCode = "YP-1", NationalCode = TestCatalog.Drug, ItemType = ItemType.Drug },
        new MappingRow { InstitutionCode = Hospital, LocalCode = "ZL-1", NationalCode = TestCatalog.Service },
        new MappingRow { InstitutionCode = Hospital, LocalCode = "HC-1", NationalCode = TestCatalog.Renewed, EndDate = new DateOnly(2025, 6, 30) },
        new MappingRow { InstitutionCode = Hospital, LocalCode = "HC-1", NationalCode = TestCatalog.Consumable, BeginDate = new DateOnly(2025, 7, 1) },
        new MappingRow { InstitutionCode = Hospital, LocalCode = "ZY-1", NationalCode = "T中药饮片001", ItemType = ItemType.Herb },
    ], [], CodeFormatProfile.Default);

    [Fact]
    public void Validate_WarmOutcomeOnCleanBatchWithPackedMappings_AllocatesNothing()
    {
        var request = Batch(Line("1", TestCatalog.Drug, "YP-1"), Priced(Line("2", TestCatalog.Service, "ZL-1"), "8.00"), Line("3", TestCatalog.Consumable, "HC-1"));
        var outcome = new BatchOutcome();
        _validator.Validate(request, TestCatalog.Snapshot, MappedInstitution, null, outcome);
        Assert.Equal(0, outcome.FindingCount);

        // The fewest bytes over five rounds of 100 batches: a per-batch allocation shows in every round, while a
        // one-off (a lazily built runtime structure, seen once in a full parallel run) does not fail the test.
        var fewest = long.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                _validator.Validate(request, TestCatalog.Snapshot, MappedInstitution, null, outcome);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
        Assert.Equal(0, outcome.FindingCount);
    }

    [Fact]
    public void Validate_LinesAgainstPackedMappings_MismatchNamesTheCodeApprovedOnTheFeeDate()
    {
        var request = Batch(
            Line("1", TestCatalog.Renewed, "HC-1"),
            Line("2", TestCatalog.Renewed, "HC-1", "2025-03-01 10:00:00"),
            Line("3", TestCatalog.Drug, "ZY-1"),
            Line("4", TestCatalog.Drug, "YP-9"));
        var outcome = new BatchOutcome();
        _validator.Validate(request, TestCatalog.Snapshot, MappedInstitution, null, outcome);
        var response = ResponseBuilder.Build(request, TestCatalog.Version, outcome, RuleTable.Default);

        var mismatch = Assert.Single(response.Lines[0].Findings);
        Assert.Equal("MAPPING_MISMATCH", mismatch.RuleId);
        Assert.Contains(TestCatalog.Consumable, mismatch.Message, StringComparison.Ordinal);
        Assert.Empty(response.Lines[1].Findings);
        var herb = Assert.Single(response.Lines[2].Findings, f => f.RuleId == "MAPPING_MISMATCH");
        Assert.Contains("T中药饮片001", herb.Message, StringComparison.Ordinal);
        Assert.Equal(["MAPPING_UNREGISTERED"], RuleIdsOf(response.Lines[3]));
    }

    [Fact]
    public void RuleTable_ListsEveryRuleIdOfTheContract()
    {
        Assert.Equal(RuleIds.All, RuleTable.Default.Rules.Select(r => r.Id));
        Assert.All(RuleTable.Default.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.MessageZh)));
        Assert.Equal("DIAGNOSIS_CODE_MALFORMED", RuleIds.NameOf(RuleId.DiagnosisCodeMalformed));
        Assert.True(RuleIds.TryParse("NATIONAL_CODE_NOT_VALID_ON_DATE", out var id));
        Assert.Equal(RuleId.NationalCodeNotValidOnDate, id);
        Assert.False(RuleIds.TryParse("RULE_ID_UNSPECIFIED", out _));
    }
}
