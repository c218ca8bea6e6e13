namespace ValidationGateway.Server.Tests.Support;

/// <summary>Runs `vgw` commands in process against a temporary SQLite store, as an operator would type them.</summary>
public abstract class CliTestBase : IDisposable
{
    protected CliTestBase() => Directory = System.IO.Directory.CreateTempSubdirectory("vgw-cli-").FullName;

    /// <summary>The test's own temporary folder.</summary>
    protected string Directory { get; }

    /// <summary>The SQLite store every command is given.</summary>
    protected string Store => Path.Combine(Directory, "vgw.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs <c>vgw args --store Store</c> and returns its exit code and output.</summary>
    protected async Task<(int Exit, string Out, string Err)> VgwAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Program.RunAsync([.. args, "--store", Store], output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Writes a file into the test's folder and returns its path.</summary>
    protected string WriteFile(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
