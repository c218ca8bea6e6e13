using System.CommandLine;
using ValidationGateway.Server.Hosting;

namespace ValidationGateway.Server.Cli;

/// <summary>The global flags and console every command shares.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error)
{
    public Option<string?> Store { get; } = new("--store")
    {
        Description = $"SQLite store file (configuration key Store; default {GatewaySettings.DefaultStore})",
        Recursive = true,
    };

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Settings from configuration, with the flags of this invocation on top.</summary>
    public GatewaySettings Settings(ParseResult parse, params (string Key, string? Value)[] flags)
    {
        var values = new List<KeyValuePair<string, string?>>();
        if (parse.GetValue(Store) is { } store)
        {
            values.Add(new("Store", store));
        }

        values.AddRange(flags.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string?>(f.Key, f.Value)));
        return GatewaySettings.From(GatewaySettings.BuildConfiguration(values));
    }
}
