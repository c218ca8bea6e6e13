namespace ValidationGateway.LoadTest.Traffic;

/// <summary>Institutions with Zipf-skewed sizes: the i-th (from 1) gets weight 1/i^s, so a few big hospitals carry most batches.</summary>
/// <remarks>Immutable; <see cref="Pick"/> is safe from any thread given its own <see cref="Random"/>.</remarks>
internal sealed class InstitutionMix
{
    private readonly double[] _cumulative;

    public InstitutionMix(IReadOnlyList<string> codes, double exponent)
    {
        ArgumentNullException.ThrowIfNull(codes);
        if (codes.Count == 0)
        {
            throw new ArgumentException("no institutions", nameof(codes));
        }

        var weights = codes.Select((_, i) => 1 / Math.Pow(i + 1, exponent)).ToArray();
        var total = weights.Sum();
        Institutions = [.. codes.Select((c, i) => new Institution(c, c.StartsWith('P'), weights[i] / total))];
        _cumulative = new double[codes.Count];
        var sum = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += weights[i] / total;
            _cumulative[i] = sum;
        }

        _cumulative[^1] = 1.0;
    }

    public IReadOnlyList<Institution> Institutions { get; }

    public Institution Pick(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var index = Array.BinarySearch(_cumulative, random.NextDouble());
        return Institutions[Math.Min(index < 0 ? ~index : index, Institutions.Count - 1)];
    }
}
