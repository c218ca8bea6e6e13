using System.Globalization;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Storage.Sqlite;

/// <summary>How values are written to and read from SQLite columns: text, invariant culture, exact.</summary>
internal static class SqliteValues
{
    private const string DateFormat = "yyyy-MM-dd";

    public static object Decimal(decimal? value) =>
        value is { } v ? v.ToString(CultureInfo.InvariantCulture) : DBNull.Value;

    public static decimal? ParseDecimal(object value) =>
        value is string s ? decimal.Parse(s, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : null;

    public static object Date(DateOnly? value) =>
        value is { } v ? v.ToString(DateFormat, CultureInfo.InvariantCulture) : DBNull.Value;

    public static DateOnly? ParseDate(object value) =>
        value is string s ? DateOnly.ParseExact(s, DateFormat, CultureInfo.InvariantCulture) : null;

    public static string Timestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static DateTimeOffset? ParseTimestamp(object value) =>
        value is string s ? ParseTimestamp(s) : null;

    public static string State(CatalogVersionState state) => state switch
    {
        CatalogVersionState.Draft => "draft",
        CatalogVersionState.Published => "published",
        CatalogVersionState.Retired => "retired",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown catalog version state."),
    };

    public static CatalogVersionState ParseState(string value) => value switch
    {
        "draft" => CatalogVersionState.Draft,
        "published" => CatalogVersionState.Published,
        "retired" => CatalogVersionState.Retired,
        _ => throw new InvalidDataException($"Unknown catalog version state '{value}' in the store."),
    };

    public static CatalogItemKind ParseKind(string value) =>
        CatalogItemKinds.TryParse(value, out var kind)
            ? kind
            : throw new InvalidDataException($"Unknown catalog kind '{value}' in the store.");

    public static string InstitutionType(InstitutionType type) => type switch
    {
        Core.Institutions.InstitutionType.Hospital => "hospital",
        Core.Institutions.InstitutionType.Pharmacy => "pharmacy",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown institution type."),
    };

    public static InstitutionType ParseInstitutionType(string value) => value switch
    {
        "hospital" => Core.Institutions.InstitutionType.Hospital,
        "pharmacy" => Core.Institutions.InstitutionType.Pharmacy,
        _ => throw new InvalidDataException($"Unknown institution type '{value}' in the store."),
    };

    public static string ItemType(ItemType type) => type switch
    {
        Contracts.V1.ItemType.Unspecified => "",
        Contracts.V1.ItemType.Drug => "drug",
        Contracts.V1.ItemType.Herb => "herb",
        Contracts.V1.ItemType.Service => "service",
        Contracts.V1.ItemType.Consumable => "consumable",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown item type."),
    };

    public static ItemType ParseItemType(string value) => value switch
    {
        "" => Contracts.V1.ItemType.Unspecified,
        "drug" => Contracts.V1.ItemType.Drug,
        "herb" => Contracts.V1.ItemType.Herb,
        "service" => Contracts.V1.ItemType.Service,
        "consumable" => Contracts.V1.ItemType.Consumable,
        _ => throw new InvalidDataException($"Unknown item type '{value}' in the store."),
    };

    public static string PractitionerKind(PractitionerKind kind) => kind switch
    {
        Core.Institutions.PractitionerKind.Doctor => "doctor",
        Core.Institutions.PractitionerKind.Nurse => "nurse",
        Core.Institutions.PractitionerKind.Pharmacist => "pharmacist",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown practitioner kind."),
    };

    public static PractitionerKind ParsePractitionerKind(string value) => value switch
    {
        "doctor" => Core.Institutions.PractitionerKind.Doctor,
        "nurse" => Core.Institutions.PractitionerKind.Nurse,
        "pharmacist" => Core.Institutions.PractitionerKind.Pharmacist,
        _ => throw new InvalidDataException($"Unknown practitioner kind '{value}' in the store."),
    };

    public static RuleId ParseRuleId(string value) =>
        RuleIds.TryParse(value, out var rule)
            ? rule
            : throw new InvalidDataException($"Unknown rule id '{value}' in the store.");
}
