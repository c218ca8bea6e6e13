using ValidationGateway.Server.Cli;

namespace ValidationGateway.Server;

/// <summary>The <c>vgw</c> entry point.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    /// <summary>Runs the command line with the given console (tests call this in process).</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = VgwCommandLine.Build(output, error);
        var parse = root.Parse(args);
        return parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }
}
