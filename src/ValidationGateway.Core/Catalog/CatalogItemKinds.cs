using System.Diagnostics.CodeAnalysis;

namespace ValidationGateway.Core.Catalog;

/// <summary>Names of <see cref="CatalogItemKind"/> as the CLI and files spell them.</summary>
public static class CatalogItemKinds
{
    /// <summary>The CLI names, in enum order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["drug", "herb", "consumable", "service", "diagnosis", "operation", "disease"];

    /// <summary>Parses a CLI name (case-insensitive).</summary>
    public static bool TryParse(string? name, out CatalogItemKind kind)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                kind = (CatalogItemKind)(i + 1);
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The CLI name of a kind.</summary>
    [SuppressMessage("Globalization", "CA1308:Normalize strings to uppercase", Justification = "CLI names are lower-case by contract.")]
    public static string ToName(this CatalogItemKind kind) => Names[(int)kind - 1];
}
