namespace ValidationGateway.Server.Tests.Support;

public static class RepoPaths
{
    /// <summary>The repository root: the folder holding ValidationGateway.sln above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ValidationGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ValidationGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
