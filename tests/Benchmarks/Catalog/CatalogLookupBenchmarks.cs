using BenchmarkDotNet.Attributes;
using ValidationGateway.Benchmarks.Support;
using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Benchmarks.Catalog;

/// <summary><see cref="CatalogSnapshot.Lookup"/> on a national-scale snapshot (300,000 synthetic codes plus the demo rows).</summary>
/// <remarks>
/// One invocation looks up 4,096 codes spread over the whole catalog (every 73rd code, so consecutive lookups touch
/// unrelated memory as real batches do); figures are per lookup. Misses are well-formed codes of the same families
/// that are not in the catalog.
/// </remarks>
public class CatalogLookupBenchmarks
{
    private const int Batch = 4_096;

    private readonly string[] _hits = new string[Batch];
    private readonly string[] _misses = new string[Batch];
    private CatalogSnapshot _snapshot = null!;
    private DateOnly _date;

    [GlobalSetup]
    public void Setup()
    {
        _snapshot = NationalCatalog.Snapshot;
        _date = new DateOnly(2026, 11, 22);
        for (var i = 0; i < Batch; i++)
        {
            _hits[i] = NationalCatalog.CodeAt((int)((long)i * 73 % NationalCatalog.SyntheticCodes)).Code;
            _misses[i] = NationalCatalog.CodeAt(NationalCatalog.SyntheticCodes + (i * 73)).Code;
        }

        if (_snapshot.CodeCount < NationalCatalog.SyntheticCodes || _snapshot.Lookup(_hits[1], _date, out _) != CatalogLookupResult.Valid
            || _snapshot.Lookup(_misses[1], _date, out _) != CatalogLookupResult.NotFound)
        {
            throw new InvalidOperationException("the national snapshot is not what the benchmark expects");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "Lookup hit (300k codes)")]
    public int Hit() => LookUp(_hits);

    [Benchmark(OperationsPerInvoke = Batch, Description = "Lookup miss (300k codes)")]
    public int Miss() => LookUp(_misses);

    [Benchmark(OperationsPerInvoke = Batch, Description = "Contains hit (300k codes)")]
    public int ContainsHit()
    {
        var found = 0;
        foreach (var code in _hits)
        {
            found += _snapshot.Contains(code) ? 1 : 0;
        }

        return found;
    }

    private int LookUp(string[] codes)
    {
        var valid = 0;
        foreach (var code in codes)
        {
            if (_snapshot.Lookup(code, _date, out _) == CatalogLookupResult.Valid)
            {
                valid++;
            }
        }

        return valid;
    }
}
