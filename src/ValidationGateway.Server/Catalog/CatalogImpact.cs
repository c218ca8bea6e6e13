using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Catalog;

/// <summary>
/// Replays the requests recorded on one day against a catalog version (draft or published) and against the version
/// each was answered with, and counts per institution the lines whose verdict would get worse or better, and why.
/// </summary>
/// <remarks>
/// Both sides judge each request alone (no cross-batch memory), with the institution's mappings and practitioners as
/// the store has them now, so the only difference between the two runs is the catalog version: duplicate and
/// frequency findings that depended on earlier batches are left out of both. Requests stream from the store; only
/// the snapshots (one per version met) and the reference data of the institutions seen are held.
/// </remarks>
internal sealed class CatalogImpact(IGatewayStore store, BatchValidator validator)
{
    private readonly Dictionary<string, CatalogSnapshot?> _snapshots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstitutionReferenceData?> _references = new(StringComparer.Ordinal);
    private readonly BatchOutcome _before = new();
    private readonly BatchOutcome _after = new();

    public async Task<CatalogImpactReport> ComputeAsync(string version, DateOnly day, CancellationToken cancellationToken)
    {
        var target = await CatalogSnapshotLoader.LoadAsync(store, version, cancellationToken).ConfigureAwait(false);
        _snapshots[version] = target;
        var report = new CatalogImpactReport(version, day);
        await foreach (var bytes in store.ReadAuditRequestsAsync(day, cancellationToken).ConfigureAwait(false))
        {
            var request = ValidateRequest.Parser.ParseFrom(bytes);
            var impact = report.Institution(request.FixmedinsCode);
            var answered = await store.GetAuditResponseAsync(request.FixmedinsCode, request.RequestId, cancellationToken).ConfigureAwait(false);
            var original = answered is null ? request.CatalogVersion : ValidateResponse.Parser.ParseFrom(answered).CatalogVersion;
            var before = original.Length == 0 ? null : await SnapshotAsync(original, cancellationToken).ConfigureAwait(false);
            var reference = await ReferenceAsync(request.FixmedinsCode, cancellationToken).ConfigureAwait(false);
            if (before is null || reference is null)
            {
                impact.Skipped++;
                report.SkipReasons.Add(before is null ? $"{request.RequestId}: original catalog version '{original}' is no longer in the store" : $"{request.RequestId}: institution not registered");
                continue;
            }

            report.Versions.Add(original);
            validator.Validate(request, before, reference, memory: null, _before);
            validator.Validate(request, target, reference, memory: null, _after);
            impact.Batches++;
            for (var i = 0; i < _after.LineCount; i++)
            {
                Compare(impact, i);
            }
        }

        return report;
    }

    private void Compare(InstitutionImpact impact, int line)
    {
        impact.Lines++;
        var was = _before.Line(line).Verdict;
        var now = _after.Line(line).Verdict;
        if (now == was)
        {
            return;
        }

        if ((int)now > (int)was)
        {
            impact.NewlyFailing++;
            if (was == Verdict.Pass)
            {
                impact.PassToFail++;
            }

            CountRules(impact.NewFindings, _after, _before, line);
        }
        else
        {
            impact.NewlyPassing++;
            CountRules(impact.ClearedFindings, _before, _after, line);
        }
    }

    // Rules that the line has in one outcome and not in the other: why its verdict moved.
    private static void CountRules(SortedDictionary<string, long> counts, BatchOutcome has, BatchOutcome lacks, int line)
    {
        foreach (var finding in has.Findings)
        {
            if (finding.Line != line || finding.Severity is not (Severity.Error or Severity.Warning) || HasRule(lacks, line, finding.Rule))
            {
                continue;
            }

            var name = RuleIds.NameOf(finding.Rule);
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }
    }

    private static bool HasRule(BatchOutcome outcome, int line, RuleId rule)
    {
        foreach (var finding in outcome.Findings)
        {
            if (finding.Line == line && finding.Rule == rule)
            {
                return true;
            }
        }

        return false;
    }

    private async Task<CatalogSnapshot?> SnapshotAsync(string version, CancellationToken cancellationToken)
    {
        if (!_snapshots.TryGetValue(version, out var snapshot))
        {
            snapshot = await store.GetCatalogVersionAsync(version, cancellationToken).ConfigureAwait(false) is null
                ? null
                : await CatalogSnapshotLoader.LoadAsync(store, version, cancellationToken).ConfigureAwait(false);
            _snapshots[version] = snapshot;
        }

        return snapshot;
    }

    private async Task<InstitutionReferenceData?> ReferenceAsync(string code, CancellationToken cancellationToken)
    {
        if (!_references.TryGetValue(code, out var reference))
        {
            var institution = await store.GetInstitutionAsync(code, cancellationToken).ConfigureAwait(false);
            reference = institution is null ? null : new InstitutionReferenceData(institution,
                await store.GetMappingsAsync(code, cancellationToken).ConfigureAwait(false),
                await store.GetPractitionersAsync(code, cancellationToken).ConfigureAwait(false),
                validator.Codes);
            _references[code] = reference;
        }

        return reference;
    }
}
