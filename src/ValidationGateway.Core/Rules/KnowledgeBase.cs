using System.Collections.Frozen;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Rules;

/// <summary>The knowledge points of one catalog version, compiled into lookups by code.</summary>
/// <remarks>Immutable; built once with the catalog snapshot and shared by every institution on the version.</remarks>
public sealed class KnowledgeBase
{
    private readonly FrozenDictionary<string, byte> _gender;
    private readonly FrozenDictionary<string, (int? Min, int? Max)> _age;
    private readonly FrozenDictionary<string, decimal> _maxPerDay;
    private readonly FrozenDictionary<string, string[]> _excludes;
    private readonly FrozenDictionary<string, string[]> _includedConsumables;
    private readonly FrozenDictionary<string, string[]> _includingServices;

    private KnowledgeBase(IReadOnlyCollection<KnowledgePoint> points)
    {
        Count = points.Count;
        var gender = new Dictionary<string, byte>(StringComparer.Ordinal);
        var age = new Dictionary<string, (int?, int?)>(StringComparer.Ordinal);
        var maxPerDay = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var excludes = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var included = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var including = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var p in points)
        {
            switch (p.Rule)
            {
                case RuleId.GenderRestricted when p.Gender is "1" or "2":
                    gender[p.Code] = p.Gender == "1" ? (byte)1 : (byte)2;
                    break;
                case RuleId.AgeRestricted:
                    age[p.Code] = (p.AgeMin, p.AgeMax);
                    break;
                case RuleId.FrequencyExceeded when p.MaxPerDay is { } max:
                    // Several points on one code: the strictest limit wins.
                    maxPerDay[p.Code] = maxPerDay.TryGetValue(p.Code, out var existing) ? Math.Min(existing, max) : max;
                    break;
                case RuleId.DuplicateCharge when p.CodeB.Length > 0:
                    // "A may not be charged with B" binds both ways.
                    Add(excludes, p.Code, p.CodeB);
                    Add(excludes, p.CodeB, p.Code);
                    break;
                case RuleId.ConsumableNotSeparatelyChargeable when p.CodeB.Length > 0:
                    Add(included, p.Code, p.CodeB);
                    Add(including, p.CodeB, p.Code);
                    break;
            }
        }

        _gender = gender.ToFrozenDictionary(StringComparer.Ordinal);
        _age = age.ToFrozenDictionary(StringComparer.Ordinal);
        _maxPerDay = maxPerDay.ToFrozenDictionary(StringComparer.Ordinal);
        _excludes = excludes.ToFrozenDictionary(p => p.Key, p => p.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        _includedConsumables = included.ToFrozenDictionary(p => p.Key, p => p.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        _includingServices = including.ToFrozenDictionary(p => p.Key, p => p.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);

        static void Add(Dictionary<string, HashSet<string>> map, string key, string value)
        {
            if (!map.TryGetValue(key, out var set))
            {
                map[key] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(value);
        }
    }

    /// <summary>A knowledge base with no points.</summary>
    public static KnowledgeBase Empty { get; } = new([]);

    /// <summary>Number of knowledge points compiled.</summary>
    public int Count { get; }

    /// <summary>Compiles knowledge points.</summary>
    public static KnowledgeBase Build(IReadOnlyCollection<KnowledgePoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        return points.Count == 0 ? Empty : new KnowledgeBase(points);
    }

    /// <summary>The gender ("1" male, "2" female as 1/2) an item is restricted to, or 0.</summary>
    public byte GenderOf(string code) => _gender.TryGetValue(code, out var g) ? g : (byte)0;

    /// <summary>The age range an item is restricted to.</summary>
    public bool TryGetAgeRange(string code, out (int? Min, int? Max) range) => _age.TryGetValue(code, out range);

    /// <summary>Most quantity per patient per day.</summary>
    public bool TryGetMaxPerDay(string code, out decimal max) => _maxPerDay.TryGetValue(code, out max);

    /// <summary>Items that may not be charged in the same visit as <paramref name="code"/> (may contain the code itself).</summary>
    public ReadOnlySpan<string> ExcludedWith(string code) => _excludes.TryGetValue(code, out var list) ? list : [];

    /// <summary>Consumables included in service item <paramref name="serviceCode"/>.</summary>
    public ReadOnlySpan<string> ConsumablesIncludedIn(string serviceCode) => _includedConsumables.TryGetValue(serviceCode, out var list) ? list : [];

    /// <summary>Service items whose connotation includes <paramref name="consumableCode"/>.</summary>
    public ReadOnlySpan<string> ServicesIncluding(string consumableCode) => _includingServices.TryGetValue(consumableCode, out var list) ? list : [];
}
