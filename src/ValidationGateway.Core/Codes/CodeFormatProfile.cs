using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Codes;

/// <summary>The code shapes of one region profile, loaded from JSON data (DOMAIN.md §2: patterns are data, not code).</summary>
/// <remarks>Immutable after construction; shared by every request.</remarks>
public sealed class CodeFormatProfile
{
    private const string DefaultResource = "ValidationGateway.Core.Codes.code-families.default.json";
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly CodeFamilyPattern[] _listFamilies;
    private readonly FrozenDictionary<CodeFamily, CodeFamilyPattern> _byFamily;

    private CodeFormatProfile(string name, IReadOnlyList<CodeFamilyPattern> families)
    {
        Name = name;
        Families = families;
        _byFamily = families.ToFrozenDictionary(f => f.Family);
        _listFamilies = families.Where(f => f.Role == CodeRole.List).ToArray();
    }

    /// <summary>The profile's name.</summary>
    public string Name { get; }

    /// <summary>Every family in the profile, in file order.</summary>
    public IReadOnlyList<CodeFamilyPattern> Families { get; }

    /// <summary>The national default profile embedded in the assembly.</summary>
    public static CodeFormatProfile Default { get; } = LoadDefault();

    /// <summary>Loads a profile from JSON text; throws <see cref="FormatException"/> naming the bad entry.</summary>
    public static CodeFormatProfile Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ProfileDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<ProfileDocument>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"code profile is not valid JSON: {ex.Message}", ex);
        }

        if (doc?.Families is null || doc.Families.Count == 0)
        {
            throw new FormatException("code profile has no 'families'");
        }

        var families = new List<CodeFamilyPattern>(doc.Families.Count);
        for (var i = 0; i < doc.Families.Count; i++)
        {
            var f = doc.Families[i];
            if (!Enum.TryParse<CodeFamily>(f.Kind, ignoreCase: false, out var family) || family == CodeFamily.Unknown)
            {
                throw new FormatException($"code profile families[{i}].kind '{f.Kind}' is not one of {string.Join(", ", Enum.GetNames<CodeFamily>().Skip(1))}");
            }

            if (!Enum.TryParse<CodeRole>(f.Role, ignoreCase: true, out var role))
            {
                throw new FormatException($"code profile families[{i}].role '{f.Role}' is not one of {string.Join(", ", Enum.GetNames<CodeRole>())}");
            }

            if (string.IsNullOrEmpty(f.Detect))
            {
                throw new FormatException($"code profile families[{i}].detect is required");
            }

            var itemType = f.ItemType switch
            {
                null or "" => ItemType.Unspecified,
                "drug" => ItemType.Drug,
                "herb" => ItemType.Herb,
                "service" => ItemType.Service,
                "consumable" => ItemType.Consumable,
                _ => throw new FormatException($"code profile families[{i}].item_type '{f.ItemType}' is not drug, herb, service or consumable"),
            };

            try
            {
                families.Add(new CodeFamilyPattern(family, role, f.NameZh ?? family.ToString(), itemType, f.Detect, f.Pattern, f.MaxLength ?? 50, f.IgnoreCase, f.Tag ?? "assumed"));
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"code profile families[{i}] ({f.Kind}) has an invalid regex: {ex.Message}", ex);
            }
        }

        var duplicate = families.GroupBy(f => f.Family).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FormatException($"code profile lists family {duplicate.Key} more than once");
        }

        return new CodeFormatProfile(doc.Profile ?? "custom", families);
    }

    /// <summary>Loads a profile from a JSON file.</summary>
    public static CodeFormatProfile Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>The family a national list code (<c>med_list_codg</c>) belongs to by its leading characters.</summary>
    public CodeFamily DetectListFamily(ReadOnlySpan<char> code)
    {
        foreach (var family in _listFamilies)
        {
            if (family.Detects(code))
            {
                return family.Family;
            }
        }

        return CodeFamily.Unknown;
    }

    /// <summary>The pattern of a family, if the profile has it.</summary>
    public bool TryGetFamily(CodeFamily family, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CodeFamilyPattern? pattern) => _byFamily.TryGetValue(family, out pattern);

    /// <summary>True when <paramref name="code"/> has the full shape of <paramref name="family"/>; false for families the profile lacks.</summary>
    public bool IsWellFormed(CodeFamily family, ReadOnlySpan<char> code) => _byFamily.TryGetValue(family, out var p) && p.IsWellFormed(code);

    /// <summary>The item type a list family implies (drug, herb, consumable, service).</summary>
    public ItemType ItemTypeOf(CodeFamily family) => _byFamily.TryGetValue(family, out var p) ? p.ItemType : ItemType.Unspecified;

    private static CodeFormatProfile LoadDefault()
    {
        using var stream = typeof(CodeFormatProfile).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"embedded resource {DefaultResource} is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private sealed class ProfileDocument
    {
        public string? Profile { get; set; }

        public List<FamilyDocument>? Families { get; set; }
    }

    private sealed class FamilyDocument
    {
        public string? Kind { get; set; }

        [JsonPropertyName("name_zh")]
        public string? NameZh { get; set; }

        public string? Role { get; set; }

        public string? ItemType { get; set; }

        public string? Detect { get; set; }

        public string? Pattern { get; set; }

        public int? MaxLength { get; set; }

        public bool IgnoreCase { get; set; }

        public string? Tag { get; set; }
    }
}
