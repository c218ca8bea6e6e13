using BenchmarkDotNet.Attributes;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Benchmarks.Codes;

/// <summary>The code-shape check (<see cref="CodeFormatProfile.DetectListFamily"/> then <see cref="CodeFormatProfile.IsWellFormed"/>) and <see cref="DecimalText.TryParse"/>.</summary>
/// <remarks>
/// Figures are per call. The shape check runs over one code of each list family (western drug, patent drug, herb,
/// consumable, service item, the last two detected after every earlier family is tried) and a malformed drug code.
/// Decimal parsing runs over the amount strings of the benchmark batch and two edge shapes.
/// </remarks>
public class CodeShapeBenchmarks
{
    private static readonly string[] ListCodes =
    [
        "XA10BAE056A001010104377",
        "ZA04BAA0021010100372",
        "T000100178",
        "C1403010030000200456",
        "001102000010000",
        "XA10BAE056A00101010437",
    ];

    private readonly string[] _amounts = ["1", "8.00", "12.50", "25.00", "15.5", "0.32", "-3", "1234567890.123456"];

    private readonly CodeFormatProfile _profile = CodeFormatProfile.Default;

    [Benchmark(Baseline = true, OperationsPerInvoke = 6, Description = "DetectListFamily")]
    public int DetectListFamily()
    {
        var sum = 0;
        foreach (var code in ListCodes)
        {
            sum += (int)_profile.DetectListFamily(code);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 6, Description = "DetectListFamily + IsWellFormed")]
    public int DetectAndCheckShape()
    {
        var wellFormed = 0;
        foreach (var code in ListCodes)
        {
            wellFormed += _profile.IsWellFormed(_profile.DetectListFamily(code), code) ? 1 : 0;
        }

        return wellFormed;
    }

    [Benchmark(OperationsPerInvoke = 8, Description = "IsWellFormed(Doctor)")]
    public int DoctorShape()
    {
        var wellFormed = 0;
        for (var i = 0; i < 8; i++)
        {
            wellFormed += _profile.IsWellFormed(CodeFamily.Doctor, "D210102000001") ? 1 : 0;
        }

        return wellFormed;
    }

    [Benchmark(OperationsPerInvoke = 8, Description = "DecimalText.TryParse")]
    public decimal ParseDecimal()
    {
        var sum = 0m;
        foreach (var text in _amounts)
        {
            if (DecimalText.TryParse(text, out var value))
            {
                sum += value;
            }
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = 8, Description = "FeeTime.TryParse")]
    public long ParseFeeTime()
    {
        var ticks = 0L;
        for (var i = 0; i < 8; i++)
        {
            if (FeeTime.TryParse("2026-11-22 09:30:00", out var time))
            {
                ticks += time.Ticks;
            }
        }

        return ticks + _profile.Families.Count;
    }
}
