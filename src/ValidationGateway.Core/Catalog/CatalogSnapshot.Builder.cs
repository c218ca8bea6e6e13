using ValidationGateway.Core.Actors;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Core.Catalog;

public sealed partial class CatalogSnapshot
{
    private CatalogSnapshot(string version, KnowledgeBase knowledge, Builder b, uint[] slots, int[] moreCodes, int[] moreStart, byte[] flags, ushort[] begin, ushort[] end, int[] detail,
        Dictionary<int, (int Begin, int End)> wideDates)
    {
        Version = version;
        Knowledge = knowledge;
        _keys = b.Keys.AsSpan(0, b.KeyLength).ToArray();
        _keyOffsets = b.KeyOffsets.AsSpan(0, b.CodeCount + 1).ToArray();
        _slots = slots;
        _flags = flags;
        _begin = begin;
        _end = end;
        _detail = detail;
        _moreCodes = moreCodes;
        _moreStart = moreStart;
        _nameChars = b.NameChars.AsSpan(0, b.NameLength).ToArray();
        _nameOffsets = b.NameOffsets.AsSpan(0, b.Caps.Count + 1).ToArray();
        _caps = [.. b.Caps];
        _wideDates = wideDates;
        _unpacked = b.Unpacked;
        _unpackedLookup = b.Unpacked.GetAlternateLookup<ReadOnlySpan<char>>();
        _countsByKind = b.Counts;
    }

    /// <summary>Packs rows as they arrive: a code's first row goes to the primary arrays at the code's number, later rows to a side list.</summary>
    private sealed class Builder
    {
        // (name, caps) hash → detail. Names are packed into one char array, not kept as strings: a national catalog has
        // a million distinct names, and a million strings born during a build are promoted by every collection that
        // runs meanwhile, pausing the requests still served on the old version. A hash collision only costs sharing.
        private readonly Dictionary<ulong, int> _details = [];
        private readonly List<ExtraRow> _extras = [];
        private readonly Dictionary<int, (int Begin, int End)> _primaryWide = [];
        private readonly HashSet<int> _unpackedCodes = [];
        private uint[] _slots = new uint[1024];
        private uint[] _hashes = new uint[256];
        private byte[] _flags = new byte[256];
        private ushort[] _begin = new ushort[256];
        private ushort[] _end = new ushort[256];
        private int[] _detail = new int[256];
        private int _packedCount;

        public byte[] Keys { get; private set; } = new byte[4096];

        public int KeyLength { get; private set; }

        public uint[] KeyOffsets { get; private set; } = new uint[257];

        public int CodeCount { get; private set; }

        /// <summary>Every detail's name, back to back; detail d's is [NameOffsets[d], NameOffsets[d + 1]).</summary>
        public char[] NameChars { get; private set; } = new char[4096];

        public int NameLength { get; private set; }

        public int[] NameOffsets { get; private set; } = new int[257];

        /// <summary>Every detail's price caps; its count is the number of details.</summary>
        public List<PriceCaps> Caps { get; } = [];

        public Dictionary<string, int> Unpacked { get; } = new(StringComparer.Ordinal);

        public long[] Counts { get; } = new long[Enum.GetValues<CatalogItemKind>().Length + 1];

        public void Add(CatalogRow row)
        {
            ArgumentNullException.ThrowIfNull(row);
            var (flags, begin, end, wide) = Pack(row);
            var detail = DetailOf(row);
            Counts[(int)row.Kind]++;

            Span<byte> buffer = stackalloc byte[CatalogKeyCodec.BufferSize];
            var length = CatalogKeyCodec.Encode(row.Code, buffer);
            int code;
            bool isNew;
            if (length >= 0)
            {
                var key = buffer[..length];
                var hash = CatalogKeyCodec.Hash(key);
                isNew = !TryFind(key, hash, out code);
                if (isNew)
                {
                    code = NewCode(key);
                    _hashes = Grow(_hashes, code + 1);
                    _hashes[code] = hash;
                    Insert(_slots, hash, code);
                    if (++_packedCount * 4 > _slots.Length * 3)
                    {
                        _slots = Rehash(_slots.Length * 2);
                    }
                }
            }
            else
            {
                isNew = !Unpacked.TryGetValue(row.Code, out code);
                if (isNew)
                {
                    code = NewCode([]);
                    Unpacked.Add(row.Code, code);
                    _unpackedCodes.Add(code);
                }
            }

            if (isNew)
            {
                EnsureRows(code + 1);
                _flags[code] = flags;
                _begin[code] = begin;
                _end[code] = end;
                _detail[code] = detail;
                if (wide is { } w)
                {
                    _primaryWide[code] = w;
                }
            }
            else
            {
                _flags[code] |= MoreRowsFlag;
                _extras.Add(new ExtraRow(code, _extras.Count, flags, begin, end, detail, wide));
            }
        }

        public CatalogSnapshot Build(string version, KnowledgeBase knowledge)
        {
            if (CodeCount > MaxCodes)
            {
                throw new InvalidOperationException($"a catalog version holds at most {MaxCodes:N0} codes; this one has {CodeCount:N0}");
            }

            // Later periods of a code, grouped by code and kept in import order.
            _extras.Sort(static (a, b) => a.Code != b.Code ? a.Code.CompareTo(b.Code) : a.Sequence.CompareTo(b.Sequence));
            var rows = CodeCount + _extras.Count;
            var flags = new byte[rows];
            var begin = new ushort[rows];
            var end = new ushort[rows];
            var detail = new int[rows];
            _flags.AsSpan(0, CodeCount).CopyTo(flags);
            _begin.AsSpan(0, CodeCount).CopyTo(begin);
            _end.AsSpan(0, CodeCount).CopyTo(end);
            _detail.AsSpan(0, CodeCount).CopyTo(detail);
            var wide = new Dictionary<int, (int Begin, int End)>(_primaryWide);
            var moreCodes = new List<int>();
            var moreStart = new List<int>();
            for (var k = 0; k < _extras.Count; k++)
            {
                var extra = _extras[k];
                var row = CodeCount + k;
                if (moreCodes.Count == 0 || moreCodes[^1] != extra.Code)
                {
                    moreCodes.Add(extra.Code);
                    moreStart.Add(row);
                }

                flags[row] = extra.Flags;
                begin[row] = extra.Begin;
                end[row] = extra.End;
                detail[row] = extra.Detail;
                if (extra.Wide is { } w)
                {
                    wide[row] = w;
                }
            }

            moreStart.Add(rows);

            // The index was grown by doubling; rebuilt once at its final size (load 0.75) it costs ~5 bytes a code, not up to 11.
            var slots = Rehash(Math.Max(4, (int)Math.Min(int.MaxValue, ((long)_packedCount * 4 / 3) + 1)));
            return new CatalogSnapshot(version, knowledge, this, slots, [.. moreCodes], [.. moreStart], flags, begin, end, detail, wide);
        }

        private int DetailOf(CatalogRow row)
        {
            var caps = new PriceCaps(row.PriceCap, row.Level1Price, row.Level2Price, row.Level3Price);
            var key = XxHash64.Hash(row.Name, 0) ^ ((ulong)(uint)caps.GetHashCode() * 0x9E37_79B9_7F4A_7C15UL);
            if (_details.TryGetValue(key, out var found) && Caps[found] == caps
                && NameChars.AsSpan(NameOffsets[found], NameOffsets[found + 1] - NameOffsets[found]).SequenceEqual(row.Name))
            {
                return found;
            }

            var detail = Caps.Count;
            Caps.Add(caps);
            NameChars = Grow(NameChars, NameLength + row.Name.Length);
            row.Name.CopyTo(NameChars.AsSpan(NameLength));
            NameLength += row.Name.Length;
            NameOffsets = Grow(NameOffsets, detail + 2);
            NameOffsets[detail + 1] = NameLength;
            _details.TryAdd(key, detail);
            return detail;
        }

        private int NewCode(ReadOnlySpan<byte> key)
        {
            var code = CodeCount++;
            KeyOffsets = Grow(KeyOffsets, code + 2);
            Keys = Grow(Keys, KeyLength + key.Length);
            key.CopyTo(Keys.AsSpan(KeyLength));
            KeyLength += key.Length;
            KeyOffsets[code + 1] = (uint)KeyLength;
            return code;
        }

        private bool TryFind(ReadOnlySpan<byte> key, uint hash, out int code)
        {
            var i = SlotOf(hash, _slots.Length);
            var tag = TagOf(hash);
            while (_slots[i] != 0)
            {
                var slot = _slots[i];
                if ((slot & 0xFF00_0000) == tag)
                {
                    var c = (int)(slot & MaxCodes) - 1;
                    var start = (int)KeyOffsets[c];
                    if ((int)KeyOffsets[c + 1] - start == key.Length && Keys.AsSpan(start, key.Length).SequenceEqual(key))
                    {
                        code = c;
                        return true;
                    }
                }

                if (++i == _slots.Length)
                {
                    i = 0;
                }
            }

            code = -1;
            return false;
        }

        private static void Insert(uint[] slots, uint hash, int code)
        {
            var i = SlotOf(hash, slots.Length);
            while (slots[i] != 0)
            {
                if (++i == slots.Length)
                {
                    i = 0;
                }
            }

            slots[i] = TagOf(hash) | (uint)(code + 1);
        }

        private uint[] Rehash(int capacity)
        {
            var slots = new uint[capacity];
            for (var c = 0; c < CodeCount; c++)
            {
                if (!_unpackedCodes.Contains(c))
                {
                    Insert(slots, _hashes[c], c);
                }
            }

            return slots;
        }

        private void EnsureRows(int count)
        {
            _flags = Grow(_flags, count);
            _begin = Grow(_begin, count);
            _end = Grow(_end, count);
            _detail = Grow(_detail, count);
        }

        private static T[] Grow<T>(T[] array, int needed)
        {
            if (needed <= array.Length)
            {
                return array;
            }

            var grown = new T[Math.Max(needed, (int)Math.Min(Array.MaxLength, array.Length * 2L))];
            array.CopyTo(grown, 0);
            return grown;
        }

        private static (byte Flags, ushort Begin, ushort End, (int, int)? Wide) Pack(CatalogRow row)
        {
            var level = row.ChargeLevel switch { "01" => 1, "02" => 2, "03" => 3, _ => 0 };
            var flags = (byte)(((int)row.Kind & KindMask) | (row.Valid ? ValidFlag : 0) | (level << LevelShift) | (row.RestrictedUse ? RestrictedFlag : 0));
            var beginDay = row.BeginDate is { } b && b != DateOnly.MinValue ? b.DayNumber : int.MinValue;
            var endDay = row.EndDate is { } e && e != DateOnly.MaxValue ? e.DayNumber : int.MaxValue;
            var begin = beginDay == int.MinValue ? 0 : beginDay - DayBase;
            var end = endDay == int.MaxValue ? OpenEnd : endDay - DayBase;
            var beginFits = beginDay == int.MinValue || begin is >= 1 and < WideDates;
            var endFits = endDay == int.MaxValue || end is >= 1 and < OpenEnd;
            return beginFits && endFits ? (flags, (ushort)begin, (ushort)end, null) : (flags, WideDates, OpenEnd, (beginDay, endDay));
        }
    }

    private readonly record struct ExtraRow(int Code, int Sequence, byte Flags, ushort Begin, ushort End, int Detail, (int Begin, int End)? Wide);
}
