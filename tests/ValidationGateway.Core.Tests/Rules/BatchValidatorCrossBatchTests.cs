using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Actors;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;
using ValidationGateway.Core.Tests.Support;
using static ValidationGateway.Core.Tests.Support.Requests;

namespace ValidationGateway.Core.Tests.Rules;

/// <summary>The cross-batch rules against an <see cref="InstitutionMemory"/>, as the institution actor runs them.</summary>
public class BatchValidatorCrossBatchTests
{
    private const string SelfPayDrug = "XA11CCA351E002010101122";

    private static readonly InstitutionReferenceData Institution = new(new InstitutionRecord(Hospital, "测试医院", 3, InstitutionType.Hospital), [], []);

    private static readonly CatalogSnapshot Snapshot = CatalogSnapshot.Build(
        TestCatalog.Version,
        [.. TestCatalog.Rows, new CatalogRow { Kind = CatalogItemKind.Drug, Code = SelfPayDrug, Name = "自费药品", ChargeLevel = "03" }],
        [
            new KnowledgePoint { Rule = RuleId.FrequencyExceeded, Code = TestCatalog.Drug, MaxPerDay = 3m },
            new KnowledgePoint { Rule = RuleId.DuplicateCharge, Code = TestCatalog.Service, CodeB = TestCatalog.Service },
            new KnowledgePoint { Rule = RuleId.ConsumableNotSeparatelyChargeable, Code = TestCatalog.Service, CodeB = TestCatalog.Consumable },
        ]);

    private readonly BatchValidator _validator = new(CodeFormatProfile.Default, RuleTable.Default);
    private readonly FakeTimeProvider _time = new();
    private readonly InstitutionMemory _memory;

    public BatchValidatorCrossBatchTests() => _memory = new InstitutionMemory(new VisitMemoryOptions { Ttl = TimeSpan.FromHours(48) }, _time);

    [Fact]
    public void Validate_SerialReusedWithOtherContent_IsADuplicateLineButARetryIsNot()
    {
        Assert.Empty(Rules(Line("7", TestCatalog.Drug)));
        Assert.Equal(["DUPLICATE_LINE"], Rules(Line("7", TestCatalog.PatentDrug)));
        Assert.Empty(Rules(Line("7", TestCatalog.Drug)));
        Assert.Empty(Rules(Line("7", TestCatalog.PatentDrug), visit: "MD002"));
    }

    [Fact]
    public void Validate_RetransmittedLines_AreCountedOnce()
    {
        // Quantity: 2 (sent twice) + 1 stays within 3 a day; one more is over.
        Assert.Empty(Rules(Counted(Line("1", TestCatalog.Drug), "2")));
        Assert.Empty(Rules(Counted(Line("1", TestCatalog.Drug), "2")));
        Assert.Empty(Rules(Counted(Line("2", TestCatalog.Drug), "1")));
        Assert.Equal(["FREQUENCY_EXCEEDED"], Rules(Counted(Line("3", TestCatalog.Drug), "1")));

        // Self-pay: 150 (sent twice) + 40 stays within the 200 threshold; 20 more is over.
        Assert.Empty(Rules(Priced(Line("4", SelfPayDrug), "150.00")));
        Assert.Empty(Rules(Priced(Line("4", SelfPayDrug), "150.00")));
        Assert.Empty(Rules(Priced(Line("5", SelfPayDrug), "40.00")));
        Assert.Equal(["SELF_PAY_CONSENT_REQUIRED"], Rules(Priced(Line("6", SelfPayDrug), "20.00")));
        Assert.Equal(2, _memory.GetVisit("MD001").ChargedCount(SelfPayDrug));
    }

    [Fact]
    public void Validate_LineResentAfterTheVisitExpired_IsNew()
    {
        Assert.Empty(Rules(Line("1", TestCatalog.Drug)));
        _time.Advance(TimeSpan.FromHours(49));
        Assert.Empty(Rules(Line("1", TestCatalog.PatentDrug)));
        Assert.Equal(["DUPLICATE_LINE"], Rules(Line("1", TestCatalog.Drug)));
    }

    [Fact]
    public void Validate_QuantitiesOfOnePatientDay_AddUpAcrossVisits()
    {
        Assert.Empty(Rules(Counted(Line("1", TestCatalog.Drug), "2"), visit: "MD001"));
        Assert.Equal(["FREQUENCY_EXCEEDED"], Rules(Counted(Line("1", TestCatalog.Drug), "2"), visit: "MD002"));
        Assert.Empty(Rules(Counted(Line("1", TestCatalog.Drug, time: "2026-11-23 09:30:00"), "2"), visit: "MD003"));
        Assert.Empty(Rules(Counted(Line("1", TestCatalog.Drug), "2"), visit: "MD004", patient: "P002"));
        Assert.Empty(Rules(Counted(Line("2", TestCatalog.Drug), "1"), visit: "MD001"));
    }

    [Fact]
    public void Validate_ItemChargedEarlierInTheVisit_IsADuplicateChargeOrAnIncludedConsumable()
    {
        Assert.Empty(Rules(Priced(Line("1", TestCatalog.Service), "8.00")));
        Assert.Equal(["DUPLICATE_CHARGE"], Rules(Priced(Line("2", TestCatalog.Service), "8.00")));
        Assert.Equal(["CONSUMABLE_NOT_SEPARATELY_CHARGEABLE"], Rules(Line("3", TestCatalog.Consumable)));
        Assert.Empty(Rules(Line("1", TestCatalog.Consumable), visit: "MD002"));
        Assert.Empty(Rules(Priced(Line("2", TestCatalog.Service), "8.00"), visit: "MD003"));
    }

    private string[] Rules(FeeDetail line, string visit = "MD001", string patient = "P001")
    {
        var request = Batch(line);
        request.Visit.MdtrtId = visit;
        request.Visit.PsnNo = patient;
        var outcome = new BatchOutcome();
        lock (_memory.Gate)
        {
            _validator.Validate(request, Snapshot, Institution, _memory, outcome);
        }

        var response = ResponseBuilder.Build(request, TestCatalog.Version, outcome, RuleTable.Default);
        return [.. response.Findings.Select(f => f.RuleId), .. response.Lines[0].Findings.Select(f => f.RuleId)];
    }

    private static FeeDetail Priced(FeeDetail line, string price)
    {
        line.Pric = price;
        line.DetItemFeeSumamt = price;
        return line;
    }

    private static FeeDetail Counted(FeeDetail line, string count)
    {
        line.Cnt = count;
        line.DetItemFeeSumamt = (decimal.Parse(count, System.Globalization.CultureInfo.InvariantCulture) * 10m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        return line;
    }
}
