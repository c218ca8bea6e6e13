using System.Runtime.InteropServices;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Catalog;

/// <summary>What changed between two stored catalog versions, per kind: rows added, removed and changed, field by field.</summary>
/// <remarks>
/// A row is identified by (kind, code, begndate), the key an import keeps unique; a row whose begndate moved is
/// therefore one removed and one added. The older version is held as one small fingerprint per row (64-bit hashes of
/// name and caps, dates and flags), the newer one streamed against it, and both are read once more only for the
/// example rows, so memory stays near 130 bytes a row at national scale.
/// </remarks>
internal static class CatalogDiff
{
    public static async Task<CatalogDiffReport> ComputeAsync(IGatewayStore store, string from, string to, int examples, CancellationToken cancellationToken)
    {
        await CatalogSnapshotLoader.RequireAsync(store, from, cancellationToken).ConfigureAwait(false);
        await CatalogSnapshotLoader.RequireAsync(store, to, cancellationToken).ConfigureAwait(false);

        var old = new Dictionary<RowKey, Fingerprint>();
        await foreach (var row in store.ReadCatalogRowsAsync(from, cancellationToken).ConfigureAwait(false))
        {
            old[RowKey.Of(row)] = Fingerprint.Of(row);
        }

        var kinds = new SortedDictionary<CatalogItemKind, CatalogKindDiff>();
        CatalogKindDiff KindOf(CatalogItemKind kind)
        {
            if (!kinds.TryGetValue(kind, out var diff))
            {
                kinds[kind] = diff = new CatalogKindDiff(kind);
            }

            return diff;
        }

        var wanted = new Dictionary<RowKey, CatalogRowChange>();
        await foreach (var row in store.ReadCatalogRowsAsync(to, cancellationToken).ConfigureAwait(false))
        {
            var key = RowKey.Of(row);
            var diff = KindOf(row.Kind);
            ref var before = ref CollectionsMarshal.GetValueRefOrNullRef(old, key);
            if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref before))
            {
                diff.Added++;
                if (diff.AddedExamples.Count < examples)
                {
                    diff.AddedExamples.Add(new CatalogRowChange(null, row, CatalogFields.None));
                }

                continue;
            }

            before.Seen = true;
            var fields = before.Compare(Fingerprint.Of(row));
            if (fields == CatalogFields.None)
            {
                diff.Unchanged++;
                continue;
            }

            diff.Changed++;
            diff.Count(fields);
            if (diff.ChangedExamples.Count < examples)
            {
                var change = new CatalogRowChange(null, row, fields);
                diff.ChangedExamples.Add(change);
                wanted[key] = change;
            }
        }

        foreach (var (key, print) in old)
        {
            if (print.Seen)
            {
                continue;
            }

            var diff = KindOf(key.Kind);
            diff.Removed++;
            if (diff.RemovedExamples.Count < examples)
            {
                var change = new CatalogRowChange(null, null, CatalogFields.None);
                diff.RemovedExamples.Add(change);
                wanted[key] = change;
            }
        }

        // The examples' old rows: one more pass over the older version, keeping only those rows.
        if (wanted.Count > 0)
        {
            await foreach (var row in store.ReadCatalogRowsAsync(from, cancellationToken).ConfigureAwait(false))
            {
                if (wanted.TryGetValue(RowKey.Of(row), out var change))
                {
                    change.Before = row;
                }
            }
        }

        return new CatalogDiffReport(from, to, [.. kinds.Values]);
    }

    private readonly record struct RowKey(CatalogItemKind Kind, string Code, int BeginDay)
    {
        public static RowKey Of(CatalogRow row) => new(row.Kind, row.Code, row.BeginDate?.DayNumber ?? int.MinValue);
    }

    private struct Fingerprint
    {
        public ulong Name;
        public ulong Caps;
        public int EndDay;
        public bool Valid;
        public bool Restricted;
        public ulong ChargeLevel;
        public bool Seen;

        public static Fingerprint Of(CatalogRow row) => new()
        {
            Name = Fnv(row.Name),
            Caps = Fnv(string.Join('|', row.PriceCap, row.Level1Price, row.Level2Price, row.Level3Price)),
            EndDay = row.EndDate?.DayNumber ?? int.MaxValue,
            Valid = row.Valid,
            Restricted = row.RestrictedUse,
            ChargeLevel = Fnv(row.ChargeLevel),
        };

        public readonly CatalogFields Compare(in Fingerprint after)
        {
            var fields = CatalogFields.None;
            fields |= Name != after.Name ? CatalogFields.Name : 0;
            fields |= EndDay != after.EndDay ? CatalogFields.Dates : 0;
            fields |= Valid != after.Valid ? CatalogFields.ValiFlag : 0;
            fields |= ChargeLevel != after.ChargeLevel ? CatalogFields.ChargeLevel : 0;
            fields |= Restricted != after.Restricted ? CatalogFields.Restricted : 0;
            fields |= Caps != after.Caps ? CatalogFields.Caps : 0;
            return fields;
        }

        // FNV-1a, 64 bits: stable across processes, and 1.4M rows make a collision (a missed change) about 1 in 10^7.
        private static ulong Fnv(string text)
        {
            var hash = 14695981039346656037UL;
            foreach (var c in text)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }

            return hash;
        }
    }
}
