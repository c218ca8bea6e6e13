using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>One catalog row as the load tool needs it: code, family, validity and price caps (lowest and highest over the level columns).</summary>
internal sealed record CatalogItem(
    string Code,
    ItemType Type,
    DateOnly? Begin,
    DateOnly? End,
    bool Valid,
    bool Restricted,
    string ChargeLevel,
    decimal? LowestCap,
    decimal? HighestCap)
{
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
