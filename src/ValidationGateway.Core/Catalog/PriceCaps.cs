namespace ValidationGateway.Core.Catalog;

/// <summary>Price caps of one catalog row: by hospital level, then the general cap.</summary>
/// <param name="General">pric_uplmt_amt.</param>
/// <param name="Level1">lv1_hosp_item_pric.</param>
/// <param name="Level2">lv2_hosp_item_pric.</param>
/// <param name="Level3">lv3_hosp_item_pric.</param>
public readonly record struct PriceCaps(decimal? General, decimal? Level1, decimal? Level2, decimal? Level3)
{
    /// <summary>True when no cap is set.</summary>
    public bool IsEmpty => General is null && Level1 is null && Level2 is null && Level3 is null;

    /// <summary>The cap for an institution level: the level's column if present, else the general cap, else none (DESIGN.md §4).</summary>
    public decimal? ForLevel(int level) => level switch
    {
        1 when Level1 is not null => Level1,
        2 when Level2 is not null => Level2,
        3 when Level3 is not null => Level3,
        _ => General,
    };
}
