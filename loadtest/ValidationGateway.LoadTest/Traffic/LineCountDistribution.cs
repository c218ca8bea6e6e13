namespace ValidationGateway.LoadTest.Traffic;

/// <summary>
/// Lines per batch by scene. Outpatient: 1–10 lines for ~97% of batches (a visit's drugs, an exam, a consultation fee),
/// then a long tail up to 60; inpatient daily settlement: 10–200, log-uniform; pharmacy: 1–6. A fixed count overrides all.
/// </summary>
/// <remarks>The shape is a model of typical settlement traffic, not a measurement; stateless.</remarks>
internal sealed class LineCountDistribution(int? fixedCount)
{
    private static readonly int[] OutpatientWeights = [14, 16, 15, 13, 11, 9, 7, 5, 4, 3];
    private static readonly int[] PharmacyWeights = [35, 25, 17, 10, 7, 6];

    public int? FixedCount => fixedCount;

    public string Description => fixedCount is { } n ? $"{n} lines per batch" : "outpatient 1–10 (97%) + tail to 60; inpatient 10–200; pharmacy 1–6";

    public int Next(Random random, BatchScene scene)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (fixedCount is { } n)
        {
            return n;
        }

        return scene switch
        {
            BatchScene.Pharmacy => 1 + Weighted(random, PharmacyWeights, 100),
            BatchScene.Inpatient => LogUniform(random, 10, 200),
            _ => random.Next(100) < 97 ? 1 + Weighted(random, OutpatientWeights, 97) : LogUniform(random, 11, 60),
        };
    }

    private static int Weighted(Random random, int[] weights, int total)
    {
        var u = random.Next(total);
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static int LogUniform(Random random, int low, int high) =>
        Math.Clamp((int)Math.Exp(Math.Log(low) + (random.NextDouble() * (Math.Log(high + 1) - Math.Log(low)))), low, high);
}
