using System.Globalization;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>Builds charge batches: an institution by size, a scene, a realistic number of lines, clean lines from the code pool, and faults by the mix.</summary>
/// <remarks>Not thread-safe: one generator per worker (each with its own seed), all sharing one <see cref="TrafficModel"/>.</remarks>
internal sealed class TrafficGenerator(TrafficModel model, int seed)
{
    private static readonly string[] Diagnoses = ["I10.x00x002", "E11.900", "J06.900", "K29.700", "M81.000"];
    private static readonly ItemType[] HospitalTypes = [ItemType.Drug, ItemType.Drug, ItemType.Drug, ItemType.Drug, ItemType.Drug, ItemType.Service, ItemType.Service, ItemType.Service, ItemType.Consumable, ItemType.Herb];
    private static readonly ItemType[] PharmacyTypes = [ItemType.Drug, ItemType.Drug, ItemType.Drug, ItemType.Drug, ItemType.Herb];
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, (Visit, string)> _primed = new(StringComparer.Ordinal);

    public GeneratedBatch Next()
    {
        var sequence = model.NextSequence();
        var institution = model.Institutions.Pick(_random);
        var scene = institution.IsPharmacy ? BatchScene.Pharmacy : _random.NextDouble() < model.InpatientShare ? BatchScene.Inpatient : BatchScene.Outpatient;
        var id = string.Create(CultureInfo.InvariantCulture, $"{model.RunId}-{sequence}");
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
            Visit = NewVisit(id, scene),
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
            PrimedVisits = _primed,
        };
        var feeDate = model.Pool.FeeDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var doctor = "D" + context.Digits(12);
        for (var i = 0; i < count; i++)
        {
            var line = new FeeDetail
            {
                FeedetlSn = string.Create(CultureInfo.InvariantCulture, $"{id}-{i + 1}"),
                FeeOcurTime = string.Create(CultureInfo.InvariantCulture, $"{feeDate} {_random.Next(8, 11):D2}:{_random.Next(60):D2}:{_random.Next(60):D2}"),
                BilgDeptCodg = scene == BatchScene.Pharmacy ? "" : "A03",
                BilgDrCodg = scene == BatchScene.Pharmacy ? "" : doctor,
            };
            var types = scene == BatchScene.Pharmacy ? PharmacyTypes : HospitalTypes;
            var entry = PickClean(types[_random.Next(types.Length)]);
            FeeLines.Fill(line, entry, _random);
            var fault = model.Faults.Pick(_random.NextDouble());
            if (fault is not null && !fault.Apply(context, line))
            {
                fault = null;
            }

            request.FeeDetails.Add(line);
            expectations[i] = new LineExpectation(line.FeedetlSn, fault);
        }

        return new GeneratedBatch(request, scene, expectations);
    }

    private PoolEntry PickClean(ItemType wanted)
    {
        var list = model.Pool.Valid(wanted);
        if (list.Count == 0)
        {
            list = model.Pool.Valid(ItemType.Drug);
        }

        if (list.Count == 0)
        {
            throw new InvalidOperationException("the code pool has no valid codes on the fee date");
        }

        return list[_random.Next(list.Count)];
    }

    private Visit NewVisit(string id, BatchScene scene)
    {
        var age = scene == BatchScene.Inpatient ? _random.Next(30, 90) : _random.Next(1, 85);
        var visit = new Visit
        {
            MdtrtId = "MDT" + id,
            PsnNo = "PSN" + _random.NextInt64(10_000_000_000, 99_999_999_999).ToString(CultureInfo.InvariantCulture),
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
            visit.PharCodg = "Y" + _random.NextInt64(100_000_000_000, 999_999_999_999).ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            visit.DiagCodes.Add(Diagnoses[_random.Next(Diagnoses.Length)]);
        }

        return visit;
    }
}
