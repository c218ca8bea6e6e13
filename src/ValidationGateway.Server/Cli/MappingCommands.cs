using System.CommandLine;
using System.Globalization;
using ValidationGateway.Core.Codes;
using ValidationGateway.Server.Hosting;
using ValidationGateway.Storage.Files;

namespace ValidationGateway.Server.Cli;

/// <summary><c>vgw mapping import</c>: an institution's approved local-to-national mappings (目录对照).</summary>
internal static class MappingCommands
{
    public static Command Build(CliContext context)
    {
        var mapping = new Command("mapping", "Import institutions' approved local-to-national code mappings");
        mapping.Subcommands.Add(Import(context));
        return mapping;
    }

    private static Command Import(CliContext context)
    {
        var institution = new Option<string>("--institution") { Description = "fixmedins_code of a registered institution (H or P + 11 digits)", Required = true };
        var file = new Option<FileInfo>("--file") { Description = "CSV, TSV or XLSX file with a header row (medins_list_codg, med_list_codg, item_type, medins_list_name, begndate, enddate)", Required = true };
        var replace = new Option<bool>("--replace") { Description = "Delete the institution's mappings that are not in the file (default: add and update only)" };
        var command = new Command("import", "Import one institution's mappings, keyed by (medins_list_codg, begndate); writes nothing if the file has any error") { institution, file, replace };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var code = parse.GetValue(institution)!.Trim();
            if (!CodeFormatProfile.Default.IsWellFormed(CodeFamily.Hospital, code) && !CodeFormatProfile.Default.IsWellFormed(CodeFamily.Pharmacy, code))
            {
                throw new ArgumentException($"--institution '{code}' is not an institution code (H or P + 11 digits, e.g. H21010200123)");
            }

            var settings = context.Settings(parse);
            var path = parse.GetValue(file)!.FullName;
            await context.Out.WriteLineAsync($"reading {path} as mappings of {code}…").ConfigureAwait(false);
            var result = MappingFileParser.Parse(path, code, ct);
            if (!await CommandErrors.ReportAsync(context, result, path).ConfigureAwait(false))
            {
                return CommandErrors.Failed;
            }

            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            var replaceAll = parse.GetValue(replace);
            var written = await store.UpsertMappingsAsync(code, result.Rows, replaceAll, ct).ConfigureAwait(false);
            var total = await store.CountMappingsAsync(code, ct).ConfigureAwait(false);
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"imported {written:N0} mappings for {code}{(replaceAll ? " (replacing all others)" : "")}; it now has {total:N0}")).ConfigureAwait(false);
            return CommandErrors.Ok;
        }));
        return command;
    }
}
