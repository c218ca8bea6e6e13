using System.Globalization;
using ValidationGateway.Contracts.V1;
using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Tests;

public class TrafficGeneratorTests
{
    private static readonly DateOnly FeeDate = new(2026, 11, 22);

    private static TrafficModel Model(string faults, int? lines = null, KnowledgePoints? knowledge = null)
    {
        var errors = new List<string>();
        var mix = FaultMix.Parse(faults, errors);
        Assert.Empty(errors);
        return new TrafficModel
        {
            Pool = new CodePool(DemoCatalog.Items, FeeDate),
            Institutions = new InstitutionMix(DemoCatalog.Institutions, 1.0),
            Lines = new LineCountDistribution(lines),
            Faults = mix,
            Knowledge = knowledge ?? DemoCatalog.Knowledge,
            RunId = "test",
        };
    }

    [Fact]
    public void Next_EveryFault_GatewayAuditGivesExactlyTheExpectedRuleIdAndVerdict()
    {
        // Every fault at 3% per line: ~40% of lines clean, each fault hundreds of times, several per batch.
        var model = Model(string.Join(",", FaultCatalog.All.Select(f => f.Name + "=0.03")));
        var generator = new TrafficGenerator(model, 1);
        var oracle = new GatewayOracle(DemoCatalog.Items);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var clean = 0;
        for (var b = 0; b < 4_000; b++)
        {
            var batch = generator.Next();
            Assert.Equal(batch.Request.FeeDetails.Count, batch.Lines.Count);
            var (batchFindings, judged) = oracle.Judge(batch.Request);
            Assert.Empty(batchFindings);
            batch.MarkAnswered();
            for (var i = 0; i < batch.Lines.Count; i++)
            {
                var line = batch.Request.FeeDetails[i];
                var expected = batch.Lines[i];
                Assert.Equal(line.FeedetlSn, expected.FeedetlSn);
                var (rules, verdict) = judged[i];
                if (expected.Fault is { } fault)
                {
                    Assert.True(rules.Count == 1 && rules[0] == fault.RuleId, $"{fault.Name} on {line}: {string.Join(",", rules)}");
                    Assert.Equal(fault.Verdict, verdict);
                    seen[fault.Name] = seen.GetValueOrDefault(fault.Name) + 1;
                }
                else
                {
                    Assert.True(rules.Count == 0, $"clean line {line} of {batch.Request.Visit}: {string.Join(",", rules)}");
                    clean++;
                }
            }
        }

        Assert.Equal(FaultCatalog.All.Select(f => f.Name).Order(), seen.Keys.Order());
        Assert.All(seen, p => Assert.True(p.Value > 60, $"{p.Key} injected {p.Value} times"));
        Assert.InRange((double)clean / (clean + seen.Values.Sum()), 0.35, 0.6);
    }

    [Fact]
    public void Next_CleanLines_DemoConventionsAndAmounts()
    {
        var generator = new TrafficGenerator(Model("none"), 2);
        for (var b = 0; b < 1_000; b++)
        {
            var request = generator.Next().Request;
            var division = request.FixmedinsCode.Substring(1, 6);
            foreach (var line in request.FeeDetails)
            {
                var price = decimal.Parse(line.Pric, CultureInfo.InvariantCulture);
                var count = decimal.Parse(line.Cnt, CultureInfo.InvariantCulture);
                Assert.Equal(Math.Round(price * count, 2), decimal.Parse(line.DetItemFeeSumamt, CultureInfo.InvariantCulture));
                var item = DemoCatalog.Items.First(i => i.Code == line.MedListCodg);
                Assert.True(item.LowestCap is null || price <= item.LowestCap, $"{line.MedListCodg} priced {price} over {item.LowestCap}");
                Assert.True(item.IsValidOn(FeeDate));
                Assert.Equal("HIS" + line.MedListCodg, line.MedinsListCodg);
                Assert.Equal(item.SelfPay, line.SelfPayConsent);
                Assert.True(line.FeedetlSn.Length <= 30);
                if (request.Scene == Scene.Pharmacy)
                {
                    Assert.Contains(item.Type, (ItemType[])[ItemType.Drug, ItemType.Herb]);
                    Assert.Matches($"^Y{division}00000[1-3]$", request.Visit.PharCodg);
                }
                else
                {
                    Assert.Matches($"^D{division}00000[1-9]$", line.BilgDrCodg);
                }
            }
        }
    }

    [Fact]
    public void Next_GenderAndAgeFaults_ItemsForBothGendersAndBothEndsOfLife_EveryFaultLineBreaksItsPoint()
    {
        // Knowledge points pointing both ways (the demo's point only to women and children): a later fault for the
        // other gender or the other end of the age range must not move the patient into an earlier fault line's range.
        var drugs = DemoCatalog.Items
            .Where(i => i.Type == ItemType.Drug && i.Valid && !DemoCatalog.Knowledge.GenderOf.ContainsKey(i.Code) && !DemoCatalog.Knowledge.AgeOf.ContainsKey(i.Code))
            .Select(i => i.Code).Distinct(StringComparer.Ordinal).Take(8).ToList();
        Assert.Equal(8, drugs.Count);
        var knowledge = KnowledgePoints.Read(new StringReader($"""
            rule_id,code,code_b,gender,age_min,age_max,max_per_day,note
            GENDER_RESTRICTED,{drugs[0]},,1,,,,
            GENDER_RESTRICTED,{drugs[1]},,1,,,,
            GENDER_RESTRICTED,{drugs[2]},,2,,,,
            GENDER_RESTRICTED,{drugs[3]},,2,,,,
            AGE_RESTRICTED,{drugs[4]},,,,17,,
            AGE_RESTRICTED,{drugs[5]},,,,17,,
            AGE_RESTRICTED,{drugs[6]},,,18,,,
            AGE_RESTRICTED,{drugs[7]},,,60,,,
            """), "rules.csv");
        var generator = new TrafficGenerator(Model("gender=0.1,age=0.1", lines: 12, knowledge: knowledge), 11);
        var faults = 0;
        for (var b = 0; b < 3_000; b++)
        {
            var batch = generator.Next();
            var visit = batch.Request.Visit;
            var age = VisitPlan.AgeOn(DateOnly.ParseExact(visit.Brdy, "yyyy-MM-dd", CultureInfo.InvariantCulture), FeeDate);
            for (var i = 0; i < batch.Lines.Count; i++)
            {
                var code = batch.Request.FeeDetails[i].MedListCodg;
                var wrongGender = knowledge.GenderOf.TryGetValue(code, out var gender) && visit.Gend != gender;
                var wrongAge = knowledge.AgeOf.TryGetValue(code, out var range) && ((range.Min is { } min && age < min) || (range.Max is { } max && age > max));
                switch (batch.Lines[i].Fault?.Name)
                {
                    case "gender":
                        Assert.True(wrongGender, $"gender fault {code} ({gender}) on a patient of gender {visit.Gend}");
                        faults++;
                        break;
                    case "age":
                        Assert.True(wrongAge, $"age fault {code} ({range}) on a patient of {age}");
                        faults++;
                        break;
                    default:
                        Assert.False(wrongGender || wrongAge, $"clean line {code} on a patient of gender {visit.Gend}, {age}");
                        break;
                }
            }

            batch.MarkAnswered();
        }

        Assert.True(faults > 1_000, $"{faults} faults");
    }

    [Fact]
    public void Next_Visits_UniqueIdsAndPatients()
    {
        var generator = new TrafficGenerator(Model("none"), 6);
        var visits = Enumerable.Range(0, 2_000).Select(_ => generator.Next().Request.Visit).ToList();
        Assert.Equal(visits.Count, visits.Select(v => v.MdtrtId).Distinct().Count());
        Assert.Equal(visits.Count, visits.Select(v => v.PsnNo).Distinct().Count());
        Assert.All(visits, v => Assert.True(v.MdtrtId.Length <= 30 && v.PsnNo.Length <= 30));
    }

    [Fact]
    public void Next_Duplicate_RepeatsTheItemInALaterAnsweredBatchOfTheSameVisit()
    {
        var generator = new TrafficGenerator(Model("duplicate=0.2"), 7);
        var answered = new Dictionary<string, GeneratedBatch>(StringComparer.Ordinal);
        var pending = new Queue<GeneratedBatch>();
        var repeats = 0;
        for (var b = 0; b < 2_000; b++)
        {
            var batch = generator.Next();
            for (var i = 0; i < batch.Lines.Count; i++)
            {
                if (batch.Lines[i].Fault?.Name == "duplicate")
                {
                    var code = batch.Request.FeeDetails[i].MedListCodg;
                    Assert.True(answered.TryGetValue(batch.Request.Visit.MdtrtId, out var first), "the visit's first batch was answered before the repeat");
                    Assert.Contains(first.Request.FeeDetails, l => l.MedListCodg == code);
                    repeats++;
                }
            }

            // Answers arrive three batches late: the repeat must wait for its first batch's answer.
            pending.Enqueue(batch);
            if (pending.Count > 3)
            {
                var done = pending.Dequeue();
                done.MarkAnswered();
                answered.TryAdd(done.Request.Visit.MdtrtId, done);
            }
        }

        Assert.True(repeats > 50, $"{repeats} repeats");
    }

    [Fact]
    public void Next_DefaultDistribution_MostOutpatientBatchesHaveOneToTenLines()
    {
        var generator = new TrafficGenerator(Model("none"), 3);
        var outpatient = Enumerable.Range(0, 5_000).Select(_ => generator.Next()).Where(b => b.Scene == BatchScene.Outpatient).ToList();
        var small = outpatient.Count(b => b.Lines.Count <= 10);
        Assert.InRange((double)small / outpatient.Count, 0.95, 0.99);
        Assert.Contains(outpatient, b => b.Lines.Count > 10);
        Assert.All(outpatient, b => Assert.InRange(b.Lines.Count, 1, 60));
    }

    [Fact]
    public void Next_Institutions_ZipfSkewAndPharmacyScene()
    {
        var generator = new TrafficGenerator(Model("none", lines: 1), 4);
        var batches = Enumerable.Range(0, 10_000).Select(_ => generator.Next()).ToList();
        var byInstitution = batches.GroupBy(b => b.Request.FixmedinsCode).ToDictionary(g => g.Key, g => g.Count());
        // Weights 1, 1/2, 1/3, 1/4 → shares 48%, 24%, 16%, 12%.
        Assert.InRange(byInstitution["H21010200123"], 4_500, 5_100);
        Assert.InRange(byInstitution["P45010301036"], 1_000, 1_400);
        Assert.All(batches.Where(b => b.Request.FixmedinsCode.StartsWith('P')), b => Assert.Equal(Scene.Pharmacy, b.Request.Scene));
        Assert.All(batches.Where(b => b.Request.FixmedinsCode.StartsWith('H')), b => Assert.NotEqual(Scene.Pharmacy, b.Request.Scene));
        Assert.Equal(batches.Count, batches.Select(b => b.Request.RequestId).Distinct().Count());
    }

    [Fact]
    public void FaultMix_BadSpec_EveryErrorListed()
    {
        var errors = new List<string>();
        FaultMix.Parse("overprice=0.01,bogus=0.1,missing=2", errors);
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("'bogus'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("missing=2", StringComparison.Ordinal));
        Assert.Equal(FaultCatalog.All.Count, FaultMix.Parse(FaultMix.Default, errors).Entries.Count);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void KnowledgePoints_RulesFile_EveryKindOfPoint()
    {
        var knowledge = KnowledgePoints.Read(new StringReader("""
            rule_id,code,code_b,gender,age_min,age_max,max_per_day,note
            GENDER_RESTRICTED,XG03CAA001A001010100001,,男,,,,
            AGE_RESTRICTED,XN06BAA002A001010100002,,,18,60,,
            DUPLICATE_CHARGE,001102000030000,001102000030000,,,,,
            FREQUENCY_EXCEEDED,001201000010000,,,,,4,
            FREQUENCY_EXCEEDED,001201000010000,,,,,3,stricter
            CONSUMABLE_NOT_SEPARATELY_CHARGEABLE,001201000010000,C1402010020000101234,,,,,
            """), "rules.csv");
        Assert.Equal("1", knowledge.GenderOf["XG03CAA001A001010100001"]);
        Assert.Equal((18, 60), knowledge.AgeOf["XN06BAA002A001010100002"]);
        Assert.Equal(["001102000030000"], knowledge.OncePerVisit);
        Assert.Equal(3m, knowledge.MaxPerDay["001201000010000"]);
        Assert.Contains("001201000010000", knowledge.ExcludedWith("C1402010020000101234"));
        Assert.Equal(8, DemoCatalog.Knowledge.Count);
    }
}
