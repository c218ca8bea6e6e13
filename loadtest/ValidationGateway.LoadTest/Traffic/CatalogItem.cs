using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>Price caps of a catalog row as the gateway applies them: the institution level's column, else the general cap (pric_uplmt_amt), else none.</summary>
internal readonly record struct PriceCaps(decimal? General, decimal? Level1, decimal? Level2, decimal? Level3)
{
    public static PriceCaps None => default;

    /// <summary>The same cap for every level (consumables, general caps).</summary>
    public static PriceCaps All(decimal cap) => new(cap, null, null, null);

    /// <summary>The cap at a hospital level (1–3), or null when none applies.</summary>
    public decimal? ForLevel(int level) => level switch
    {
        1 when Level1 is not null => Level1,
        2 when Level2 is not null => Level2,
        3 when Level3 is not null => Level3,
        _ => General,
    };

    /// <summary>The lowest cap over every column: a price at or below it is within whatever cap applies.</summary>
    public decimal? Lowest => Min(Min(General, Level1), Min(Level2, Level3));

    /// <summary>The highest cap over every column: a price above it is over whatever cap applies.</summary>
    public decimal? Highest => Max(Max(General, Level1), Max(Level2, Level3));

    /// <summary>True when some cap applies at every level (the over-price fault needs that).</summary>
    public bool AtEveryLevel => General is not null || (Level1 is not null && Level2 is not null && Level3 is not null);

    private static decimal? Min(decimal? a, decimal? b) => a is { } x ? (b is { } y ? Math.Min(x, y) : x) : b;

    private static decimal? Max(decimal? a, decimal? b) => a is { } x ? (b is { } y ? Math.Max(x, y) : x) : b;
}

/// <summary>One catalog row as the load tool needs it: code, family, validity, restricted use, charge class and price caps.</summary>
internal sealed record CatalogItem(
    string Code,
    ItemType Type,
    DateOnly? Begin,
    DateOnly? End,
    bool Valid,
    bool Restricted,
    string ChargeLevel,
    PriceCaps Caps)
{
    /// <summary>The lowest cap over the level columns and the general cap.</summary>
    public decimal? LowestCap => Caps.Lowest;

    /// <summary>The highest cap over the level columns and the general cap.</summary>
    public decimal? HighestCap => Caps.Highest;

    /// <summary>Charge class 03: self-pay (class C).</summary>
    public bool SelfPay => ChargeLevel == "03";

    /// <summary>True when the row is in force on <paramref name="date"/>.</summary>
    public bool IsValidOn(DateOnly date) => Valid && (Begin is not { } b || b <= date) && (End is not { } e || date <= e);

    /// <summary>The fee-line item type of a national code from its family, or null for codes that are not charged on a fee line (diagnoses, operations, chronic diseases).</summary>
    public static ItemType? TypeOfCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length < 2)
        {
            return null;
        }

        return code[0] switch
        {
            'X' or 'Z' => ItemType.Drug,
            'T' or 'J' => ItemType.Herb,
            'C' when char.IsAsciiDigit(code[1]) => ItemType.Consumable,
            // ICD-9-CM-3 operation codes start with two digits and a dot; service items are digits only.
            _ when char.IsAsciiDigit(code[0]) && !(code.Length > 2 && code[2] == '.') => ItemType.Service,
            _ => null,
        };
    }
}
