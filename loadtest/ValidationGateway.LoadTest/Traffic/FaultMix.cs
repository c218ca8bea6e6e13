using System.Globalization;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>Per-line probabilities of each fault (<c>--faults missing=0.02,unknown=0.01</c>); a line carries at most one fault.</summary>
internal sealed class FaultMix
{
    /// <summary>The default mix: every fault, about 5% of lines in all (for the demo data; see README for other data sets).</summary>
    public const string Default = "missing=0.004,local=0.002,malformed=0.003,unknown=0.004,expired=0.003,time=0.002,consumable=0.003,overprice=0.003,amount=0.003,"
        + "quantity-invalid=0.002,mapping-unregistered=0.002,mapping-mismatch=0.002,doctor-missing=0.002,doctor-unregistered=0.002,"
        + "gender=0.003,age=0.003,duplicate=0.004,frequency=0.002,self-pay-consent=0.002,restricted-use=0.002";

    /// <summary>
    /// The default with <c>--catalog</c>: <see cref="Default"/> without the faults that need the demo data's reference
    /// conventions (mappings by prefix + national code, registered doctors), which another data set need not follow.
    /// </summary>
    public static string DefaultWithoutDemoReference { get; } = string.Join(',', Default.Split(',')
        .Where(entry => FaultCatalog.Find(entry[..entry.IndexOf('=', StringComparison.Ordinal)])?.Requires is not (FaultCatalog.Mappings or FaultCatalog.Doctors)));

    public FaultMix(IReadOnlyList<(FaultKind Kind, double Probability)> entries)
    {
        Entries = entries;
    }

    public IReadOnlyList<(FaultKind Kind, double Probability)> Entries { get; }

    public string Description => Entries.Count == 0
        ? "none"
        : string.Join(",", Entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Kind.Name}={e.Probability:0.####}")));

    /// <summary>The fault for a line given a uniform draw in [0, 1), or null for a clean line.</summary>
    public FaultKind? Pick(double draw)
    {
        foreach (var (kind, probability) in Entries)
        {
            draw -= probability;
            if (draw < 0)
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>Parses <c>name=p,…</c> or <c>none</c>; every error is listed.</summary>
    public static FaultMix Parse(string text, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        var entries = new List<(FaultKind, double)>();
        if (text.Trim() is "none" or "")
        {
            return new FaultMix(entries);
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=');
            var kind = FaultCatalog.Find(pieces[0]);
            if (kind is null)
            {
                errors.Add($"--faults: unknown fault '{pieces[0]}' (known: {string.Join(", ", FaultCatalog.All.Select(f => f.Name))})");
                continue;
            }

            if (pieces.Length != 2 || !double.TryParse(pieces[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) || p < 0 || p > 1)
            {
                errors.Add($"--faults: '{part}' is not name=probability with a probability in [0, 1]");
                continue;
            }

            entries.Add((kind, p));
        }

        if (entries.Sum(e => e.Item2) > 1)
        {
            errors.Add("--faults: probabilities add up to more than 1");
        }

        return new FaultMix(entries);
    }
}
