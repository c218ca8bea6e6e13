using System.Globalization;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Actors;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Benchmarks.Support;

/// <summary>A pool of realistic 8-line outpatient batches at the level-3 demo hospital, one visit and one patient each.</summary>
/// <remarks>
/// Each batch: two service items with level-3 caps (诊查费 with its duplicate-charge knowledge point, 静脉注射 with its
/// per-day frequency point), three western drugs, a patent drug, a separately charged consumable with a general cap
/// and a herb. Every line carries its HIS code (mapped as "HIS" + national code), amounts that add up, a registered
/// doctor and a fee time; item_type is left unspecified so the engine derives it from the mapping, as the demo HIS does.
/// Every line passes: the benchmarks measure the clean path that real traffic mostly takes.
/// </remarks>
internal sealed class OutpatientTraffic
{
    public const int LinesPerBatch = 8;

    private static readonly (string Code, string Cnt, string Pric, string Amount)[] Lines =
    [
        ("001102000010000", "1", "8.00", "8.00"),
        ("001201000010000", "1", "5.00", "5.00"),
        ("XA10BAE056A001010104377", "2", "12.50", "25.00"),
        ("XC08CAX130A011010203911", "1", "32.80", "32.80"),
        ("XJ01CAA040E001010102012", "3", "6.45", "19.35"),
        ("ZA04BAA0021010100372", "1", "15.60", "15.60"),
        ("C1403010030000200456", "2", "1.50", "3.00"),
        ("T000100178", "15.5", "0.32", "4.96"),
    ];

    private int _next;

    public OutpatientTraffic(int poolSize)
    {
        Requests = new ValidateRequest[poolSize];
        for (var i = 0; i < poolSize; i++)
        {
            Requests[i] = Build(i);
        }
    }

    /// <summary>Distinct batches: visit MD… and patient numbers differ per batch, line serials repeat per visit.</summary>
    public ValidateRequest[] Requests { get; }

    public static BatchValidator Validator { get; } = new(CodeFormatProfile.Default, RuleTable.Default);

    public static InstitutionReferenceData Reference { get; } = DemoCatalog.Reference();

    public static CatalogSnapshot Snapshot => NationalCatalog.Snapshot;

    /// <summary>The next batch of the pool, round robin.</summary>
    public ValidateRequest Next()
    {
        var request = Requests[_next];
        _next = _next + 1 == Requests.Length ? 0 : _next + 1;
        return request;
    }

    /// <summary>The next batch of the pool, round robin, under the next of <paramref name="visits"/> distinct visit and
    /// patient numbers (each pair used once per cycle; the batch is changed in place).</summary>
    /// <remarks>With more pairs than a memory's cap, every batch opens a visit and a patient-day the memory no longer holds,
    /// whatever the pool's size, so a memory as large as the default can be kept full without a pool as large.</remarks>
    public ValidateRequest NextWith(VisitNumbers visits)
    {
        ArgumentNullException.ThrowIfNull(visits);
        var request = Next();
        (request.Visit.MdtrtId, request.Visit.PsnNo) = visits.Next();
        return request;
    }

    /// <summary>Memory bounded by <paramref name="maxEntries"/> visits and patient-days, on the system clock (48 h TTL never passes in a run).</summary>
    public static InstitutionMemory Memory(int maxEntries) =>
        new(new VisitMemoryOptions { MaxVisits = maxEntries, MaxPatientDays = maxEntries }, TimeProvider.System);

    /// <summary>Validates every batch of the pool once into <paramref name="memory"/> and fails loudly if any line does not pass.</summary>
    public void Prime(InstitutionMemory? memory)
    {
        var outcome = new BatchOutcome();
        foreach (var request in Requests)
        {
            Validator.Validate(request, Snapshot, Reference, memory, outcome);
            EnsureClean(outcome);
        }
    }

    /// <summary>The first batch of a one-visit pool and the gateway's answer to it (every line passes), for the audit
    /// record and store benchmarks.</summary>
    public static (ValidateRequest Request, ValidateResponse Response) Answered()
    {
        var request = new OutpatientTraffic(1).Next();
        var outcome = new BatchOutcome();
        Validator.Validate(request, Snapshot, Reference, null, outcome);
        EnsureClean(outcome);
        return (request, ResponseBuilder.Build(request, DemoCatalog.Version, outcome, RuleTable.Default));
    }

    public static void EnsureClean(BatchOutcome outcome)
    {
        if (outcome.FindingCount != 0 || outcome.LineCount != LinesPerBatch)
        {
            var first = outcome.FindingCount > 0 ? outcome.Findings[0] : default;
            throw new InvalidOperationException($"the benchmark batch is not clean: {outcome.FindingCount} findings, first {first.Rule} on line {first.Line} ({first.Value})");
        }
    }

    /// <summary>The <paramref name="i"/>-th batch of any pool (visit, patient and line serials derive from it).</summary>
    public static ValidateRequest Build(int i)
    {
        var request = new ValidateRequest
        {
            RequestId = string.Create(CultureInfo.InvariantCulture, $"BENCH-{i:0000000}"),
            FixmedinsCode = DemoCatalog.Hospital3,
            Scene = Scene.Outpatient,
            Visit = new Visit
            {
                MdtrtId = string.Create(CultureInfo.InvariantCulture, $"MD210102{i:0000000000}"),
                PsnNo = string.Create(CultureInfo.InvariantCulture, $"21000000{i:0000000000}"),
                ChrgBchno = string.Create(CultureInfo.InvariantCulture, $"CB{i:0000000000}"),
                Gend = i % 2 == 0 ? "1" : "2",
                Brdy = "1968-05-12",
                Insutype = "310",
                MedType = "11",
                InsuplcAdmdvs = "210102",
            },
        };
        request.Visit.DiagCodes.Add("I10.x00x002");
        request.Visit.DiagCodes.Add("E11.900");
        for (var n = 0; n < Lines.Length; n++)
        {
            var (code, cnt, pric, amount) = Lines[n];
            request.FeeDetails.Add(new FeeDetail
            {
                FeedetlSn = string.Create(CultureInfo.InvariantCulture, $"{i:0000000}{n + 1:000}"),
                FeeOcurTime = "2026-11-22 09:30:00",
                MedListCodg = code,
                MedinsListCodg = DemoCatalog.LocalCodePrefix + code,
                Cnt = cnt,
                Pric = pric,
                DetItemFeeSumamt = amount,
                BilgDeptCodg = "A03",
                BilgDrCodg = "D210102000001",
                Rxno = string.Create(CultureInfo.InvariantCulture, $"RX{i:0000000000}"),
            });
        }

        return request;
    }
}

/// <summary>A cycle of distinct (mdtrt_id, psn_no) pairs, made once so that handing one out allocates nothing.</summary>
internal sealed class VisitNumbers
{
    private readonly (string MdtrtId, string PsnNo)[] _pairs;
    private int _next;

    public VisitNumbers(int count)
    {
        _pairs = new (string, string)[count];
        for (var i = 0; i < count; i++)
        {
            _pairs[i] = (string.Create(CultureInfo.InvariantCulture, $"MD210109{i:0000000000}"), string.Create(CultureInfo.InvariantCulture, $"21000009{i:0000000000}"));
        }
    }

    public int Count => _pairs.Length;

    public (string MdtrtId, string PsnNo) Next()
    {
        var pair = _pairs[_next];
        _next = _next + 1 == _pairs.Length ? 0 : _next + 1;
        return pair;
    }
}
