using System.Collections.Frozen;
using System.Reflection;
using Google.Protobuf.Reflection;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Rules;

/// <summary>Wire names of <see cref="RuleId"/> values, taken from the proto's original names.</summary>
public static class RuleIds
{
    private static readonly FrozenDictionary<RuleId, string> Names = typeof(RuleId)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .ToFrozenDictionary(f => (RuleId)f.GetValue(null)!, f => f.GetCustomAttribute<OriginalNameAttribute>()!.Name);

    private static readonly FrozenDictionary<string, RuleId> Ids = Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Every rule id except UNSPECIFIED, in proto order.</summary>
    public static IReadOnlyList<RuleId> All { get; } = Enum.GetValues<RuleId>().Where(r => r != RuleId.Unspecified).ToArray();

    /// <summary>The wire name, e.g. "NATIONAL_CODE_MISSING".</summary>
    public static string NameOf(RuleId id) => Names[id];

    /// <summary>Parses a wire name.</summary>
    public static bool TryParse(string? name, out RuleId id) => Ids.TryGetValue(name ?? "", out id) && id != RuleId.Unspecified;
}
