using System.Globalization;
using ValidationGateway.Contracts.V1;
using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Tests;

public class TrafficGeneratorTests
{
    private static readonly DateOnly FeeDate = new(2026, 11, 22);

    private static TrafficModel Model(string faults, int? lines = null, bool allowUnimplemented = false, KnowledgePoints? knowledge = null)
    {
        var errors = new List<string>();
        var mix = FaultMix.Parse(faults, allowUnimplemented, errors);
        Assert.Empty(errors);
        knowledge ??= KnowledgePoints.Empty;
        return new TrafficModel
        {
            Pool = new CodePool(DemoCatalog.Items, FeeDate, knowledge.Codes),
            Institutions = new InstitutionMix(DemoCatalog.Institutions, 1.0),
            Lines = new LineCountDistribution(lines),
            Faults = mix,
            Knowledge = knowledge,
            RunId = "test",
        };
    }

    [Fact]
    public void Next_EveryImplementedFault_GatewayRulesGiveExactlyTheExpectedRuleId()
    {
        var model = Model("missing=0.1,local=0.1,malformed=0.1,unknown=0.1,expired=0.1,time=0.1");
        var generator = new TrafficGenerator(model, 1);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var clean = 0;
        for (var b = 0; b < 2_000; b++)
        {
            var batch = generator.Next();
            Assert.Equal(batch.Request.FeeDetails.Count, batch.Lines.Count);
            for (var i = 0; i < batch.Lines.Count; i++)
            {
                var line = batch.Request.FeeDetails[i];
                var expected = batch.Lines[i];
                Assert.Equal(line.FeedetlSn, expected.FeedetlSn);
                var judged = GatewayOracle.Judge(line, DemoCatalog.Items);
                if (expected.Fault is { } fault)
                {
                    Assert.Equal([fault.RuleId], judged);
                    seen[fault.Name] = seen.GetValueOrDefault(fault.Name) + 1;
                }
                else
                {
                    Assert.Empty(judged);
                    clean++;
                }
            }
        }

        Assert.Equal(6, seen.Count);
        Assert.All(seen.Values, n => Assert.True(n > 100, "each fault should be injected often"));
        // Six faults at 10% each leave about 40% of lines clean (a line whose fault cannot apply stays clean).
        Assert.InRange((double)clean / (clean + seen.Values.Sum()), 0.38, 0.45);
    }

    [Fact]
    public void Next_CleanLines_AmountIsCountTimesPriceAndWithinTheLowestCap()
    {
        var generator = new TrafficGenerator(Model("none"), 2);
        for (var b = 0; b < 500; b++)
        {
            foreach (var line in generator.Next().Request.FeeDetails)
            {
                var price = decimal.Parse(line.Pric, CultureInfo.InvariantCulture);
                var count = decimal.Parse(line.Cnt, CultureInfo.InvariantCulture);
                Assert.Equal(price * count, decimal.Parse(line.DetItemFeeSumamt, CultureInfo.InvariantCulture));
                var item = DemoCatalog.Items.First(i => i.Code == line.MedListCodg);
                Assert.True(item.LowestCap is null || price <= item.LowestCap, $"{line.MedListCodg} priced {price} over {item.LowestCap}");
                Assert.True(item.IsValidOn(FeeDate));
                Assert.True(line.FeedetlSn.Length <= 30 && line.MedinsListCodg.Length > 0);
            }
        }
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
    public void FaultMix_UnimplementedFault_RefusedWithoutTheFlag()
    {
        var errors = new List<string>();
        FaultMix.Parse("overprice=0.01,bogus=0.1,missing=2", allowUnimplemented: false, errors);
        Assert.Contains(errors, e => e.Contains("overprice", StringComparison.Ordinal) && e.Contains("full line audit", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'bogus'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("missing=2", StringComparison.Ordinal));
    }

    [Fact]
    public void Next_FutureFaults_ProduceTheirShapes()
    {
        var knowledge = KnowledgePoints.Read(new StringReader("""
            rule_id,code,code_b,gender,age_min,age_max
            GENDER_RESTRICTED,XG03CAA001A001010100001,,2,,
            AGE_RESTRICTED,XN06BAA002A001010100002,,,18,60
            DUPLICATE_CHARGE,001102000030000,001102000030000,,,
            """), "rules.csv");
        var model = Model("consumable=0.05,overprice=0.05,amount=0.05,gender=0.05,age=0.05,duplicate=0.05", allowUnimplemented: true, knowledge: knowledge);
        var generator = new TrafficGenerator(model, 5);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var primedVisits = new HashSet<string>(StringComparer.Ordinal);
        for (var b = 0; b < 3_000; b++)
        {
            var batch = generator.Next();
            var primes = batch.Lines.Where((l, i) => l.Fault is null && batch.Request.FeeDetails[i].MedListCodg == "001102000030000").ToList();
            for (var i = 0; i < batch.Lines.Count; i++)
            {
                var line = batch.Request.FeeDetails[i];
                switch (batch.Lines[i].Fault?.Name)
                {
                    case "consumable":
                        Assert.Equal(ItemType.Consumable, line.ItemType);
                        Assert.Empty(line.MedListCodg);
                        break;
                    case "overprice":
                        var cap = DemoCatalog.Items.First(c => c.Code == line.MedListCodg).HighestCap!.Value;
                        Assert.True(decimal.Parse(line.Pric, CultureInfo.InvariantCulture) > cap);
                        break;
                    case "amount":
                        Assert.NotEqual(decimal.Parse(line.Pric, CultureInfo.InvariantCulture) * decimal.Parse(line.Cnt, CultureInfo.InvariantCulture), decimal.Parse(line.DetItemFeeSumamt, CultureInfo.InvariantCulture));
                        break;
                    case "gender":
                        Assert.Equal("XG03CAA001A001010100001", line.MedListCodg);
                        Assert.Equal("1", batch.Request.Visit.Gend);
                        break;
                    case "age":
                        var age = FeeDate.Year - DateOnly.ParseExact(batch.Request.Visit.Brdy, "yyyy-MM-dd", CultureInfo.InvariantCulture).Year;
                        Assert.True(age > 60);
                        break;
                    case "duplicate":
                        // The repeat travels in a later batch of a visit that already charged the item.
                        Assert.Equal("001102000030000", line.MedListCodg);
                        Assert.Contains(batch.Request.Visit.MdtrtId, primedVisits);
                        break;
                    default:
                        Assert.NotEqual("XG03CAA001A001010100001", line.MedListCodg);
                        break;
                }

                if (batch.Lines[i].Fault is { } f)
                {
                    seen.Add(f.Name);
                }
            }

            if (primes.Count > 0)
            {
                primedVisits.Add(batch.Request.Visit.MdtrtId);
            }
        }

        Assert.Equal(6, seen.Count);
    }
}
