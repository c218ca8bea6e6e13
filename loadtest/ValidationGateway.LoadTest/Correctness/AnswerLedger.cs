using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Correctness;

/// <summary>Per institution, the answers received over the whole run (warm-up included), counted as the gateway's
/// audit trail counts them; compared with the gateway's own report by <see cref="AuditReconciliation"/>.</summary>
/// <remarks>Thread-safe (one lock); called once per OK answer.</remarks>
internal sealed class AnswerLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AuditCounts> _byInstitution = new(StringComparer.Ordinal);
    private long _replayed;

    /// <summary>Answers marked <c>replayed</c>: a stored answer sent again, which the audit trail holds once.</summary>
    public long Replayed
    {
        get
        {
            lock (_gate)
            {
                return _replayed;
            }
        }
    }

    public void Record(string institution, ValidateResponse response)
    {
        ArgumentNullException.ThrowIfNull(institution);
        ArgumentNullException.ThrowIfNull(response);
        lock (_gate)
        {
            if (response.Replayed)
            {
                _replayed++;
                return;
            }

            if (!_byInstitution.TryGetValue(institution, out var counts))
            {
                _byInstitution[institution] = counts = new AuditCounts();
            }

            counts.AddAnswer(response);
        }
    }

    /// <summary>The counts of <paramref name="institution"/> (empty if nothing was answered for it).</summary>
    public AuditCounts Of(string institution)
    {
        lock (_gate)
        {
            return _byInstitution.TryGetValue(institution, out var counts) ? counts.Minus(new AuditCounts()) : new AuditCounts();
        }
    }
}
