namespace ValidationGateway.Core.Catalog;

/// <summary>One row of a national catalog file, as imported and stored (DESIGN.md §4 catalog columns).</summary>
/// <remarks>Immutable. Dates are calendar dates; a missing begin or end date means open-ended.</remarks>
public sealed record CatalogRow
{
    /// <summary>Which catalog the row belongs to.</summary>
    public required CatalogItemKind Kind { get; init; }

    /// <summary>National code (<c>med_list_codg</c>).</summary>
    public required string Code { get; init; }

    /// <summary>Item name.</summary>
    public string Name { get; init; } = "";

    /// <summary>First day the row is valid (<c>begndate</c>), inclusive.</summary>
    public DateOnly? BeginDate { get; init; }

    /// <summary>Last day the row is valid (<c>enddate</c>), inclusive.</summary>
    public DateOnly? EndDate { get; init; }

    /// <summary><c>vali_flag</c>: false when the national catalog marks the row invalid.</summary>
    public bool Valid { get; init; } = true;

    /// <summary><c>chrgitm_lv</c>: 01 class A, 02 class B, 03 class C (self-pay); empty when not given.</summary>
    public string ChargeLevel { get; init; } = "";

    /// <summary><c>lmt_used_flag</c>: restricted use.</summary>
    public bool RestrictedUse { get; init; }

    /// <summary><c>pric_uplmt_amt</c>: price cap for every level, when no level column applies.</summary>
    public decimal? PriceCap { get; init; }

    /// <summary><c>lv1_hosp_item_pric</c>: cap at level-1 hospitals.</summary>
    public decimal? Level1Price { get; init; }

    /// <summary><c>lv2_hosp_item_pric</c>: cap at level-2 hospitals.</summary>
    public decimal? Level2Price { get; init; }

    /// <summary><c>lv3_hosp_item_pric</c>: cap at level-3 hospitals.</summary>
    public decimal? Level3Price { get; init; }
}
