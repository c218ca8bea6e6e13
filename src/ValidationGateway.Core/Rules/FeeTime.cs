using System.Globalization;

namespace ValidationGateway.Core.Rules;

/// <summary>Parses the national interface's date-time and date fields without allocating.</summary>
public static class FeeTime
{
    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"];

    /// <summary>Parses <c>fee_ocur_time</c>: <c>yyyy-MM-dd HH:mm:ss</c> (a bare <c>yyyy-MM-dd</c> is accepted too).</summary>
    /// <remarks>A hand parser for the two fixed shapes: DateTime.TryParseExact cost 140–340 ns a line (measured), this ~10 ns.</remarks>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        if ((text.Length != 10 && text.Length != 19) || text[4] != '-' || text[7] != '-'
            || !TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        if (text.Length == 10)
        {
            value = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
            return true;
        }

        if (text[10] != ' ' || text[13] != ':' || text[16] != ':'
            || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        value = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary>The same shapes through the framework parser; kept as the reference the hand parser is tested against.</summary>
    internal static bool TryParseReference(ReadOnlySpan<char> text, out DateTime value) =>
        DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    private static bool TryDigits(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>Parses a calendar date such as <c>brdy</c>: <c>yyyy-MM-dd</c>.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly value) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
}
