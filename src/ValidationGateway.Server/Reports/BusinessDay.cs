namespace ValidationGateway.Server.Reports;

/// <summary>The calendar the reports count in: the UTC+8 business day, whatever the server's time zone.</summary>
internal static class BusinessDay
{
    /// <summary>China Standard Time; no daylight saving.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>Today in UTC+8.</summary>
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Offset).DateTime);

    /// <summary>Parses yyyy-MM-dd.</summary>
    public static bool TryParse(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out day);

    /// <summary>Formats yyyy-MM-dd.</summary>
    public static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
