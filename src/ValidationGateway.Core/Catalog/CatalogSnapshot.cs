using System.Runtime.CompilerServices;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Core.Catalog;

/// <summary>The national tables of one published catalog version, held in memory.</summary>
/// <remarks>
/// Immutable once built and shared by every institution on the version: readers never lock. Lookups by
/// <see cref="ReadOnlySpan{T}"/> allocate nothing. A code may have several rows (different validity periods); a
/// lookup as of a date walks only that code's rows, in import order.
/// <para>
/// Packed for national scale (docs/national-scale.md): codes as nibbles in one byte array (<see cref="CatalogKeyCodec"/>)
/// with one offset each, an open-addressing index of uints (24-bit code number + 8-bit hash tag, load ≤ 0.75), and
/// per row one flag byte, two 16-bit dates and the number of a shared (name, price caps) detail. Row i &lt; CodeCount
/// is code i's first row; further periods of a code sit after them, found through a sorted table. About 36 bytes per
/// code at national scale, against ~250 with a <c>FrozenDictionary&lt;string,int&gt;</c> and a row object per row.
/// </para>
/// </remarks>
public sealed partial class CatalogSnapshot
{
    private const byte KindMask = 0x07;
    private const byte ValidFlag = 0x08;
    private const int LevelShift = 4;
    private const byte RestrictedFlag = 0x40;
    private const byte MoreRowsFlag = 0x80;
    private const ushort OpenEnd = ushort.MaxValue;
    private const ushort WideDates = ushort.MaxValue;
    private const int MaxCodes = 0xFF_FFFF;

    /// <summary>Dates are stored as days since 1949-12-31 (1 = 1950-01-01), so 1950..2129 fit in 16 bits.</summary>
    private static readonly int DayBase = new DateOnly(1950, 1, 1).DayNumber - 1;

    private readonly byte[] _keys;
    private readonly uint[] _keyOffsets;
    private readonly uint[] _slots;
    private readonly byte[] _flags;
    private readonly ushort[] _begin;
    private readonly ushort[] _end;
    private readonly int[] _detail;
    private readonly int[] _moreCodes;
    private readonly int[] _moreStart;
    private readonly char[] _nameChars;
    private readonly int[] _nameOffsets;
    private readonly PriceCaps[] _caps;
    private readonly Dictionary<int, (int Begin, int End)> _wideDates;
    private readonly Dictionary<string, int> _unpacked;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _unpackedLookup;
    private readonly long[] _countsByKind;

    /// <summary>The catalog version label.</summary>
    public string Version { get; }

    /// <summary>The version's knowledge points (rule library), compiled.</summary>
    public KnowledgeBase Knowledge { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => _flags.Length;

    /// <summary>Number of distinct codes.</summary>
    public int CodeCount => _keyOffsets.Length - 1;

    /// <summary>Rows of one kind.</summary>
    public long CountOf(CatalogItemKind kind) => _countsByKind[(int)kind];

    /// <summary>Bytes held by the code tables and rows (arrays and shared details, not the knowledge points): what the packed layout costs.</summary>
    public long TableBytes
    {
        get
        {
            long bytes = _keys.Length + (_keyOffsets.Length * 4L) + (_slots.Length * 4L) + _flags.Length + (_begin.Length * 2L) + (_end.Length * 2L)
                + (_detail.Length * 4L) + (_moreCodes.Length * 4L) + (_moreStart.Length * 4L) + (_nameChars.Length * 2L) + (_nameOffsets.Length * 4L) + (_caps.Length * (long)Unsafe.SizeOf<PriceCaps>());
            return bytes + (_wideDates.Count * 24L) + (_unpacked.Count * 24L);
        }
    }

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

    /// <summary>Builds a snapshot from a stream of rows, e.g. straight from the store; rows are packed as they arrive, none is kept.</summary>
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
    public bool Contains(ReadOnlySpan<char> code) => TryFindCode(code, out _);

    /// <summary>Looks a code up as of a calendar date.</summary>
    /// <param name="code">The national code.</param>
    /// <param name="date">The fee date.</param>
    /// <param name="item">The row valid on the date; default unless the result is <see cref="CatalogLookupResult.Valid"/>.</param>
    public CatalogLookupResult Lookup(ReadOnlySpan<char> code, DateOnly date, out CatalogItemView item)
    {
        if (!TryFindCode(code, out var c))
        {
            item = default;
            return CatalogLookupResult.NotFound;
        }

        var day = date.DayNumber;
        if (IsValidOn(c, day))
        {
            item = new CatalogItemView(this, c);
            return CatalogLookupResult.Valid;
        }

        if ((_flags[c] & MoreRowsFlag) != 0)
        {
            var k = Array.BinarySearch(_moreCodes, c);
            for (var row = _moreStart[k]; row < _moreStart[k + 1]; row++)
            {
                if (IsValidOn(row, day))
                {
                    item = new CatalogItemView(this, row);
                    return CatalogLookupResult.Valid;
                }
            }
        }

        item = default;
        return CatalogLookupResult.NotValidOnDate;
    }

    /// <summary>Finds any row of a code regardless of date (the first imported), for data that does not depend on the date.</summary>
    public bool TryGetAny(ReadOnlySpan<char> code, out CatalogItemView item) => TryGetAny(code, out item, out _);

    /// <summary>Finds any row of a code regardless of date (the first imported), and says whether it is the code's only row.</summary>
    /// <param name="code">The national code.</param>
    /// <param name="item">The first imported row; default when the code has none.</param>
    /// <param name="onlyRow">True when the code has this one row, so its class, caps and restriction hold on any date.</param>
    public bool TryGetAny(ReadOnlySpan<char> code, out CatalogItemView item, out bool onlyRow)
    {
        if (TryFindCode(code, out var c))
        {
            item = new CatalogItemView(this, c);
            onlyRow = (_flags[c] & MoreRowsFlag) == 0;
            return true;
        }

        item = default;
        onlyRow = false;
        return false;
    }

    internal CatalogItemKind KindAt(int row) => (CatalogItemKind)(_flags[row] & KindMask);

    internal byte ChargeLevelAt(int row) => (byte)((_flags[row] >> LevelShift) & 0x3);

    internal bool RestrictedAt(int row) => (_flags[row] & RestrictedFlag) != 0;

    internal string NameAt(int row)
    {
        var d = _detail[row];
        return new string(_nameChars, _nameOffsets[d], _nameOffsets[d + 1] - _nameOffsets[d]);
    }

    internal PriceCaps PricesAt(int row) => _caps[_detail[row]];

    private bool TryFindCode(ReadOnlySpan<char> code, out int index)
    {
        Span<byte> buffer = stackalloc byte[CatalogKeyCodec.BufferSize];
        var length = CatalogKeyCodec.Encode(code, buffer);
        if (length < 0)
        {
            index = -1;
            return _unpacked.Count > 0 && _unpackedLookup.TryGetValue(code, out index);
        }

        var key = buffer[..length];
        var hash = CatalogKeyCodec.Hash(key);
        var slots = _slots;
        var i = SlotOf(hash, slots.Length);
        var tag = TagOf(hash);
        while (true)
        {
            var slot = slots[i];
            if (slot == 0)
            {
                index = -1;
                return false;
            }

            if ((slot & 0xFF00_0000) == tag)
            {
                var c = (int)(slot & MaxCodes) - 1;
                var start = (int)_keyOffsets[c];
                if ((int)_keyOffsets[c + 1] - start == length && _keys.AsSpan(start, length).SequenceEqual(key))
                {
                    index = c;
                    return true;
                }
            }

            if (++i == slots.Length)
            {
                i = 0;
            }
        }
    }

    private bool IsValidOn(int row, int dayNumber)
    {
        if ((_flags[row] & ValidFlag) == 0)
        {
            return false;
        }

        var begin = _begin[row];
        if (begin == WideDates)
        {
            var (b, e) = _wideDates[row];
            return dayNumber >= b && dayNumber <= e;
        }

        var day = dayNumber - DayBase;
        var end = _end[row];
        return (begin == 0 || day >= begin) && (end == OpenEnd || day <= end);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SlotOf(uint hash, int capacity) => (int)(((ulong)hash * (uint)capacity) >> 32);

    // The low byte of the hash, which the slot (from the high bits) barely depends on, screens out most probes without touching the keys.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint TagOf(uint hash) => (hash & 0xFF) << 24;
}
