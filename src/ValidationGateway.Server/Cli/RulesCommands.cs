using System.CommandLine;
using System.Globalization;
using ValidationGateway.Core.Rules;
using ValidationGateway.Server.Hosting;
using ValidationGateway.Storage.Files;

namespace ValidationGateway.Server.Cli;

/// <summary><c>vgw rules import</c> and <c>export</c>: knowledge points of the rule library, into a draft catalog version and out of any.</summary>
internal static class RulesCommands
{
    public static Command Build(CliContext context)
    {
        var rules = new Command("rules", "Import knowledge points (rule library) into a draft catalog version, or export a version's");
        rules.Subcommands.Add(Import(context));
        rules.Subcommands.Add(Export(context));
        return rules;
    }

    private static Command Import(CliContext context)
    {
        var version = new Option<string>("--version") { Description = "Draft catalog version to import into, e.g. 2026.12.1 (published with vgw catalog publish)", Required = true };
        var file = new Option<FileInfo>("--file") { Description = "CSV, TSV or XLSX file with a header row (rule_id, code, code_b, gender, age_min, age_max, max_per_day, note)", Required = true };
        var command = new Command("import", "Replace a draft version's knowledge points with a file's; writes nothing if the file has any error") { version, file };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
            var label = parse.GetValue(version)!;
            var path = parse.GetValue(file)!.FullName;
            await context.Out.WriteLineAsync($"reading {path} as knowledge points…").ConfigureAwait(false);
            var result = KnowledgePointFileParser.Parse(path, ct);
            if (!await CommandErrors.ReportAsync(context, result, path).ConfigureAwait(false))
            {
                return CommandErrors.Failed;
            }

            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            var written = await store.ReplaceKnowledgePointsAsync(label, result.Rows, ct).ConfigureAwait(false);
            var perRule = string.Join(", ", KnowledgePointFileParser.Rules
                .Select(rule => (Rule: rule, Count: result.Rows.Count(p => p.Rule == rule)))
                .Where(c => c.Count > 0)
                .Select(c => string.Create(CultureInfo.InvariantCulture, $"{RuleIds.NameOf(c.Rule)} {c.Count:N0}")));
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"imported {written:N0} knowledge points into draft version {label}{(perRule.Length == 0 ? "" : $" ({perRule})")}; publish with: vgw catalog publish --version {label}")).ConfigureAwait(false);
            return CommandErrors.Ok;
        }));
        return command;
    }

    private static Command Export(CliContext context)
    {
        var version = new Option<string>("--version") { Description = "Version to export (draft or published)", Required = true };
        var file = new Option<FileInfo>("--file") { Description = "CSV file to write (import format, UTF-8 with a header row); an existing file is replaced", Required = true };
        var command = new Command("export", "Write a version's knowledge points as CSV in the import format: to re-import, or as vgw-load --knowledge to load-test the rules they feed") { version, file };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
            var name = parse.GetValue(version)!;
            var path = parse.GetValue(file)!.FullName;
            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            _ = await store.GetCatalogVersionAsync(name, ct).ConfigureAwait(false)
                ?? throw new ArgumentException($"catalog version '{name}' does not exist (vgw catalog list shows the versions)");
            var written = await ExportFile.WriteAsync(path, writer => KnowledgePointFileWriter.WriteAsync(store.ReadKnowledgePointsAsync(name, ct), writer, ct)).ConfigureAwait(false);
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"wrote {written:N0} knowledge points of {name} to {path}")).ConfigureAwait(false);
            return CommandErrors.Ok;
        }));
        return command;
    }
}
