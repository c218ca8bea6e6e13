using ValidationGateway.Core.Compliance;

namespace ValidationGateway.Server.Reports;

/// <summary>One day's report in a file format; used by <c>vgw report daily</c> and the admin page's downloads, so both give the same bytes.</summary>
internal static class DailyReportExporter
{
    public static async Task<byte[]> ExportAsync(IComplianceReports reports, DateOnly day, ReportFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var rows = await reports.GetDailyAsync(day, cancellationToken).ConfigureAwait(false);
        return Export(rows, day, format);
    }

    public static byte[] Export(IReadOnlyList<InstitutionDayReport> rows, DateOnly day, ReportFormat format) => format switch
    {
        ReportFormat.Csv => CsvReportWriter.Write(rows),
        ReportFormat.Xlsx => XlsxReportWriter.Write(rows, day),
        _ => JsonReportWriter.Write(rows),
    };
}
