namespace ValidationGateway.Server;

/// <summary>The <c>vgw</c> entry point.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    public static int Main() => 0;
}
