namespace ValidationGateway.Server.Tests.Metrics;

/// <summary>One sample line of a scrape.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
}
