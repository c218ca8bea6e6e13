namespace ValidationGateway.Storage.Files;

/// <summary>Column names of a mapping import file (DESIGN.md §4; national transaction 3301).</summary>
public static class MappingColumns
{
    /// <summary>The institution's local (HIS) code; required, ≤ 150 characters.</summary>
    public const string LocalCode = "medins_list_codg";

    /// <summary>The national code it maps to; required, ≤ 50 characters.</summary>
    public const string NationalCode = "med_list_codg";

    /// <summary>drug, herb, service or consumable (also 药品, 中药饮片, 医疗服务, 医用耗材); empty = unspecified.</summary>
    public const string ItemType = "item_type";

    /// <summary>The institution's local item name.</summary>
    public const string LocalName = "medins_list_name";

    /// <summary>First day the mapping applies.</summary>
    public const string BeginDate = "begndate";

    /// <summary>Last day the mapping applies.</summary>
    public const string EndDate = "enddate";

    /// <summary>Optional: when present and not empty, must equal the institution being imported (guards against the wrong file).</summary>
    public const string InstitutionCode = "fixmedins_code";

    /// <summary>Every column of DESIGN.md §4, in its order (for templates and exports).</summary>
    public static IReadOnlyList<string> All { get; } = [LocalCode, NationalCode, ItemType, LocalName, BeginDate, EndDate];
}
