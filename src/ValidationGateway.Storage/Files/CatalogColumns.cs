namespace ValidationGateway.Storage.Files;

/// <summary>Column names of a catalog import file (DESIGN.md §4).</summary>
public static class CatalogColumns
{
    /// <summary>National code; required.</summary>
    public const string Code = "med_list_codg";

    /// <summary>Item name.</summary>
    public const string Name = "name";

    /// <summary>First valid day.</summary>
    public const string BeginDate = "begndate";

    /// <summary>Last valid day.</summary>
    public const string EndDate = "enddate";

    /// <summary>1 valid (default) / 0 not.</summary>
    public const string Valid = "vali_flag";

    /// <summary>Charge level 01/02/03.</summary>
    public const string ChargeLevel = "chrgitm_lv";

    /// <summary>Restricted use 0 (default) / 1.</summary>
    public const string RestrictedUse = "lmt_used_flag";

    /// <summary>Price cap for every level.</summary>
    public const string PriceCap = "pric_uplmt_amt";

    /// <summary>Cap at level-1 hospitals.</summary>
    public const string Level1Price = "lv1_hosp_item_pric";

    /// <summary>Cap at level-2 hospitals.</summary>
    public const string Level2Price = "lv2_hosp_item_pric";

    /// <summary>Cap at level-3 hospitals.</summary>
    public const string Level3Price = "lv3_hosp_item_pric";

    /// <summary>Every column, in the order of DESIGN.md §4 (for templates and exports).</summary>
    public static IReadOnlyList<string> All { get; } =
        [Code, Name, BeginDate, EndDate, Valid, ChargeLevel, RestrictedUse, PriceCap, Level1Price, Level2Price, Level3Price];
}
