using BenchmarkDotNet.Attributes;
using ValidationGateway.Benchmarks.Support;
using ValidationGateway.Core.Actors;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Benchmarks.Engine;

/// <summary>(a) <see cref="BatchValidator.Validate"/> of one 8-line outpatient batch into a reused <see cref="BatchOutcome"/>.</summary>
/// <remarks>
/// One operation = one batch of 8 lines: lines/s = 8 × 10⁹ / Mean(ns); bytes per line = Allocated / 8. Each case
/// rotates over a pool of 10,000 distinct batches (distinct visits and patients), so caches see realistic spread:
/// <list type="bullet">
/// <item><c>Retransmitted</c>: memory holds every visit of the pool already (primed once): each line is a retry of a
/// line accepted before, so it is answered alike but neither re-counted nor re-remembered. Memory does not change.</item>
/// <item><c>NewVisits</c>: memory is full (cap 4,096 visits and patient-days, below the pool) and every batch opens a
/// visit and a patient-day nobody has seen, evicting the oldest: the steady state of a gateway in service. All rules
/// run, including the duplicate, included-consumable and frequency checks against memory, and the lines are remembered.</item>
/// <item><c>NewVisitsDefaultCap</c>: the same at the default cap (200,000 visits and patient-days, over 8 lines each):
/// tables of tens of megabytes, so the memory's lookups leave the CPU caches, as they do in a gateway in service.</item>
/// <item><c>Stateless</c>: no memory (the batch judged alone): every line rule except the cross-batch ones.</item>
/// </list>
/// The baseline is the floor of any design: the 8 catalog lookups alone.
/// </remarks>
public class BatchValidatorBenchmarks
{
    private const int PoolSize = 10_000;

    private readonly BatchOutcome _outcome = new();
    private OutpatientTraffic _traffic = null!;
    private CatalogSnapshot _snapshot = null!;
    private InstitutionMemory _retransmitted = null!;
    private InstitutionMemory _newVisits = null!;
    private OutpatientTraffic _fullTraffic = null!;
    private VisitNumbers _fullVisits = null!;
    private InstitutionMemory _full = null!;
    private DateOnly _feeDate;

    [GlobalSetup]
    public void Setup()
    {
        _traffic = new OutpatientTraffic(PoolSize);
        _snapshot = OutpatientTraffic.Snapshot;
        _feeDate = new DateOnly(2026, 11, 22);
        _retransmitted = OutpatientTraffic.Memory(2 * PoolSize);
        _traffic.Prime(_retransmitted);
        _newVisits = OutpatientTraffic.Memory(4_096);
        _traffic.Prime(_newVisits);
        _traffic.Prime(null);

        var cap = new VisitMemoryOptions().MaxVisits;
        _fullTraffic = new OutpatientTraffic(PoolSize);
        _fullVisits = new VisitNumbers(cap + (cap / 4));
        _full = OutpatientTraffic.Memory(cap);
        var outcome = new BatchOutcome();
        for (var i = 0; i < _fullVisits.Count; i++)
        {
            OutpatientTraffic.Validator.Validate(_fullTraffic.NextWith(_fullVisits), _snapshot, OutpatientTraffic.Reference, _full, outcome);
            OutpatientTraffic.EnsureClean(outcome);
        }
    }

    [Benchmark(Baseline = true, Description = "8 catalog lookups (floor)")]
    public int CatalogLookupsOnly()
    {
        var lines = _traffic.Next().FeeDetails;
        var found = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (_snapshot.Lookup(lines[i].MedListCodg, _feeDate, out _) == CatalogLookupResult.Valid)
            {
                found++;
            }
        }

        return found;
    }

    [Benchmark(Description = "Validate, retransmitted lines")]
    public int Retransmitted() => Validate(_retransmitted);

    [Benchmark(Description = "Validate, new visit (memory full)")]
    public int NewVisits() => Validate(_newVisits);

    [Benchmark(Description = "Validate, new visit (memory full, default cap)")]
    public int NewVisitsDefaultCap()
    {
        OutpatientTraffic.Validator.Validate(_fullTraffic.NextWith(_fullVisits), _snapshot, OutpatientTraffic.Reference, _full, _outcome);
        return _outcome.FindingCount;
    }

    [Benchmark(Description = "Validate, no memory")]
    public int Stateless() => Validate(null);

    private int Validate(InstitutionMemory? memory)
    {
        OutpatientTraffic.Validator.Validate(_traffic.Next(), _snapshot, OutpatientTraffic.Reference, memory, _outcome);
        return _outcome.FindingCount;
    }
}
