using System.CommandLine;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Hosting;

namespace ValidationGateway.Server.Cli;

/// <summary><c>vgw demo seed</c>.</summary>
internal static class DemoCommands
{
    public static Command Build(CliContext context)
    {
        var demo = new Command("demo", "Demo data");
        var seed = new Command("seed", $"Add the demo institutions and publish the demo catalog version {DemoDataSet.Version}");
        seed.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var settings = context.Settings(parse);
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
