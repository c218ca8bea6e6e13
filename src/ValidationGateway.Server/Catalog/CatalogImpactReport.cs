using System.Globalization;

namespace ValidationGateway.Server.Catalog;

/// <summary>The result of <see cref="CatalogImpact"/>, printable for an operator.</summary>
internal sealed class CatalogImpactReport(string version, DateOnly day)
{
    private readonly SortedDictionary<string, InstitutionImpact> _institutions = new(StringComparer.Ordinal);

    public string Version { get; } = version;

    public DateOnly Day { get; } = day;

    /// <summary>The versions the replayed requests were originally answered with.</summary>
    public SortedSet<string> Versions { get; } = new(StringComparer.Ordinal);

    public List<string> SkipReasons { get; } = [];

    public IReadOnlyCollection<InstitutionImpact> Institutions => _institutions.Values;

    public InstitutionImpact Institution(string code)
    {
        if (!_institutions.TryGetValue(code, out var impact))
        {
            _institutions[code] = impact = new InstitutionImpact(code);
        }

        return impact;
    }

    public IEnumerable<string> Lines()
    {
        var c = CultureInfo.InvariantCulture;
        var day = Day.ToString("yyyy-MM-dd", c);
        if (_institutions.Count == 0)
        {
            yield return $"no recorded requests on {day}";
            yield break;
        }

        yield return string.Create(c, $"catalog impact of {Version} on the requests of {day} (originally answered with {string.Join(", ", Versions)}; each request judged alone on both sides)");
        yield return string.Create(c, $"{"institution",-14} {"batches",8} {"lines",9} {"newly fail",11} {"pass→fail",10} {"newly pass",11}  why");
        foreach (var i in _institutions.Values)
        {
            var why = string.Join(", ", i.NewFindings.OrderByDescending(r => r.Value).Select(r => string.Create(c, $"+{r.Key} {r.Value:N0}"))
                .Concat(i.ClearedFindings.OrderByDescending(r => r.Value).Select(r => string.Create(c, $"-{r.Key} {r.Value:N0}"))));
            var skipped = i.Skipped > 0 ? string.Create(c, $" ({i.Skipped:N0} requests skipped)") : "";
            yield return string.Create(c, $"{i.Code,-14} {i.Batches,8:N0} {i.Lines,9:N0} {i.NewlyFailing,11:N0} {i.PassToFail,10:N0} {i.NewlyPassing,11:N0}  {why}{skipped}");
        }

        var all = _institutions.Values;
        yield return string.Create(c, $"{"total",-14} {all.Sum(i => i.Batches),8:N0} {all.Sum(i => i.Lines),9:N0} {all.Sum(i => i.NewlyFailing),11:N0} {all.Sum(i => i.PassToFail),10:N0} {all.Sum(i => i.NewlyPassing),11:N0}");
        foreach (var reason in SkipReasons.Take(10))
        {
            yield return "skipped " + reason;
        }
    }
}
