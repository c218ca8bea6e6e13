using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Catalog;

/// <summary>Loads every institution's reference data at once: one scan of all mappings in storage order, each institution built as its run of rows streams by.</summary>
/// <remarks>
/// For measuring and tools that need every institution resident. A gateway still activates institutions one at a
/// time, on their first batch (<c>ValidationEngine</c>); this is what loading all of them up front costs, with two
/// store reads instead of two per institution (plus one for each institution whose rows are not stored together).
/// </remarks>
internal static class InstitutionReferenceLoader
{
    public static async Task<IReadOnlyList<InstitutionReferenceData>> LoadAllAsync(IGatewayStore store, CodeFormatProfile codes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(codes);
        var institutions = await store.ListInstitutionsAsync(cancellationToken).ConfigureAwait(false);
        var practitioners = new Dictionary<string, List<PractitionerRow>>(StringComparer.Ordinal);
        await foreach (var practitioner in store.ReadAllPractitionersAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!practitioners.TryGetValue(practitioner.InstitutionCode, out var list))
            {
                practitioners.Add(practitioner.InstitutionCode, list = []);
            }

            list.Add(practitioner);
        }

        var registered = institutions.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var loaded = new Dictionary<string, InstitutionReferenceData>(StringComparer.Ordinal);
        var fragmented = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<MappingRow>();
        string? current = null;
        var skip = false;
        await foreach (var row in store.ReadAllMappingsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!string.Equals(row.InstitutionCode, current, StringComparison.Ordinal))
            {
                Complete(current, skip);
                current = row.InstitutionCode;

                // Rows come in storage order: an institution imported in one call is one run, but rows upserted later
                // come after other institutions'. Such an institution is read again on its own below.
                skip = loaded.ContainsKey(current) || fragmented.Contains(current);
                if (skip)
                {
                    fragmented.Add(current);
                }
            }

            if (!skip)
            {
                rows.Add(row);
            }
        }

        Complete(current, skip);
        foreach (var code in fragmented)
        {
            if (registered.TryGetValue(code, out var institution))
            {
                loaded[code] = Build(institution, await store.GetMappingsAsync(code, cancellationToken).ConfigureAwait(false));
            }
        }

        // Institutions without any mapping, in the registry's order with the others.
        var result = new List<InstitutionReferenceData>(institutions.Count);
        foreach (var institution in institutions)
        {
            result.Add(loaded.TryGetValue(institution.Code, out var reference) ? reference : Build(institution, []));
        }

        return result;

        void Complete(string? code, bool skipped)
        {
            // The store's foreign key makes every mapping's institution registered; rows of an unknown one are not servable anyway.
            if (code is not null && !skipped && registered.TryGetValue(code, out var institution))
            {
                loaded[code] = Build(institution, rows);
            }

            rows.Clear();
        }

        InstitutionReferenceData Build(InstitutionRecord institution, IEnumerable<MappingRow> mappings) =>
            new(institution, mappings, practitioners.TryGetValue(institution.Code, out var list) ? list : [], codes);
    }
}
