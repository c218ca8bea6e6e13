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

        // A gateway bucket bound past the last bucket is infinity, written as "Infinity".
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Render(RunResult result) => JsonSerializer.Serialize(result, Options);
}
