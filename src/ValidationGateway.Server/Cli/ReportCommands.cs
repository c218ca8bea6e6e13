using System.CommandLine;
using System.Text;
using ValidationGateway.Server.Compliance;
using ValidationGateway.Server.Hosting;
using ValidationGateway.Server.Reports;

namespace ValidationGateway.Server.Cli;

/// <summary><c>vgw report daily --date D --format csv|xlsx|json [--out FILE]</c>.</summary>
internal static class ReportCommands
{
    public static Command Build(CliContext context)
    {
        var report = new Command("report", "Compliance reports from the audit trail");
        report.Subcommands.Add(Daily(context));
        return report;
    }

    private static Command Daily(CliContext context)
    {
        var date = new Option<string?>("--date") { Description = "Business day yyyy-MM-dd (UTC+8; default today)" };
        var format = new Option<string>("--format") { Description = "csv (UTF-8 with BOM), xlsx or json", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong([.. ReportFormats.Names]);
        var output = new Option<string?>("--out") { Description = "File to write (default: stdout for csv and json, report-D.xlsx for xlsx)" };
        var command = new Command("daily", "Every institution's numbers for one day") { date, format, output };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var day = BusinessDay.Today(TimeProvider.System);
            if (parse.GetValue(date) is { } text && !BusinessDay.TryParse(text, out day))
            {
                throw new ArgumentException($"--date '{text}' is not a date yyyy-MM-dd");
            }

            if (!ReportFormats.TryParse(parse.GetValue(format), out var kind))
            {
                throw new ArgumentException($"--format '{parse.GetValue(format)}' is not csv, xlsx or json");
            }

            var settings = context.Settings(parse);
            byte[] bytes;
            await using (var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false))
            {
                bytes = await DailyReportExporter.ExportAsync(new StoreComplianceReports(store), day, kind, ct).ConfigureAwait(false);
            }

            var path = parse.GetValue(output);
            if (path is null && kind != ReportFormat.Xlsx)
            {
                // The BOM goes out as U+FEFF; a UTF-8 console writes it back as EF BB BF, so `> file.csv` keeps it.
                await context.Out.WriteAsync(Encoding.UTF8.GetString(bytes)).ConfigureAwait(false);
                await context.Out.FlushAsync(ct).ConfigureAwait(false);
                return CommandErrors.Ok;
            }

            path ??= ReportFormats.FileName(day, kind);
            await File.WriteAllBytesAsync(path, bytes, ct).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"daily report {BusinessDay.Format(day)} ({ReportFormats.Extension(kind)}, {bytes.Length} bytes) written to {Path.GetFullPath(path)}").ConfigureAwait(false);
            return CommandErrors.Ok;
        }));
        return command;
    }
}
