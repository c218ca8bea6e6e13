using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Compliance;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Compliance;

/// <summary>
/// The compliance numbers, added up from the store's audit trail (so they equal what clients sent, each request id
/// once), with the 贯标 quality-control rates from the institutions' mapping tables. Institutions without traffic
/// appear with zeros.
/// </summary>
internal sealed class StoreComplianceReports(IGatewayStore store) : IComplianceReports
{
    public async Task<IReadOnlyList<InstitutionDayReport>> GetDailyAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var institutions = await store.ListInstitutionsAsync(cancellationToken).ConfigureAwait(false);
        var builders = await AddUpAsync(day, day, null, cancellationToken).ConfigureAwait(false);
        var flagged = await FlaggedCodesAsync(cancellationToken).ConfigureAwait(false);
        var reports = new List<InstitutionDayReport>(institutions.Count);
        foreach (var institution in institutions)
        {
            var mappings = await store.GetMappingsAsync(institution.Code, cancellationToken).ConfigureAwait(false);
            reports.Add(Report(institution, day, builders.GetValueOrDefault((institution.Code, day)), mappings, flagged));
        }

        return reports;
    }

    public async Task<IReadOnlyList<InstitutionDayReport>> GetInstitutionRangeAsync(string institutionCode, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var institution = await store.GetInstitutionAsync(institutionCode, cancellationToken).ConfigureAwait(false)
            ?? throw new StoreNotFoundException($"institution {institutionCode} is not registered");
        if (lastDay < firstDay || lastDay.DayNumber - firstDay.DayNumber > 366)
        {
            throw new ArgumentException("the range must run forwards and span at most 367 days");
        }

        var builders = await AddUpAsync(firstDay, lastDay, institutionCode, cancellationToken).ConfigureAwait(false);
        var mappings = await store.GetMappingsAsync(institutionCode, cancellationToken).ConfigureAwait(false);
        var flagged = await FlaggedCodesAsync(cancellationToken).ConfigureAwait(false);
        var reports = new List<InstitutionDayReport>();
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            reports.Add(Report(institution, day, builders.GetValueOrDefault((institutionCode, day)), mappings, flagged));
        }

        return reports;
    }

    private async Task<Dictionary<(string, DateOnly), InstitutionDayStatsBuilder>> AddUpAsync(DateOnly firstDay, DateOnly lastDay, string? institutionCode, CancellationToken cancellationToken)
    {
        var builders = new Dictionary<(string, DateOnly), InstitutionDayStatsBuilder>();
        await foreach (var row in store.ReadAuditLinesAsync(firstDay, lastDay, institutionCode, cancellationToken).ConfigureAwait(false))
        {
            var key = (row.InstitutionCode, row.Day);
            if (!builders.TryGetValue(key, out var builder))
            {
                builders[key] = builder = new InstitutionDayStatsBuilder(row.InstitutionCode, row.Day);
            }

            builder.Add(row);
        }

        return builders;
    }

    /// <summary>National codes the current catalog flags by policy: restricted use, or class C (self-pay).</summary>
    private async Task<HashSet<string>> FlaggedCodesAsync(CancellationToken cancellationToken)
    {
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        if (await store.GetCurrentCatalogVersionNameAsync(cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return flagged;
        }

        await foreach (var row in store.ReadCatalogRowsAsync(current, cancellationToken).ConfigureAwait(false))
        {
            if (row.RestrictedUse || row.ChargeLevel == "03")
            {
                flagged.Add(row.Code);
            }
        }

        return flagged;
    }

    private static InstitutionDayReport Report(InstitutionRecord institution, DateOnly day, InstitutionDayStatsBuilder? builder, IReadOnlyList<MappingRow> mappings, HashSet<string> flagged)
    {
        var stats = builder?.Build() ?? InstitutionDayStats.Empty(institution.Code, day);
        var mappedLocal = mappings.Select(m => m.LocalCode).ToHashSet(StringComparer.Ordinal);
        var sent = builder?.LocalCodes;
        var mappingRate = sent is { Count: > 0 } ? (double)sent.Count(mappedLocal.Contains) / sent.Count : 0;
        var flagRate = mappings.Count > 0 ? (double)mappings.Count(m => flagged.Contains(m.NationalCode)) / mappings.Count : 0;
        return new InstitutionDayReport(institution, stats, mappingRate, flagRate);
    }
}
