using System.Collections.Frozen;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Core.Catalog;

/// <summary>The national tables of one published catalog version, held in memory.</summary>
/// <remarks>
/// Immutable once built and shared by every institution on the version: readers never lock. Lookups by
/// <see cref="ReadOnlySpan{T}"/> allocate nothing. A code may have several rows (different validity periods);
/// they are chained so a lookup as of a date walks only that code's rows.
/// </remarks>
public sealed class CatalogSnapshot
{
    private readonly FrozenDictionary<string, int> _index;
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly CatalogEntry[] _entries;
    private readonly string[] _names;
    private readonly PriceCaps[] _prices;
    private readonly long[] _countsByKind;

    private CatalogSnapshot(string version, FrozenDictionary<string, int> index, CatalogEntry[] entries, string[] names, PriceCaps[] prices, long[] countsByKind, KnowledgeBase knowledge)
    {
        Version = version;
        Knowledge = knowledge;
        _index = index;
        _lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        _entries = entries;
        _names = names;
        _prices = prices;
        _countsByKind = countsByKind;
    }

    /// <summary>The catalog version label.</summary>
    public string Version { get; }

    /// <summary>The version's knowledge points (rule library), compiled.</summary>
    public KnowledgeBase Knowledge { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => _entries.Length;

    /// <summary>Number of distinct codes.</summary>
    public int CodeCount => _index.Count;

    /// <summary>Rows of one kind.</summary>
    public long CountOf(CatalogItemKind kind) => _countsByKind[(int)kind];

    /// <summary>Builds a snapshot from catalog rows (any order).</summary>
    public static CatalogSnapshot Build(string version, IEnumerable<CatalogRow> rows, IReadOnlyCollection<KnowledgePoint>? knowledge = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentNullException.ThrowIfNull(rows);
        var builder = new Builder();
        foreach (var row in rows)
        {
            builder.Add(row);
        }

        return builder.Build(version, KnowledgeBase.Build(knowledge ?? []));
    }

    /// <summary>Builds a snapshot from a stream of rows, e.g. straight from the store.</summary>
    public static async Task<CatalogSnapshot> BuildAsync(string version, IAsyncEnumerable<CatalogRow> rows, IReadOnlyCollection<KnowledgePoint> knowledge, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentNullException.ThrowIfNull(rows);
        var builder = new Builder();
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            builder.Add(row);
        }

        return builder.Build(version, KnowledgeBase.Build(knowledge));
    }

    /// <summary>True when the code has any row in this version.</summary>
    public bool Contains(ReadOnlySpan<char> code) => _lookup.ContainsKey(code);

    /// <summary>Looks a code up as of a calendar date.</summary>
    /// <param name="code">The national code.</param>
    /// <param name="date">The fee date.</param>
    /// <param name="item">The row valid on the date; default unless the result is <see cref="CatalogLookupResult.Valid"/>.</param>
    public CatalogLookupResult Lookup(ReadOnlySpan<char> code, DateOnly date, out CatalogItemView item)
    {
        if (!_lookup.TryGetValue(code, out var i))
        {
            item = default;
            return CatalogLookupResult.NotFound;
        }

        var day = date.DayNumber;
        for (; i >= 0; i = _entries[i].Next)
        {
            if (_entries[i].IsValidOn(day))
            {
                item = new CatalogItemView(this, i);
                return CatalogLookupResult.Valid;
            }
        }

        item = default;
        return CatalogLookupResult.NotValidOnDate;
    }

    /// <summary>Finds any row of a code regardless of date (the first imported), for data that does not depend on the date.</summary>
    public bool TryGetAny(ReadOnlySpan<char> code, out CatalogItemView item)
    {
        if (_lookup.TryGetValue(code, out var i))
        {
            item = new CatalogItemView(this, i);
            return true;
        }

        item = default;
        return false;
    }

    internal ref readonly CatalogEntry EntryAt(int index) => ref _entries[index];

    internal string NameAt(int index) => _names[index];

    internal PriceCaps PricesAt(int priceIndex) => priceIndex < 0 ? default : _prices[priceIndex];

    private sealed class Builder
    {
        private readonly Dictionary<string, int> _first = new(StringComparer.Ordinal);
        private readonly List<CatalogRow> _rows = [];

        public void Add(CatalogRow row) => _rows.Add(row);

        public CatalogSnapshot Build(string version, KnowledgeBase knowledge)
        {
            var entries = new CatalogEntry[_rows.Count];
            var names = new string[_rows.Count];
            var prices = new List<PriceCaps>();
            var counts = new long[Enum.GetValues<CatalogItemKind>().Length + 1];

            // Walk backwards so each code's chain keeps file order: the first row imported is found first.
            for (var i = _rows.Count - 1; i >= 0; i--)
            {
                var row = _rows[i];
                var next = _first.TryGetValue(row.Code, out var head) ? head : -1;
                var caps = new PriceCaps(row.PriceCap, row.Level1Price, row.Level2Price, row.Level3Price);
                var priceIndex = -1;
                if (!caps.IsEmpty)
                {
                    priceIndex = prices.Count;
                    prices.Add(caps);
                }

                entries[i] = new CatalogEntry(row, next, priceIndex);
                names[i] = row.Name;
                _first[row.Code] = i;
                counts[(int)row.Kind]++;
            }

            return new CatalogSnapshot(version, _first.ToFrozenDictionary(StringComparer.Ordinal), entries, names, [.. prices], counts, knowledge);
        }
    }
}
