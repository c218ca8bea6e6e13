using System.Globalization;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Rules;

/// <summary>The region profile of the rules (configuration section <c>Rules</c>): severities and thresholds.</summary>
public sealed class RuleOptions
{
    /// <summary>Name of the region profile, shown in the rule table.</summary>
    public string Profile { get; set; } = "national-default";

    /// <summary>Severity overrides by rule id, e.g. <c>Rules:Severities:RESTRICTED_USE_UNAPPROVED = error</c>.</summary>
    public Dictionary<string, string> Severities { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Unit price or visit self-pay total (yuan) above which self-pay items need the patient's consent. Default 200.00.</summary>
    public decimal SelfPayConsentThreshold { get; set; } = 200.00m;

    /// <summary>Largest accepted difference between det_item_fee_sumamt and round(cnt × pric, 2). Default 0.01.</summary>
    public decimal AmountTolerance { get; set; } = 0.01m;

    /// <summary>
    /// Check mappings even for an institution that has uploaded none (every line would be MAPPING_UNREGISTERED).
    /// Default false: mapping rules start once the institution has an approved mapping table.
    /// </summary>
    public bool EnforceMappingsWithoutTable { get; set; }

    /// <summary>
    /// Check practitioner codes even for an institution with no registered practitioners. Default false:
    /// practitioner rules start once the institution's practitioners are imported.
    /// </summary>
    public bool EnforcePractitionersWithoutRegistry { get; set; }

    /// <summary>Every invalid setting, each message naming it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (rule, severity) in Severities)
        {
            if (!RuleIds.TryParse(rule, out _))
            {
                errors.Add($"Rules:Severities:{rule} is not a rule id (see the rule table)");
            }

            if (!TryParseSeverity(severity, out _))
            {
                errors.Add($"Rules:Severities:{rule} must be error, warning or info (was '{severity}')");
            }
        }

        if (SelfPayConsentThreshold < 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Rules:SelfPayConsentThreshold must not be negative (was {SelfPayConsentThreshold})"));
        }

        if (AmountTolerance < 0 || AmountTolerance > 100)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Rules:AmountTolerance must be between 0 and 100 (was {AmountTolerance})"));
        }

        return errors;
    }

    /// <summary>The rule table with this profile's severities.</summary>
    public RuleTable ToRuleTable()
    {
        var overrides = new Dictionary<RuleId, Severity>();
        foreach (var (rule, severity) in Severities)
        {
            if (RuleIds.TryParse(rule, out var id) && TryParseSeverity(severity, out var s))
            {
                overrides[id] = s;
            }
        }

        return new RuleTable(Profile, overrides);
    }

    private static bool TryParseSeverity(string? text, out Severity severity)
    {
        severity = text?.Trim().ToUpperInvariant() switch
        {
            "ERROR" => Severity.Error,
            "WARNING" or "WARN" => Severity.Warning,
            "INFO" => Severity.Info,
            _ => Severity.Unspecified,
        };
        return severity != Severity.Unspecified;
    }
}
