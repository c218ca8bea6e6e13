using BenchmarkDotNet.Attributes;
using ValidationGateway.Benchmarks.Support;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Benchmarks.Engine;

/// <summary>What one clean line costs, step by step, as <see cref="BatchValidator"/> does it: to see where the time of a batch goes.</summary>
/// <remarks>
/// Each benchmark repeats one step over the 8 lines of the benchmark batch; figures are per line. The steps mirror
/// the validator's calls, not a redesign, so their sum can be held against the per-line cost of <c>Validate, no memory</c>.
/// </remarks>
public class LineCostBenchmarks
{
    private FeeDetail[] _lines = null!;
    private KnowledgeBase _knowledge = null!;
    private InstitutionReferenceData _reference = null!;
    private CodeFormatProfile _codes = null!;

    [GlobalSetup]
    public void Setup()
    {
        _lines = [.. new OutpatientTraffic(1).Requests[0].FeeDetails];
        _knowledge = OutpatientTraffic.Snapshot.Knowledge;
        _reference = OutpatientTraffic.Reference;
        _codes = CodeFormatProfile.Default;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = OutpatientTraffic.LinesPerBatch, Description = "fee time (FeeTime.TryParse)")]
    public long FeeTimeStep()
    {
        var ticks = 0L;
        foreach (var line in _lines)
        {
            ticks += FeeTime.TryParse(line.FeeOcurTime, out var time) ? time.Ticks : 0;
        }

        return ticks;
    }

    [Benchmark(OperationsPerInvoke = OutpatientTraffic.LinesPerBatch, Description = "item type (mapping + DetectListFamily)")]
    public int ItemTypeStep()
    {
        var sum = 0;
        foreach (var line in _lines)
        {
            foreach (var mapping in _reference.MappingsOf(line.MedinsListCodg))
            {
                // The line's code is the mapping's in this traffic; detecting its family is the cost measured here, as before packing.
                sum += mapping.AppliesOn(null) ? (int)_codes.ItemTypeOf(_codes.DetectListFamily(line.MedListCodg)) : 0;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = OutpatientTraffic.LinesPerBatch, Description = "mapping check (MappingsOf again)")]
    public int MappingStep()
    {
        var matched = 0;
        foreach (var line in _lines)
        {
            foreach (var mapping in _reference.MappingsOf(line.MedinsListCodg))
            {
                matched += mapping.NationalCodeEquals(line.MedListCodg) ? 1 : 0;
            }
        }

        return matched;
    }

    [Benchmark(OperationsPerInvoke = OutpatientTraffic.LinesPerBatch, Description = "doctor (IsWellFormed + IsRegisteredDoctor)")]
    public int DoctorStep()
    {
        var registered = 0;
        foreach (var line in _lines)
        {
            registered += _codes.IsWellFormed(CodeFamily.Doctor, line.BilgDrCodg) && _reference.IsRegisteredDoctor(line.BilgDrCodg) ? 1 : 0;
        }

        return registered;
    }

    [Benchmark(OperationsPerInvoke = OutpatientTraffic.LinesPerBatch, Description = "amounts (3 × DecimalText + round)")]
    public decimal AmountsStep()
    {
        var sum = 0m;
        foreach (var line in _lines)
        {
            if (DecimalText.TryParse(line.Cnt, out var count) && DecimalText.TryParse(line.Pric, out var price) && DecimalText.TryParse(line.DetItemFeeSumamt, out var amount))
            {
                sum += amount - decimal.Round(count * price, 2, MidpointRounding.AwayFromZero);
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = OutpatientTraffic.LinesPerBatch, Description = "knowledge (6 lookups by code)")]
    public int KnowledgeStep()
    {
        var sum = 0;
        foreach (var line in _lines)
        {
            var code = line.MedListCodg;
            sum += _knowledge.GenderOf(code);
            sum += _knowledge.TryGetAgeRange(code, out _) ? 1 : 0;
            sum += _knowledge.ExcludedWith(code).Length + _knowledge.ServicesIncluding(code).Length + _knowledge.ConsumablesIncludedIn(code).Length;
            sum += _knowledge.TryGetMaxPerDay(code, out _) ? 1 : 0;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = OutpatientTraffic.LinesPerBatch, Description = "line content hash (HashCode.Combine of 7 fields)")]
    public int ContentHashStep()
    {
        var hash = 0;
        foreach (var line in _lines)
        {
            hash ^= HashCode.Combine(line.MedListCodg, line.MedinsListCodg, line.Cnt, line.Pric, line.DetItemFeeSumamt, line.FeeOcurTime, line.InitFeedetlSn);
        }

        return hash;
    }
}
