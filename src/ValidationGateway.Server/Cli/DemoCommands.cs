using System.CommandLine;
using System.Globalization;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Hosting;

namespace ValidationGateway.Server.Cli;

/// <summary><c>vgw demo seed [--scale national|F] [--version V]</c>.</summary>
internal static class DemoCommands
{
    public static Command Build(CliContext context)
    {
        var demo = new Command("demo", "Demo data");
        var scale = new Option<string?>("--scale")
        {
            Description = "Generate a national-scale data set instead of the small demo: 'national' (≈300k drugs, 1M consumables, 20k services, 40k diagnoses, 2,000 institutions × 2,500 mappings) or a factor such as 0.001",
        };
        var version = new Option<string?>("--version") { Description = $"Catalog version for --scale (default {NationalScaleDataSet.DefaultVersion})" };
        var seed = new Command("seed", $"Add the demo institutions and publish the demo catalog version {DemoDataSet.Version}, or with --scale a generated national-scale data set") { scale, version };
        seed.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
            if (parse.GetValue(scale) is { } factor)
            {
                var data = NationalScaleDataSet.Parse(factor);
                var label = parse.GetValue(version) ?? NationalScaleDataSet.DefaultVersion;
                await using var scaleStore = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"generating scale {data.Scale:0.######} into {settings.DescribeStore()}: {data.WesternDrugs + data.PatentDrugs:N0} drug codes, {data.ConsumableParents + data.ConsumableProducts:N0} consumables, {data.Services:N0} services, {data.Diagnoses:N0} diagnoses, {data.Diseases:N0} diseases, {data.Institutions:N0} institutions")).ConfigureAwait(false);
                var summary = await new NationalScaleSeeder(scaleStore, context.Out).SeedAsync(data, label, ct).ConfigureAwait(false);
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"seeded {summary.Version}: {summary.CatalogRows:N0} catalog rows and {summary.KnowledgePoints:N0} knowledge points ({summary.CatalogImport.TotalSeconds:0.0} s), {summary.Institutions:N0} institutions with {summary.Mappings:N0} mappings and {summary.Practitioners:N0} practitioners ({summary.InstitutionImport.TotalSeconds:0.0} s), publish {summary.Publish.TotalSeconds:0.00} s, total {summary.Total.TotalSeconds:0.0} s")).ConfigureAwait(false);
                return CommandErrors.Ok;
            }

            await using var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, ct).ConfigureAwait(false);
            var rows = await DemoSeeder.SeedAsync(store, ct).ConfigureAwait(false);
            await context.Out.WriteLineAsync(rows == 0
                ? $"demo institutions saved; catalog {DemoDataSet.Version} was already published"
                : $"demo data seeded into {settings.DescribeStore()}: {DemoDataSet.Institutions.Count} institutions, catalog {DemoDataSet.Version} with {rows} rows (published, current)").ConfigureAwait(false);
            return CommandErrors.Ok;
        }));
        demo.Subcommands.Add(seed);
        return demo;
    }
}
