namespace ValidationGateway.Core.Actors;

/// <summary>Bounds of the cross-batch memory each institution actor keeps (configuration section <c>Validation:VisitMemory</c>).</summary>
public sealed class VisitMemoryOptions
{
    /// <summary>How long a visit or patient-day is remembered after its last batch. Default 48 hours.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Most visits remembered per institution actor; the least recently used go first. Default 200,000.</summary>
    public int MaxVisits { get; set; } = 200_000;

    /// <summary>Most patient-days remembered per institution actor. Default 200,000.</summary>
    public int MaxPatientDays { get; set; } = 200_000;

    /// <summary>Errors naming each bad setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Ttl <= TimeSpan.Zero)
        {
            errors.Add($"Validation:VisitMemory:Ttl must be positive (was {Ttl})");
        }

        if (MaxVisits < 1)
        {
            errors.Add($"Validation:VisitMemory:MaxVisits must be at least 1 (was {MaxVisits})");
        }

        if (MaxPatientDays < 1)
        {
            errors.Add($"Validation:VisitMemory:MaxPatientDays must be at least 1 (was {MaxPatientDays})");
        }

        return errors;
    }
}
