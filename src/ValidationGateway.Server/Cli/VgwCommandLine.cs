using System.CommandLine;

namespace ValidationGateway.Server.Cli;

/// <summary>The <c>vgw</c> command tree (DESIGN.md §4).</summary>
internal static class VgwCommandLine
{
    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var context = new CliContext(output, error);
        var serve = ServeCommand.Build(context);
        var root = new RootCommand("ValidationGateway: real-time validation of medical-insurance fee details (vgw serve is the default)");
        root.Options.Add(context.Store);
        foreach (var option in serve.Options)
        {
            root.Options.Add(option);
        }

        root.Subcommands.Add(serve);
        root.Subcommands.Add(CatalogCommands.Build(context));
        root.Subcommands.Add(InstitutionCommands.Build(context));
        root.Subcommands.Add(MappingCommands.Build(context));
        root.Subcommands.Add(PractitionerCommands.Build(context));
        root.Subcommands.Add(RulesCommands.Build(context));
        root.Subcommands.Add(DemoCommands.Build(context));
        root.Subcommands.Add(KeyCommands.Build(context));
        root.Subcommands.Add(SampleCommand.Build(context));
        root.Subcommands.Add(ReportCommands.Build(context));
        // A bare `vgw` (or `vgw --store x`) serves, as DESIGN.md §4 says.
        root.SetAction((parse, ct) => ServeCommand.RunAsync(context, parse, ct));
        return root;
    }
}
