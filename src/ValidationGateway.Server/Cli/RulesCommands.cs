using System.CommandLine;
using System.Globalization;
using ValidationGateway.Core.Rules;
using ValidationGateway.Server.Hosting;
using ValidationGateway.Storage.Files;

namespace ValidationGateway.Server.Cli;

/// <summary><c>vgw rules import</c>: knowledge points of the rule library, into a draft catalog version.</summary>
internal static class RulesCommands
{
    public static Command Build(CliContext context)
    {
        var rules = new Command("rules", "Import knowledge points (rule library) into a draft catalog version");
        rules.Subcommands.Add(Import(context));
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
}
