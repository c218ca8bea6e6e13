namespace ValidationGateway.Server.Tests.Support;

public static class RepoPaths
{
    /// <summary>The repository root: <c>VGW_REPO_ROOT</c> when set (builds with --artifacts-path put the binaries outside the tree), else the folder holding ValidationGateway.sln above the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        if (Environment.GetEnvironmentVariable("VGW_REPO_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, "ValidationGateway.sln")))
        {
            return Path.GetFullPath(root);
        }

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
