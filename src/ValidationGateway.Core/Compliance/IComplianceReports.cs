namespace ValidationGateway.Core.Compliance;

/// <summary>The administrators' numbers, read from the audit trail: a day across institutions, or one institution over a range.</summary>
public interface IComplianceReports
{
    /// <summary>Every registered institution on <paramref name="day"/> (institutions without traffic included, with zeros).</summary>
    Task<IReadOnlyList<InstitutionDayReport>> GetDailyAsync(DateOnly day, CancellationToken cancellationToken);

    /// <summary>One institution, one report per day from <paramref name="firstDay"/> to <paramref name="lastDay"/> inclusive (days without traffic included).</summary>
    Task<IReadOnlyList<InstitutionDayReport>> GetInstitutionRangeAsync(string institutionCode, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken);
}
