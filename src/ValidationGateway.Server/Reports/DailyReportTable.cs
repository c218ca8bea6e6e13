using ValidationGateway.Core.Compliance;
using ValidationGateway.Core.Institutions;

namespace ValidationGateway.Server.Reports;

/// <summary>The columns of the daily export, shared by every format so CSV, XLSX and JSON say the same thing.</summary>
/// <remarks>Column names are stable snake_case (the national interface's style); rows are ordered by institution code.</remarks>
internal static class DailyReportTable
{
    private static readonly (string Name, Func<InstitutionDayReport, ReportValue> Value)[] Columns =
    [
        ("date", r => ReportValue.Of(BusinessDay.Format(r.Stats.Day))),
        ("fixmedins_code", r => ReportValue.Of(r.Institution.Code)),
        ("fixmedins_name", r => ReportValue.Of(r.Institution.Name)),
        ("type", r => ReportValue.Of(r.Institution.Type == InstitutionType.Pharmacy ? "pharmacy" : "hospital")),
        ("level", r => ReportValue.Of(r.Institution.Level)),
        ("admdvs", r => ReportValue.Of(r.Institution.AdminDivision)),
        ("batches", r => ReportValue.Of(r.Stats.Batches)),
        ("lines", r => ReportValue.Of(r.Stats.Lines)),
        ("lines_valid_national_code", r => ReportValue.Of(r.Stats.LinesWithValidNationalCode)),
        ("valid_code_share", r => ReportValue.Share(r.Stats.ValidCodeShare)),
        ("lines_pass", r => ReportValue.Of(r.Stats.LinesPass)),
        ("lines_warn", r => ReportValue.Of(r.Stats.LinesWarn)),
        ("lines_reject", r => ReportValue.Of(r.Stats.LinesReject)),
        ("reject_share", r => ReportValue.Share(RejectShare(r.Stats))),
        ("amount_total", r => ReportValue.Amount(r.Stats.AmountTotal)),
        ("amount_rejected", r => ReportValue.Amount(r.Stats.AmountRejected)),
        ("amount_over_cap", r => ReportValue.Amount(r.Stats.AmountOverCap)),
        ("mapping_rate", r => ReportValue.Share(r.MappingRate)),
        ("flag_rate", r => ReportValue.Share(r.FlagRate)),
    ];

    /// <summary>Column names, in order.</summary>
    public static IReadOnlyList<string> Headers { get; } = Columns.Select(c => c.Name).ToArray();

    /// <summary>Share of lines rejected (0 without lines).</summary>
    public static double RejectShare(InstitutionDayStats stats) => stats.Lines == 0 ? 0 : (double)stats.LinesReject / stats.Lines;

    /// <summary>The rows in export order (by institution code), so two exports of the same numbers are the same bytes.</summary>
    public static IReadOnlyList<InstitutionDayReport> Order(IEnumerable<InstitutionDayReport> reports) =>
        reports.OrderBy(r => r.Institution.Code, StringComparer.Ordinal).ToArray();

    /// <summary>One row's cells, in <see cref="Headers"/> order.</summary>
    public static ReportValue[] Row(InstitutionDayReport report)
    {
        var row = new ReportValue[Columns.Length];
        for (var i = 0; i < Columns.Length; i++)
        {
            row[i] = Columns[i].Value(report);
        }

        return row;
    }
}
