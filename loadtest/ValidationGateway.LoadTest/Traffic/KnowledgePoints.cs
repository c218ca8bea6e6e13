using System.Globalization;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>
/// Knowledge points from a rules file in the gateway's import format (rule_id, code, code_b, gender, age_min, age_max,
/// max_per_day): what clean lines must respect and what the gender, age, duplicate and frequency faults break.
/// The demo data's points are <see cref="DemoCatalog.Knowledge"/>; with <c>--catalog</c> they come from <c>--knowledge</c>.
/// </summary>
/// <remarks>Immutable; shared by every generator.</remarks>
internal sealed class KnowledgePoints
{
    private static readonly IReadOnlySet<string> NoCodes = new HashSet<string>(StringComparer.Ordinal);

    public static KnowledgePoints Empty { get; } = new([], [], [], []);

    public KnowledgePoints(
        IReadOnlyList<(string Code, string Gender)> gender,
        IReadOnlyList<(string Code, int? AgeMin, int? AgeMax)> age,
        IReadOnlyList<(string Code, decimal Max)> maxPerDay,
        IReadOnlyList<(string Code, string CodeB)> exclusions)
    {
        Gender = gender;
        Age = age;
        GenderOf = gender.GroupBy(g => g.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Gender, StringComparer.Ordinal);
        AgeOf = age.GroupBy(a => a.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (g.Last().AgeMin, g.Last().AgeMax), StringComparer.Ordinal);
        MaxPerDay = maxPerDay.GroupBy(m => m.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(m => m.Max), StringComparer.Ordinal);
        var excluded = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (a, b) in exclusions)
        {
            // "A may not be charged in the same visit as B" binds both ways (A = B: once per visit).
            Add(a, b);
            Add(b, a);
        }

        Excluded = excluded.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value, StringComparer.Ordinal);
        OncePerVisit = [.. exclusions.Where(e => e.Code == e.CodeB).Select(e => e.Code).Distinct(StringComparer.Ordinal)];
        Count = gender.Count + age.Count + maxPerDay.Count + exclusions.Count;

        void Add(string key, string value)
        {
            if (!excluded.TryGetValue(key, out var set))
            {
                excluded[key] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(value);
        }
    }

    /// <summary>Gender-restricted items ("1" male, "2" female).</summary>
    public IReadOnlyList<(string Code, string Gender)> Gender { get; }

    /// <summary>Age-restricted items (whole years, bounds included).</summary>
    public IReadOnlyList<(string Code, int? AgeMin, int? AgeMax)> Age { get; }

    public IReadOnlyDictionary<string, string> GenderOf { get; }

    public IReadOnlyDictionary<string, (int? Min, int? Max)> AgeOf { get; }

    /// <summary>Most quantity per patient per day (FREQUENCY_EXCEEDED; the strictest point wins).</summary>
    public IReadOnlyDictionary<string, decimal> MaxPerDay { get; }

    /// <summary>Items that may not be charged in one visit with the key (DUPLICATE_CHARGE pairs and consumables included in a service), both ways.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Excluded { get; }

    /// <summary>Codes that may be charged once per visit (DUPLICATE_CHARGE with code_b = code).</summary>
    public IReadOnlyList<string> OncePerVisit { get; }

    /// <summary>Number of points read.</summary>
    public int Count { get; }

    /// <summary>Items that may not share a visit with <paramref name="code"/> (possibly the code itself).</summary>
    public IReadOnlySet<string> ExcludedWith(string code) => Excluded.TryGetValue(code, out var set) ? set : NoCodes;

    public static KnowledgePoints Read(TextReader reader, string fileName)
    {
        var gender = new List<(string, string)>();
        var age = new List<(string, int?, int?)>();
        var perDay = new List<(string, decimal)>();
        var exclusions = new List<(string, string)>();
        foreach (var (_, v) in CsvTable.Read(reader, fileName))
        {
            var code = v.GetValueOrDefault("code", "");
            var codeB = v.GetValueOrDefault("code_b", "");
            if (code.Length == 0)
            {
                continue;
            }

            switch (v.GetValueOrDefault("rule_id", ""))
            {
                case "GENDER_RESTRICTED" when v.GetValueOrDefault("gender", "") is var g && (g is "1" or "2" or "男" or "女"):
                    gender.Add((code, g is "1" or "男" ? "1" : "2"));
                    break;
                case "AGE_RESTRICTED":
                    age.Add((code, Int(v.GetValueOrDefault("age_min", "")), Int(v.GetValueOrDefault("age_max", ""))));
                    break;
                case "FREQUENCY_EXCEEDED" when decimal.TryParse(v.GetValueOrDefault("max_per_day", ""), NumberStyles.Number, CultureInfo.InvariantCulture, out var max) && max > 0:
                    perDay.Add((code, max));
                    break;
                case "DUPLICATE_CHARGE" or "CONSUMABLE_NOT_SEPARATELY_CHARGEABLE" when codeB.Length > 0:
                    exclusions.Add((code, codeB));
                    break;
                default:
                    break;
            }
        }

        return new KnowledgePoints(gender, age, perDay, exclusions);

        static int? Int(string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
