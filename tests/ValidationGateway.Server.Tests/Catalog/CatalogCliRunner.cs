namespace ValidationGateway.Server.Tests.Catalog;

/// <summary>Runs `vgw` in process against one store, as an operator would type the commands.</summary>
internal static class CatalogCliRunner
{
    public static async Task<(int Exit, string Out, string Err)> VgwAsync(string store, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Program.RunAsync([.. args, "--store", store], output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
