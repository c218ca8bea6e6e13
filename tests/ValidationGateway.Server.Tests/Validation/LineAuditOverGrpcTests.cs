using ValidationGateway.Contracts.V1;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Validation;

/// <summary>Every rule of the line audit, over real gRPC against the demo data set (mappings, doctors, knowledge points).</summary>
public sealed class LineAuditOverGrpcTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IDisposable
{
    private const string Injection = "001201000010000";   // 静脉注射: ≤ 4/day, includes the syringe; caps 5 / 4.5 / 4
    private const string Syringe = "C1402010020000101234"; // 一次性使用无菌注射器
    private const string Consultation = "001102000010000"; // 普通门诊诊查费: once per visit, not with the next; caps 8 / 6.5 / 5
    private const string SeniorConsultation = "001102000020000";
    private const string FemaleOnly = "ZD03AAA0043010100166";
    private const string ChildOnly = "XN02BEB055X003010100129";
    private const string Restricted = "XA11CCA351E002010101121"; // restricted use, female only
    private const string Stent = "C0101010010100103941"; // general cap 12000

    public void Dispose() => Assert.Empty(gateway.Logs.Errors());

    private Task<ValidateResponse> ValidateAsync(ValidateRequest request) =>
        gateway.Client.UnaryAsync(ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser);

    private static string[] Rules(ValidateResponse response, int line) => response.Lines[line].Findings.Select(f => f.RuleId).ToArray();

    private static ValidateRequest SameVisit(ValidateRequest template, string institution, params FeeDetail[] lines)
    {
        var request = Request(institution, lines);
        request.Visit = template.Visit.Clone();
        return request;
    }

    [Fact]
    public async Task Mapping_LocalCodeWithoutApprovedMapping_IsUnregistered()
    {
        var response = await ValidateAsync(Request(DemoDataSet.Hospital3, Line("1", ValidDrug, local: "YP-NOT-MAPPED")));
        Assert.Equal(["MAPPING_UNREGISTERED"], Rules(response, 0));
        Assert.Equal("fee_details[0].medins_list_codg", response.Lines[0].Findings[0].Field);
    }

    [Fact]
    public async Task Mapping_LocalCodeMappedToAnotherNationalCode_IsMismatchNamingTheApprovedCode()
    {
        var response = await ValidateAsync(Request(DemoDataSet.Hospital3, Line("1", "ZA04BAA0021010100372", local: "HIS" + ValidDrug)));
        var finding = Assert.Single(response.Lines[0].Findings);
        Assert.Equal("MAPPING_MISMATCH", finding.RuleId);
        Assert.Contains(ValidDrug, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consumable_UncodedLineTypedByItsMapping_IsConsumableCodeMissing()
    {
        var line = Line("1", "", local: "HC0003", price: "0.80");
        var response = await ValidateAsync(Request(DemoDataSet.Hospital3, line));
        Assert.Equal(["CONSUMABLE_CODE_MISSING"], Rules(response, 0));
        Assert.Equal(Verdict.Reject, response.Lines[0].Verdict);
    }

    [Fact]
    public async Task Consumable_ItemTypeFromRequestWinsOverFamily_DrugCodeOnConsumableLineIsMissingConsumableCode()
    {
        var line = Line("1", ValidDrug);
        line.ItemType = ItemType.Consumable;
        var response = await ValidateAsync(Request(DemoDataSet.Hospital3, line));
        Assert.Equal(["CONSUMABLE_CODE_MISSING"], Rules(response, 0));
    }

    [Fact]
    public async Task Consumable_NoCodeAndNoTypeAnywhere_IsNationalCodeMissing()
    {
        var response = await ValidateAsync(Request(DemoDataSet.Hospital3, Line("1", "", local: "UNKNOWN-LOCAL")));
        Assert.Equal(["NATIONAL_CODE_MISSING"], Rules(response, 0));
    }

    [Fact]
    public async Task Consumable_IncludedInServiceOfTheSameBatch_IsNotSeparatelyChargeable()
    {
        var response = await ValidateAsync(Request(DemoDataSet.Hospital3, Line("1", Injection, price: "5.00"), Line("2", Syringe, price: "0.80")));
        Assert.Empty(Rules(response, 0));
        var finding = Assert.Single(response.Lines[1].Findings);
        Assert.Equal("CONSUMABLE_NOT_SEPARATELY_CHARGEABLE", finding.RuleId);
        Assert.Contains(Injection, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Consumable_ServiceAfterIncludedConsumableInAnEarlierBatch_IsFlagged()
    {
        var first = Request(DemoDataSet.Hospital3, Line("1", Syringe, price: "0.80"));
        Assert.Equal(Verdict.Pass, (await ValidateAsync(first)).Verdict);
        var second = await ValidateAsync(SameVisit(first, DemoDataSet.Hospital3, Line("2", Injection, price: "5.00")));
        Assert.Equal(["CONSUMABLE_NOT_SEPARATELY_CHARGEABLE"], Rules(second, 0));
    }

    [Theory]
    [InlineData(DemoDataSet.Hospital3, "9.00", "8.00", "1.00")]
    [InlineData(DemoDataSet.Hospital2, "8.00", "6.50", "1.50")]
    [InlineData(DemoDataSet.Hospital1, "6.00", "5.00", "1.00")]
    public async Task Price_OverTheCapOfTheInstitutionsLevel_IsOverLimitWithCapAndExcess(string institution, string price, string cap, string over)
    {
        var response = await ValidateAsync(Request(institution, Line("1", Consultation, price: price)));
        Assert.Equal(["PRICE_OVER_LIMIT"], Rules(response, 0));
        Assert.Equal(cap, response.Lines[0].PricUplmtAmt);
        Assert.Equal(over, response.Lines[0].OverlmtAmt);
    }

    [Fact]
    public async Task Price_AtTheCap_PassesAndReportsTheCap()
    {
        var response = await ValidateAsync(Request(DemoDataSet.Hospital2, Line("1", Consultation, price: "6.50")));
        Assert.Empty(Rules(response, 0));
        Assert.Equal("6.50", response.Lines[0].PricUplmtAmt);
        Assert.Equal("", response.Lines[0].OverlmtAmt);
    }

    [Fact]
    public async Task Price_GeneralCapWithoutLevelColumns_AppliesToQuantity()
    {
        var response = await ValidateAsync(Request(DemoDataSet.Hospital3, Line("1", Stent, price: "12500.00", count: "2")));
        Assert.Equal(["PRICE_OVER_LIMIT"], Rules(response, 0));
        Assert.Equal("12000.00", response.Lines[0].PricUplmtAmt);
        Assert.Equal("1000.00", response.Lines[0].OverlmtAmt);
    }

    [Theory]
    [InlineData("2", "12.90", "25.80", null)]
    [InlineData("2", "12.90", "25.81", null)]
    [InlineData("2", "12.90", "25.78", "AMOUNT_MISMATCH")]
    [InlineData("3", "0.333333", "1.00", null)]
    [InlineData("2", "12.9O", "25.80", "AMOUNT_MISMATCH")]
    [InlineData("2", "12.90", "2.58e1", "AMOUNT_MISMATCH")]
    public async Task Amount_SumNotQuantityTimesPrice_IsMismatch(string count, string price, string amount, string? expected)
    {
        var line = Line("1", ValidDrug);
        (line.Cnt, line.Pric, line.DetItemFeeSumamt) = (count, price, amount);
        var response = await ValidateAsync(Request(DemoDataSet.Hospital3, line));
        Assert.Equal(expected is null ? [] : [expected], Rules(response, 0));
    }

    [Theory]
    [InlineData("0", "", "QUANTITY_INVALID")]
    [InlineData("-1", "", "QUANTITY_INVALID")]
    [InlineData("abc", "", "QUANTITY_INVALID")]
    [InlineData("-1", "FD-0001", null)]
    [InlineData("1.5", "", null)]
    public async Task Quantity_ZeroNegativeOrGarbage_IsInvalidUnlessARefund(string count, string refundOf, string? expected)
    {
        var line = Line("1", ValidDrug, price: "10.00", count: count is "0" or "abc" ? "1" : count);
        line.Cnt = count;
        line.InitFeedetlSn = refundOf;
        var response = await ValidateAsync(Request(DemoDataSet.Hospital3, line));
        Assert.Equal(expected is null ? [] : [expected], Rules(response, 0));
    }

    [Fact]
    public async Task ChargeLevel_IsReportedOnEveryCleanLine()
    {
        var response = await ValidateAsync(Request(DemoDataSet.Hospital3, Line("1", ValidDrug), Line("2", "XA02BCA211E002010102260")));
        Assert.Equal(["01", "02"], response.Lines.Select(l => l.ChrgitmLv));
    }

    [Theory]
    [InlineData("1", "GENDER_RESTRICTED")]
    [InlineData("2", null)]
    [InlineData("", null)]
    public async Task Gender_FemaleOnlyDrugForAMan_IsRestricted(string gender, string? expected)
    {
        var request = Request(DemoDataSet.Hospital3, Line("1", FemaleOnly));
        request.Visit.Gend = gender;
        var response = await ValidateAsync(request);
        Assert.Equal(expected is null ? [] : [expected], Rules(response, 0));
    }

    [Theory]
    [InlineData("1980-01-01", "AGE_RESTRICTED")]
    [InlineData("2020-06-01", null)]
    [InlineData("2008-11-23", null)] // 17 on the fee date 2026-11-22
    [InlineData("2008-11-22", "AGE_RESTRICTED")] // 18 that day
    public async Task Age_ChildOnlyDrug_UsesWholeYearsOnTheFeeDate(string birth, string? expected)
    {
        var request = Request(DemoDataSet.Hospital3, Line("1", ChildOnly));
        request.Visit.Brdy = birth;
        var response = await ValidateAsync(request);
        Assert.Equal(expected is null ? [] : [expected], Rules(response, 0));
    }

    [Fact]
    public async Task DuplicateCharge_PairInOneBatch_FlagsTheSecond()
    {
        var response = await ValidateAsync(Request(DemoDataSet.Hospital3, Line("1", Consultation, price: "8.00"), Line("2", SeniorConsultation, price: "15.00")));
        Assert.Empty(Rules(response, 0));
        Assert.Equal(["DUPLICATE_CHARGE"], Rules(response, 1));
    }

    [Fact]
    public async Task DuplicateCharge_SameItemTwiceAcrossRequests_FlagsTheSecond()
    {
        var first = Request(DemoDataSet.Hospital3, Line("1", Consultation, price: "8.00"));
        Assert.Equal(Verdict.Pass, (await ValidateAsync(first)).Verdict);
        var second = await ValidateAsync(SameVisit(first, DemoDataSet.Hospital3, Line("2", Consultation, price: "8.00")));
        Assert.Equal(["DUPLICATE_CHARGE"], Rules(second, 0));
        // A different visit of the same patient is not a duplicate.
        var other = SameVisit(first, DemoDataSet.Hospital3, Line("1", Consultation, price: "8.00"));
        other.Visit.MdtrtId = "MDT-OTHER-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(Verdict.Pass, (await ValidateAsync(other)).Verdict);
    }

    [Fact]
    public async Task DuplicateCharge_AcrossTwoStreams_IsSeenByTheInstitutionActor()
    {
        var first = Request(DemoDataSet.Hospital3, Line("1", Consultation, price: "8.00"));
        var second = SameVisit(first, DemoDataSet.Hospital3, Line("2", SeniorConsultation, price: "15.00"));
        var a = await OneOnItsOwnStreamAsync(first);
        var b = await OneOnItsOwnStreamAsync(second);
        Assert.Equal(Verdict.Pass, a.Verdict);
        Assert.Equal(["DUPLICATE_CHARGE"], Rules(b, 0));
    }

    private async Task<ValidateResponse> OneOnItsOwnStreamAsync(ValidateRequest request)
    {
        using var call = gateway.Client.DuplexStreaming<ValidateRequest, ValidateResponse>(ValidationGrpcService.ValidateStreamPath, ValidateResponse.Parser);
        await call.WriteAsync(request);
        await call.CompleteAsync();
        var responses = new List<ValidateResponse>();
        await foreach (var response in call.ReadAllAsync())
        {
            responses.Add(response);
        }

        return Assert.Single(responses);
    }

    [Fact]
    public async Task Frequency_SamePatientSameDayAcrossVisits_OverTheDailyLimitIsFlagged()
    {
        var first = Request(DemoDataSet.Hospital3, Line("1", Injection, price: "5.00", count: "3"));
        Assert.Equal(Verdict.Pass, (await ValidateAsync(first)).Verdict);

        var secondVisit = SameVisit(first, DemoDataSet.Hospital3, Line("1", Injection, price: "5.00", count: "2"));
        secondVisit.Visit.MdtrtId = "MDT-B-" + Guid.NewGuid().ToString("N")[..8];
        var second = await ValidateAsync(secondVisit);
        var finding = Assert.Single(second.Lines[0].Findings);
        Assert.Equal("FREQUENCY_EXCEEDED", finding.RuleId);
        Assert.Equal("fee_details[0].cnt", finding.Field);

        var nextDay = SameVisit(first, DemoDataSet.Hospital3, Line("1", Injection, price: "5.00", count: "4", time: "2026-11-23 08:00:00"));
        nextDay.Visit.MdtrtId = "MDT-C-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(Verdict.Pass, (await ValidateAsync(nextDay)).Verdict);
    }

    [Fact]
    public async Task RestrictedUse_WithoutHospitalApproval_WarnsAndWithApprovalPasses()
    {
        var request = Request(DemoDataSet.Hospital3, Line("1", Restricted), Line("2", Restricted));
        request.FeeDetails[1].FeedetlSn = "2";
        request.FeeDetails[1].HospApprFlag = "1";
        request.Visit.Gend = "2";
        var response = await ValidateAsync(request);
        Assert.Equal(["RESTRICTED_USE_UNAPPROVED"], Rules(response, 0));
        Assert.Equal(Verdict.Warn, response.Lines[0].Verdict);
        Assert.Equal(Severity.Warning, response.Lines[0].Findings[0].Severity);
        Assert.Empty(Rules(response, 1));
        Assert.Equal(Verdict.Warn, response.Verdict);
    }

    [Theory]
    [InlineData("250.00", false, "SELF_PAY_CONSENT_REQUIRED")]
    [InlineData("250.00", true, null)]
    [InlineData("150.00", false, null)]
    public async Task SelfPay_ClassCItemOverThreshold_NeedsConsent(string price, bool consent, string? expected)
    {
        var line = Line("1", DemoDataSet.SelfPayDrug, price: price);
        line.SelfPayConsent = consent;
        var response = await ValidateAsync(Request(DemoDataSet.Hospital3, line));
        Assert.Equal(expected is null ? [] : [expected], Rules(response, 0));
        Assert.Equal("03", response.Lines[0].ChrgitmLv);
    }

    [Fact]
    public async Task SelfPay_VisitTotalOverThresholdAcrossBatches_NeedsConsent()
    {
        var first = Request(DemoDataSet.Hospital3, Line("1", DemoDataSet.SelfPayDrug, price: "150.00"));
        Assert.Equal(Verdict.Pass, (await ValidateAsync(first)).Verdict);
        var second = await ValidateAsync(SameVisit(first, DemoDataSet.Hospital3, Line("2", DemoDataSet.SelfPayDrug, price: "60.00")));
        Assert.Equal(["SELF_PAY_CONSENT_REQUIRED"], Rules(second, 0));
    }

    [Theory]
    [InlineData("", "DOCTOR_CODE_MISSING")]
    [InlineData("D12345", "DOCTOR_CODE_MALFORMED")]
    [InlineData("D999999000001", "DOCTOR_NOT_REGISTERED")]
    [InlineData("D210103000001", "DOCTOR_NOT_REGISTERED")] // registered, but at another hospital
    public async Task Doctor_MissingMalformedOrNotRegisteredHere_IsRejected(string doctor, string expected)
    {
        var line = Line("1", ValidDrug);
        line.BilgDrCodg = doctor;
        var response = await ValidateAsync(Request(DemoDataSet.Hospital3, line));
        var finding = Assert.Single(response.Lines[0].Findings);
        Assert.Equal(expected, finding.RuleId);
        Assert.Equal("fee_details[0].bilg_dr_codg", finding.Field);
    }

    [Theory]
    [InlineData("", "PHARMACIST_CODE_MISSING")]
    [InlineData("Y450103000009", "PHARMACIST_NOT_REGISTERED")]
    [InlineData("Y450103000001", null)]
    public async Task Pharmacist_PharmacySceneNeedsARegisteredPharmacist(string pharmacist, string? expected)
    {
        var request = Request(DemoDataSet.Pharmacy, Line("1", ValidDrug));
        request.Scene = Scene.Pharmacy;
        request.Visit.PharCodg = pharmacist;
        var response = await ValidateAsync(request);
        Assert.Empty(Rules(response, 0));
        Assert.Equal(expected is null ? [] : [expected], response.Findings.Select(f => f.RuleId));
        Assert.Equal(expected is null ? Verdict.Pass : Verdict.Reject, response.Verdict);
        if (expected is not null)
        {
            Assert.Equal("visit.phar_codg", response.Findings[0].Field);
        }
    }

    [Fact]
    public async Task Diagnosis_MalformedCodeInTheVisit_IsABatchFindingWithItsIndex()
    {
        var request = Request(DemoDataSet.Hospital3, Line("1", ValidDrug));
        request.Visit.DiagCodes.Add(["I10.x00x002", "E11.900", "HYPERTENSION"]);
        var response = await ValidateAsync(request);
        var finding = Assert.Single(response.Findings);
        Assert.Equal("DIAGNOSIS_CODE_MALFORMED", finding.RuleId);
        Assert.Equal("visit.diag_codes[2]", finding.Field);
        Assert.Equal(Verdict.Reject, response.Verdict);
        Assert.Equal(Verdict.Pass, response.Lines[0].Verdict);
    }

    [Fact]
    public async Task DuplicateLine_SerialReusedWithOtherContent_IsFlaggedButARetryIsNot()
    {
        var first = Request(DemoDataSet.Hospital3, Line("7", Injection, price: "5.00", count: "2"));
        Assert.Equal(Verdict.Pass, (await ValidateAsync(first)).Verdict);

        var changed = await ValidateAsync(SameVisit(first, DemoDataSet.Hospital3, Line("7", ValidDrug)));
        Assert.Equal(["DUPLICATE_LINE"], Rules(changed, 0));

        // The same line sent again (a retry) passes and is not counted twice: 2 + 2 stays within 4 a day.
        var retry = await ValidateAsync(SameVisit(first, DemoDataSet.Hospital3, Line("7", Injection, price: "5.00", count: "2")));
        Assert.Equal(Verdict.Pass, retry.Verdict);
        var more = await ValidateAsync(SameVisit(first, DemoDataSet.Hospital3, Line("8", Injection, price: "5.00", count: "2")));
        Assert.Equal(Verdict.Pass, more.Verdict);
        var tooMany = await ValidateAsync(SameVisit(first, DemoDataSet.Hospital3, Line("9", Injection, price: "5.00", count: "1")));
        Assert.Equal(["FREQUENCY_EXCEEDED"], Rules(tooMany, 0));
    }

    [Fact]
    public async Task RejectedLine_IsNotRememberedAsACharge()
    {
        var first = Request(DemoDataSet.Hospital3, Line("1", Consultation, price: "99.00"));
        Assert.Equal(["PRICE_OVER_LIMIT"], Rules(await ValidateAsync(first), 0));
        var second = await ValidateAsync(SameVisit(first, DemoDataSet.Hospital3, Line("2", Consultation, price: "8.00")));
        Assert.Equal(Verdict.Pass, second.Verdict);
    }
}
