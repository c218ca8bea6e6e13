using System.CommandLine;
using System.Globalization;
using ValidationGateway.Server.Hosting;
using ValidationGateway.Storage.Files;

namespace ValidationGateway.Server.Cli;

/// <summary><c>vgw practitioner import</c>: doctors, nurses and pharmacists registered to institutions.</summary>
internal static class PractitionerCommands
{
    public static Command Build(CliContext context)
    {
        var practitioner = new Command("practitioner", "Import registered practitioners (doctors, nurses, pharmacists)");
        practitioner.Subcommands.Add(Import(context));
        return practitioner;
    }

    private static Command Import(CliContext context)
    {
        var file = new Option<FileInfo>("--file") { Description = "CSV, TSV or XLSX file with a header row (code, kind, fixmedins_code, name, valid)", Required = true };
        var command = new Command("import", "Add or update practitioners, keyed by (code, fixmedins_code); writes nothing if the file has any error") { file };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
            var path = parse.GetValue(file)!.FullName;
            await context.Out.WriteLineAsync($"reading {path} as practitioners…").ConfigureAwait(false);
            var result = PractitionerFileParser.Parse(path, ct);
            if (!await CommandErrors.ReportAsync(context, result, path).ConfigureAwait(false))
            {
                return CommandErrors.Failed;
            }

            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            var written = await store.UpsertPractitionersAsync(result.Rows, ct).ConfigureAwait(false);
            var institutions = result.Rows.Select(r => r.InstitutionCode).Distinct(StringComparer.Ordinal).Count();
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"imported {written:N0} practitioners at {institutions:N0} institution(s)")).ConfigureAwait(false);
            return CommandErrors.Ok;
        }));
        return command;
    }
}
