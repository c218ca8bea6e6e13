namespace ValidationGateway.Storage.Files;

/// <summary>RFC 4180 fields for the import-format writers.</summary>
internal static class CsvText
{
    /// <summary>The text as one CSV field: quoted when it holds a separator, a quote or a line break, its quotes doubled.</summary>
    public static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
