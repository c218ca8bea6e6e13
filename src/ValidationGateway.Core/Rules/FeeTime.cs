using System.Globalization;

namespace ValidationGateway.Core.Rules;

/// <summary>Parses the national interface's date-time and date fields without allocating.</summary>
public static class FeeTime
{
    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"];

    /// <summary>Parses <c>fee_ocur_time</c>: <c>yyyy-MM-dd HH:mm:ss</c> (a bare <c>yyyy-MM-dd</c> is accepted too).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTime value) =>
        DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>Parses a calendar date such as <c>brdy</c>: <c>yyyy-MM-dd</c>.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly value) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
}
