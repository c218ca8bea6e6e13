namespace ValidationGateway.Core.Compliance;

/// <summary>How often one local code failed one rule.</summary>
/// <param name="LocalCode">medins_list_codg.</param>
/// <param name="RuleId">The rule it failed (wire name).</param>
/// <param name="Count">Lines.</param>
public sealed record LocalCodeCount(string LocalCode, string RuleId, long Count);
