using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Core.Institutions;

/// <summary>One institution's approved mappings, packed: what <see cref="InstitutionReferenceData.MappingsOf"/> reads.</summary>
/// <remarks>
/// Immutable once built; readers never lock and lookups allocate nothing. Sized for every institution being resident
/// at national scale (2,000 × 2,500 mappings, docs/national-scale.md): about 35 bytes a mapping against ~212 with a
/// <c>FrozenDictionary&lt;string, MappingEntry[]&gt;</c>.
/// <para>
/// One byte array holds a group per distinct local code: the local code's length and nibble-packed bytes
/// (<see cref="CatalogKeyCodec"/>), then one record per mapping of that code by begin date (open first, as the
/// store orders them): a flag byte (item type, effective item type, dates present, national code not packed), the national
/// code's length and packed bytes, and begin and end day numbers only when the mapping has a date. A group is found
/// through one <c>uint</c> offset and an open-addressing index of <c>uint</c>s (24-bit group number + 8-bit hash
/// tag, load ≤ 0.75), as in <see cref="CatalogSnapshot"/>. Codes that cannot be packed (non-ASCII, over
/// <see cref="CatalogKeyCodec.MaxChars"/> characters) go to side tables: local codes to a dictionary searched by span,
/// national codes to a string array the record points at. The local item name is not kept: no rule reads it.
/// </para>
/// </remarks>
internal sealed partial class MappingTable
{
    internal const byte TypeMask = 0x07;
    internal const int EffectiveShift = 3;
    internal const byte EffectiveUnknown = 0x07;
    internal const byte DatesFlag = 0x40;
    internal const byte RawNationalFlag = 0x80;
    private const int MaxGroups = 0xFF_FFFF;

    private readonly byte[] _data;
    private readonly uint[] _groupStart;
    private readonly uint[] _slots;
    private readonly string[] _rawNational;
    private readonly Dictionary<string, int> _unpacked;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _unpackedLookup;

    private MappingTable(byte[] data, uint[] groupStart, uint[] slots, string[] rawNational, Dictionary<string, int> unpacked, int count)
    {
        _data = data;
        _groupStart = groupStart;
        _slots = slots;
        _rawNational = rawNational;
        _unpacked = unpacked;
        _unpackedLookup = unpacked.GetAlternateLookup<ReadOnlySpan<char>>();
        Count = count;
    }

    /// <summary>An empty table.</summary>
    public static MappingTable Empty { get; } = new Builder().Build();

    /// <summary>Number of mappings.</summary>
    public int Count { get; }

    /// <summary>Number of distinct local codes.</summary>
    public int LocalCodeCount => _groupStart.Length - 1;

    /// <summary>Bytes held by the arrays and side tables: what the packed layout costs (not counting this object).</summary>
    public long TableBytes
    {
        get
        {
            long bytes = _data.Length + (_groupStart.Length * 4L) + (_slots.Length * 4L) + (_rawNational.Length * 8L);
            foreach (var code in _rawNational)
            {
                bytes += 22 + (code.Length * 2L);
            }

            foreach (var code in _unpacked.Keys)
            {
                bytes += 24 + 22 + (code.Length * 2L);
            }

            return bytes;
        }
    }

    internal byte[] Data => _data;

    /// <summary>The mappings of a local code (all periods); empty when it has none.</summary>
    public MappingList Find(ReadOnlySpan<char> localCode)
    {
        if (!TryFindGroup(localCode, out var group))
        {
            return default;
        }

        var start = (int)_groupStart[group];
        return new MappingList(this, start + 1 + _data[start], (int)_groupStart[group + 1]);
    }

    internal string RawNational(int index) => _rawNational[index];

    private bool TryFindGroup(ReadOnlySpan<char> code, out int group)
    {
        Span<byte> buffer = stackalloc byte[CatalogKeyCodec.BufferSize];
        var length = CatalogKeyCodec.Encode(code, buffer);
        if (length <= 0)
        {
            // Unpackable and empty local codes live in the side table (the builder puts them there).
            group = -1;
            return _unpacked.Count > 0 && _unpackedLookup.TryGetValue(code, out group);
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
                group = -1;
                return false;
            }

            if ((slot & 0xFF00_0000) == tag)
            {
                var g = (int)(slot & MaxGroups) - 1;
                var start = (int)_groupStart[g];
                if (_data[start] == length && _data.AsSpan(start + 1, length).SequenceEqual(key))
                {
                    group = g;
                    return true;
                }
            }

            if (++i == slots.Length)
            {
                i = 0;
            }
        }
    }

    /// <summary>Bytes of the record at <paramref name="offset"/>: flag, national length and bytes, dates when present.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int RecordLength(byte[] data, int offset) => 2 + data[offset + 1] + ((data[offset] & DatesFlag) != 0 ? 8 : 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ReadDay(byte[] data, int offset) => BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset, 4));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SlotOf(uint hash, int capacity) => (int)(((ulong)hash * (uint)capacity) >> 32);

    // As in CatalogSnapshot: the low byte of the hash screens out most probes without touching the keys.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint TagOf(uint hash) => (hash & 0xFF) << 24;
}
