using System.Globalization;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>
/// Builds charge batches: an institution by size, a scene, a realistic number of lines, clean lines from the code pool
/// that respect the visit's knowledge points, registered practitioners by the division convention, and faults by the mix.
/// </summary>
/// <remarks>Not thread-safe: one generator per worker (each with its own seed), all sharing one <see cref="TrafficModel"/>.</remarks>
internal sealed class TrafficGenerator(TrafficModel model, int seed)
{
    /// <summary>A primed visit older than this many batches is dropped: the gateway's visit memory (LRU, 200,000 per institution) may have let it go.</summary>
    internal const long PrimedVisitMaxAge = 50_000;

    private static readonly string[] Diagnoses = ["I10.x00x002", "E11.900", "J06.900", "K29.700", "M81.000"];
    private static readonly ItemType[] HospitalTypes = [ItemType.Drug, ItemType.Drug, ItemType.Drug, ItemType.Drug, ItemType.Drug, ItemType.Service, ItemType.Service, ItemType.Service, ItemType.Consumable, ItemType.Herb];
    private static readonly ItemType[] PharmacyTypes = [ItemType.Drug, ItemType.Drug, ItemType.Drug, ItemType.Drug, ItemType.Herb];
    private static readonly ItemType[] FallbackTypes = [ItemType.Drug, ItemType.Herb, ItemType.Service, ItemType.Consumable];
    private static readonly FaultKind DuplicateFault = FaultCatalog.Find("duplicate")!;
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, PrimedVisit> _primed = new(StringComparer.Ordinal);

    public GeneratedBatch Next()
    {
        var sequence = model.NextSequence();
        var institution = model.Institutions.Pick(_random);
        var scene = institution.IsPharmacy ? BatchScene.Pharmacy : _random.NextDouble() < model.InpatientShare ? BatchScene.Inpatient : BatchScene.Outpatient;
        var id = string.Create(CultureInfo.InvariantCulture, $"{model.RunId}-{sequence}");
        var division = institution.Code.Length >= 7 ? institution.Code.Substring(1, 6) : "000000";

        var continues = ContinuedVisit(institution, sequence);
        var visit = continues?.Visit.Clone() ?? NewVisit(id, scene, division);
        var plan = continues?.Plan ?? new VisitPlan(model.Knowledge, model.Pool.FeeDate, institution.IsPharmacy);
        plan.Visit = visit;
        var request = new ValidateRequest
        {
            RequestId = "lt-" + id,
            FixmedinsCode = institution.Code,
            Scene = scene switch
            {
                BatchScene.Pharmacy => Scene.Pharmacy,
                BatchScene.Inpatient => Scene.Inpatient,
                _ => Scene.Outpatient,
            },
            Visit = visit,
        };

        var count = model.Lines.Next(_random, scene);
        var expectations = new LineExpectation[count];
        var context = new FaultContext
        {
            Random = _random,
            Pool = model.Pool,
            Knowledge = model.Knowledge,
            Request = request,
            Institution = institution,
            Plan = plan,
            Division = division,
            PrimedVisits = _primed,
            Continues = continues,
            RepeatLine = continues is null ? -1 : _random.Next(count),
            Sequence = sequence,
            VisitTaken = continues is not null,
        };
        var feeDate = model.Pool.FeeDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var doctor = scene == BatchScene.Pharmacy ? "" : Practitioner('D', division, model.Doctors);
        for (var i = 0; i < count; i++)
        {
            var line = new FeeDetail
            {
                FeedetlSn = string.Create(CultureInfo.InvariantCulture, $"{id}-{i + 1}"),
                FeeOcurTime = string.Create(CultureInfo.InvariantCulture, $"{feeDate} {_random.Next(8, 11):D2}:{_random.Next(60):D2}:{_random.Next(60):D2}"),
                BilgDeptCodg = scene == BatchScene.Pharmacy ? "" : "A03",
                BilgDrCodg = doctor,
            };
            var types = scene == BatchScene.Pharmacy ? PharmacyTypes : HospitalTypes;
            FillClean(line, types[_random.Next(types.Length)], plan);
            context.LineIndex = i;
            var fault = i == context.RepeatLine ? DuplicateFault : model.Faults.Pick(_random.NextDouble());
            if (fault is not null && !fault.Apply(context, line))
            {
                fault = null;
            }

            if (fault is null || fault.Verdict != Verdict.Reject)
            {
                // The gateway remembers what it accepts: the charge and its quantity.
                plan.Record(line.MedListCodg, decimal.Parse(line.Cnt, CultureInfo.InvariantCulture));
            }

            request.FeeDetails.Add(line);
            expectations[i] = new LineExpectation(line.FeedetlSn, fault);
        }

        if (continues is not null)
        {
            // One later batch per primed visit: a second one could be judged before this one is.
            _primed.Remove(institution.Code);
        }

        var batch = new GeneratedBatch(request, scene, expectations);
        if (context.Primed is { } primed)
        {
            primed.Batch = batch;
        }

        return batch;
    }

    /// <summary>The primed visit of this institution to continue now (its first batch answered, a repeat asked for), or null.</summary>
    private PrimedVisit? ContinuedVisit(Institution institution, long sequence)
    {
        if (!_primed.TryGetValue(institution.Code, out var primed))
        {
            return null;
        }

        if (sequence - primed.Sequence > PrimedVisitMaxAge)
        {
            _primed.Remove(institution.Code);
            return null;
        }

        return primed.WantRepeat && primed.Batch is { Answered: true } ? primed : null;
    }

    private void FillClean(FeeDetail line, ItemType wanted, VisitPlan plan)
    {
        // A few random picks of the wanted type, then any code of a chargeable type that fits the visit.
        var list = model.Pool.Valid(wanted);
        for (var attempt = 0; attempt < 4 && list.Count > 0; attempt++)
        {
            var entry = list[_random.Next(list.Count)];
            var count = FeeLines.Count(entry.Item, _random);
            if (model.Knowledge.MaxPerDay.TryGetValue(entry.Item.Code, out var max))
            {
                count = (int)Math.Min(count, Math.Floor(max - plan.Used(entry.Item.Code)));
            }

            if (count >= 1 && plan.Allows(entry.Item, count))
            {
                FeeLines.Fill(line, entry, _random, count);
                return;
            }
        }

        foreach (var type in FallbackTypes)
        {
            var candidates = model.Pool.Valid(type);
            var start = candidates.Count == 0 ? 0 : _random.Next(candidates.Count);
            for (var k = 0; k < candidates.Count; k++)
            {
                var entry = candidates[(start + k) % candidates.Count];
                if (plan.Allows(entry.Item, 1))
                {
                    FeeLines.Fill(line, entry, _random, 1);
                    return;
                }
            }
        }

        throw new InvalidOperationException("the code pool has no valid code this institution may charge on the fee date");
    }

    private string Practitioner(char prefix, string division, int registered) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{division}{_random.Next(1, registered + 1):D6}");

    private Visit NewVisit(string id, BatchScene scene, string division)
    {
        var age = scene == BatchScene.Inpatient ? _random.Next(30, 90) : _random.Next(1, 85);
        var visit = new Visit
        {
            MdtrtId = "MDT" + id,
            // One patient per visit: the per-patient-day limits then only see this visit's charges.
            PsnNo = "PSN" + id,
            ChrgBchno = "CB" + id,
            Gend = _random.Next(2) == 0 ? "1" : "2",
            Brdy = model.Pool.FeeDate.AddYears(-age).AddDays(-_random.Next(365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Insutype = _random.Next(3) == 0 ? "390" : "310",
            MedType = scene switch
            {
                BatchScene.Pharmacy => "41",
                BatchScene.Inpatient => "21",
                _ => "11",
            },
            InsuplcAdmdvs = "210102",
        };
        if (scene == BatchScene.Pharmacy)
        {
            visit.PharCodg = Practitioner('Y', division, model.Pharmacists);
        }
        else
        {
            visit.DiagCodes.Add(Diagnoses[_random.Next(Diagnoses.Length)]);
        }

        return visit;
    }
}
