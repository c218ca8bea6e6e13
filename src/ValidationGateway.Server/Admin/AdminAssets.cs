using System.Security.Cryptography;

namespace ValidationGateway.Server.Admin;

/// <summary>The pages' stylesheet, embedded in the executable so the pages need nothing from the network.</summary>
internal static class AdminAssets
{
    /// <summary>The stylesheet's bytes.</summary>
    public static byte[] Stylesheet { get; } = Load("ValidationGateway.Server.Admin.admin.css");

    /// <summary>Where the stylesheet is served: the content hash in the name lets browsers cache it for good, and a new build gets a new name.</summary>
    public static string StylesheetPath { get; } = "/admin/assets/admin-" + Convert.ToHexStringLower(SHA256.HashData(Stylesheet))[..12] + ".css";

    private static byte[] Load(string name)
    {
        using var stream = typeof(AdminAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("embedded resource " + name + " is missing");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
