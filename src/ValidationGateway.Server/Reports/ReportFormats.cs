namespace ValidationGateway.Server.Reports;

/// <summary>Names, media types and file names of <see cref="ReportFormat"/>.</summary>
internal static class ReportFormats
{
    /// <summary>The names accepted by <c>--format</c> and <c>?format=</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["csv", "xlsx", "json"];

    /// <summary>Parses csv, xlsx or json (case-insensitive).</summary>
    public static bool TryParse(string? name, out ReportFormat format)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "CSV":
                format = ReportFormat.Csv;
                return true;
            case "XLSX":
                format = ReportFormat.Xlsx;
                return true;
            case "JSON":
                format = ReportFormat.Json;
                return true;
            default:
                format = default;
                return false;
        }
    }

    /// <summary>The file extension without the dot.</summary>
    public static string Extension(ReportFormat format) => format switch
    {
        ReportFormat.Csv => "csv",
        ReportFormat.Xlsx => "xlsx",
        _ => "json",
    };

    /// <summary>The media type of a download.</summary>
    public static string ContentType(ReportFormat format) => format switch
    {
        ReportFormat.Csv => "text/csv; charset=utf-8",
        ReportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/json; charset=utf-8",
    };

    /// <summary>The default file name of a day's report, e.g. report-2026-11-22.xlsx.</summary>
    public static string FileName(DateOnly day, ReportFormat format) =>
        "report-" + day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "." + Extension(format);
}
