using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;

namespace ValidationGateway.Core.Compliance;

/// <summary>Adds up audit lines of one institution and one day into <see cref="InstitutionDayStats"/>.</summary>
/// <remarks>Not thread-safe. Exact: every stored line counts once, and a request id is only stored once.</remarks>
public sealed class InstitutionDayStatsBuilder(string institutionCode, DateOnly day)
{
    private const int TopCodes = 20;
    private readonly HashSet<string> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Local, string Rule), long> _failing = [];
    private long _lines;
    private long _valid;
    private long _pass;
    private long _warn;
    private long _reject;
    private decimal _amount;
    private decimal _rejected;
    private decimal _overCap;

    /// <summary>Distinct local codes sent (for the mapping rate).</summary>
    public HashSet<string> LocalCodes { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds one stored line.</summary>
    public void Add(AuditLineRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var line = row.Line;
        _requests.Add(row.RequestId);
        _lines++;
        if (line.HasValidNationalCode)
        {
            _valid++;
        }

        switch (line.Verdict)
        {
            case Verdict.Reject:
                _reject++;
                _rejected += line.Amount ?? 0;
                break;
            case Verdict.Warn:
                _warn++;
                break;
            default:
                _pass++;
                break;
        }

        _amount += line.Amount ?? 0;
        _overCap += line.OverCap ?? 0;
        if (line.LocalCode.Length > 0)
        {
            LocalCodes.Add(line.LocalCode);
        }

        if (line.RuleIds.Length == 0)
        {
            return;
        }

        foreach (var rule in line.RuleIds.Split(','))
        {
            _rules[rule] = _rules.GetValueOrDefault(rule) + 1;
            if (line.LocalCode.Length > 0)
            {
                _failing[(line.LocalCode, rule)] = _failing.GetValueOrDefault((line.LocalCode, rule)) + 1;
            }
        }
    }

    /// <summary>The totals so far.</summary>
    public InstitutionDayStats Build() => new(
        institutionCode,
        day,
        _requests.Count,
        _lines,
        _valid,
        _pass,
        _warn,
        _reject,
        new Dictionary<string, long>(_rules),
        _amount,
        _rejected,
        _overCap,
        _failing.OrderByDescending(p => p.Value).ThenBy(p => p.Key.Local, StringComparer.Ordinal).ThenBy(p => p.Key.Rule, StringComparer.Ordinal)
            .Take(TopCodes).Select(p => new LocalCodeCount(p.Key.Local, p.Key.Rule, p.Value)).ToList());
}
