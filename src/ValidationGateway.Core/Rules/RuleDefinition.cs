using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Rules;

/// <summary>One rule of the rule table: id, default severity, descriptions and the message shown to a cashier.</summary>
/// <param name="Id">Stable rule id.</param>
/// <param name="DefaultSeverity">Severity unless a region profile overrides it.</param>
/// <param name="DescriptionZh">Chinese description for the rule table.</param>
/// <param name="DescriptionEn">English description for the rule table.</param>
/// <param name="MessageZh">
/// Chinese message template: {0} the offending value, {1} the catalog version, {2} the fee date, {3} a detail
/// (e.g. the expected shape).
/// </param>
public sealed record RuleDefinition(RuleId Id, Severity DefaultSeverity, string DescriptionZh, string DescriptionEn, string MessageZh)
{
    /// <summary>The id as it appears on the wire, e.g. NATIONAL_CODE_UNKNOWN.</summary>
    public string Name { get; } = RuleIds.NameOf(Id);
}
