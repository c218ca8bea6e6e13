using System.Text.Json;

namespace ValidationGateway.LoadTest.Reports;

/// <summary>result.json: the whole <see cref="RunResult"/>, snake_case.</summary>
internal static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Render(RunResult result) => JsonSerializer.Serialize(result, Options);
}
