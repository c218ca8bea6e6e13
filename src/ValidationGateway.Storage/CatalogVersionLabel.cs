namespace ValidationGateway.Storage;

/// <summary>Rules for catalog version labels such as <c>2026.11.1</c>.</summary>
public static class CatalogVersionLabel
{
    /// <summary>Longest label accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>Checks a label: non-empty, at most 64 characters of <c>A-Z a-z 0-9 . _ -</c>.</summary>
    /// <returns>True when valid; otherwise false and a message fit for an operator.</returns>
    public static bool TryValidate(string? version, out string error)
    {
        if (string.IsNullOrEmpty(version))
        {
            error = "Catalog version label is empty; give one such as 2026.11.1.";
            return false;
        }

        if (version.Length > MaxLength)
        {
            error = $"Catalog version label is {version.Length} characters long; at most {MaxLength} are allowed.";
            return false;
        }

        foreach (var c in version)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                error = $"Catalog version label '{version}' contains '{c}'; only letters A-Z a-z, digits and . _ - are allowed.";
                return false;
            }
        }

        error = "";
        return true;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the label is not valid.</summary>
    public static void Validate(string? version, string parameterName = "version")
    {
        if (!TryValidate(version, out var error))
        {
            throw new ArgumentException(error, parameterName);
        }
    }
}
