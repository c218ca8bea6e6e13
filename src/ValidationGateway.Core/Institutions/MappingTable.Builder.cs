using System.Buffers.Binary;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Codes;

namespace ValidationGateway.Core.Institutions;

internal sealed partial class MappingTable
{
    /// <summary>Packs mappings as they arrive (any order) and groups them by local code when built; reusable after <see cref="Build"/>.</summary>
    /// <remarks>
    /// Not thread-safe. Each mapping's record is written once into a scratch buffer; building copies the records group
    /// by group, a code's periods by begin date (open first; equal dates in the order added), which is the order the
    /// store reads them in, so the table does not depend on the order rows arrive in.
    /// </remarks>
    internal sealed class Builder
    {
        private static readonly Dictionary<string, int> NoUnpacked = new(StringComparer.Ordinal);

        private readonly List<string> _rawNational = [];
        private Dictionary<string, int> _unpacked = new(StringComparer.Ordinal);
        private uint[] _slots = new uint[64];
        private byte[] _localKeys = new byte[1024];
        private int _localKeyLength;
        private uint[] _localOffsets = new uint[65];
        private uint[] _hashes = new uint[64];
        private int _groupCount;
        private int _packedCount;
        private byte[] _records = new byte[4096];
        private int _recordLength;
        private int[] _recordStart = new int[65];
        private int[] _recordGroup = new int[64];
        private int[] _recordBegin = new int[64];
        private int _count;

        /// <summary>Number of mappings added since the last build.</summary>
        public int Count => _count;

        /// <summary>Adds one mapping.</summary>
        /// <param name="row">The mapping.</param>
        /// <param name="codes">Code shapes that work out the item type of a mapping declared without one; null leaves it to the caller.</param>
        public void Add(MappingRow row, CodeFormatProfile? codes)
        {
            ArgumentNullException.ThrowIfNull(row);
            ArgumentNullException.ThrowIfNull(row.LocalCode, nameof(row));
            ArgumentNullException.ThrowIfNull(row.NationalCode, nameof(row));
            if ((uint)row.ItemType >= EffectiveUnknown)
            {
                throw new ArgumentOutOfRangeException(nameof(row), row.ItemType, "Unknown item type.");
            }

            var group = GroupOf(row.LocalCode);
            var effective = row.ItemType != ItemType.Unspecified ? row.ItemType
                : codes is null ? (ItemType)EffectiveUnknown
                : codes.ItemTypeOf(codes.DetectListFamily(row.NationalCode));
            if ((uint)effective > EffectiveUnknown)
            {
                throw new ArgumentOutOfRangeException(nameof(codes), effective, "The code profile gives an unknown item type.");
            }

            Span<byte> buffer = stackalloc byte[CatalogKeyCodec.BufferSize];
            var length = CatalogKeyCodec.Encode(row.NationalCode, buffer);
            var flags = (byte)((byte)row.ItemType | ((byte)effective << EffectiveShift));
            if (length < 0)
            {
                flags |= RawNationalFlag;
                BinaryPrimitives.WriteInt32LittleEndian(buffer, _rawNational.Count);
                _rawNational.Add(row.NationalCode);
                length = 4;
            }

            var dated = row.BeginDate is not null || row.EndDate is not null;
            if (dated)
            {
                flags |= DatesFlag;
            }

            _records = Grow(_records, _recordLength + 2 + length + 8);
            _recordStart = Grow(_recordStart, _count + 2);
            _recordGroup = Grow(_recordGroup, _count + 1);
            _recordBegin = Grow(_recordBegin, _count + 1);
            _recordStart[_count] = _recordLength;
            _recordGroup[_count] = group;
            _recordBegin[_count] = row.BeginDate?.DayNumber ?? int.MinValue;
            var record = _records.AsSpan(_recordLength);
            record[0] = flags;
            record[1] = (byte)length;
            buffer[..length].CopyTo(record[2..]);
            _recordLength += 2 + length;
            if (dated)
            {
                BinaryPrimitives.WriteInt32LittleEndian(record[(2 + length)..], row.BeginDate?.DayNumber ?? int.MinValue);
                BinaryPrimitives.WriteInt32LittleEndian(record[(6 + length)..], row.EndDate?.DayNumber ?? int.MaxValue);
                _recordLength += 8;
            }

            _count++;
        }

        /// <summary>Builds the table of the mappings added so far and starts over empty.</summary>
        public MappingTable Build()
        {
            if (_groupCount > MaxGroups)
            {
                throw new InvalidOperationException($"an institution holds at most {MaxGroups:N0} local codes; this one has {_groupCount:N0}");
            }

            // Records grouped by local code (groups in order of first appearance), each group's records in the order added.
            var groupFirst = new int[_groupCount + 1];
            for (var r = 0; r < _count; r++)
            {
                groupFirst[_recordGroup[r] + 1]++;
            }

            for (var g = 0; g < _groupCount; g++)
            {
                groupFirst[g + 1] += groupFirst[g];
            }

            var order = new int[_count];
            var next = groupFirst.AsSpan(0, _groupCount).ToArray();
            for (var r = 0; r < _count; r++)
            {
                order[next[_recordGroup[r]]++] = r;
            }

            // A code's periods by begin date, open first, as the store reads them: the same table whatever order the rows came in.
            for (var g = 0; g < _groupCount; g++)
            {
                for (var k = groupFirst[g] + 1; k < groupFirst[g + 1]; k++)
                {
                    var r = order[k];
                    var j = k - 1;
                    for (; j >= groupFirst[g] && _recordBegin[order[j]] > _recordBegin[r]; j--)
                    {
                        order[j + 1] = order[j];
                    }

                    order[j + 1] = r;
                }
            }

            _recordStart[_count] = _recordLength;
            var size = (long)_localKeyLength + _groupCount + _recordLength;
            if (size > uint.MaxValue)
            {
                throw new InvalidOperationException($"an institution's mappings pack to at most {uint.MaxValue:N0} bytes; these need {size:N0}");
            }

            var data = new byte[size];
            var groupStart = new uint[_groupCount + 1];
            var at = 0;
            for (var g = 0; g < _groupCount; g++)
            {
                groupStart[g] = (uint)at;
                var keyStart = (int)_localOffsets[g];
                var keyLength = (int)_localOffsets[g + 1] - keyStart;
                data[at++] = (byte)keyLength;
                _localKeys.AsSpan(keyStart, keyLength).CopyTo(data.AsSpan(at));
                at += keyLength;
                for (var k = groupFirst[g]; k < groupFirst[g + 1]; k++)
                {
                    var r = order[k];
                    var length = _recordStart[r + 1] - _recordStart[r];
                    _records.AsSpan(_recordStart[r], length).CopyTo(data.AsSpan(at));
                    at += length;
                }
            }

            groupStart[_groupCount] = (uint)at;

            // Rebuilt once at the final size (load 0.75): the growing index may be up to twice as large.
            var slots = new uint[Math.Max(4, (int)Math.Min(int.MaxValue, ((long)_packedCount * 4 / 3) + 1))];
            for (var g = 0; g < _groupCount; g++)
            {
                if (_localOffsets[g + 1] > _localOffsets[g])
                {
                    Insert(slots, _hashes[g], g);
                }
            }

            var table = new MappingTable(data, groupStart, slots, [.. _rawNational], _unpacked.Count == 0 ? NoUnpacked : _unpacked, _count);
            Clear();
            return table;
        }

        /// <summary>Bytes of scratch arrays the builder keeps for reuse.</summary>
        public long ScratchBytes => _records.Length + _localKeys.Length + ((_slots.Length + _localOffsets.Length + _hashes.Length + _recordStart.Length + _recordGroup.Length + _recordBegin.Length) * 4L);

        /// <summary>Drops the mappings added since the last build, keeping the scratch arrays.</summary>
        public void Clear()
        {
            _rawNational.Clear();
            if (_unpacked.Count > 0)
            {
                _unpacked = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            Array.Clear(_slots);
            _localKeyLength = 0;
            _groupCount = 0;
            _packedCount = 0;
            _recordLength = 0;
            _count = 0;
        }

        private int GroupOf(string localCode)
        {
            Span<byte> buffer = stackalloc byte[CatalogKeyCodec.BufferSize];
            var length = CatalogKeyCodec.Encode(localCode, buffer);
            if (length == 0)
            {
                // An empty local code packs to nothing, which marks an unpacked group: keep it in the side table.
                length = -1;
            }

            if (length < 0)
            {
                if (!_unpacked.TryGetValue(localCode, out var unpackedGroup))
                {
                    unpackedGroup = NewGroup([], 0);
                    _unpacked.Add(localCode, unpackedGroup);
                }

                return unpackedGroup;
            }

            var key = buffer[..length];
            var hash = CatalogKeyCodec.Hash(key);
            var i = SlotOf(hash, _slots.Length);
            var tag = TagOf(hash);
            while (_slots[i] != 0)
            {
                var slot = _slots[i];
                if ((slot & 0xFF00_0000) == tag)
                {
                    var g = (int)(slot & MaxGroups) - 1;
                    var start = (int)_localOffsets[g];
                    if ((int)_localOffsets[g + 1] - start == length && _localKeys.AsSpan(start, length).SequenceEqual(key))
                    {
                        return g;
                    }
                }

                if (++i == _slots.Length)
                {
                    i = 0;
                }
            }

            var group = NewGroup(key, hash);
            _slots[i] = tag | (uint)(group + 1);
            if (++_packedCount * 4 > _slots.Length * 3)
            {
                var slots = new uint[_slots.Length * 2];
                for (var g = 0; g < _groupCount; g++)
                {
                    if (_localOffsets[g + 1] > _localOffsets[g])
                    {
                        Insert(slots, _hashes[g], g);
                    }
                }

                _slots = slots;
            }

            return group;
        }

        private int NewGroup(ReadOnlySpan<byte> key, uint hash)
        {
            var group = _groupCount++;
            _localOffsets = Grow(_localOffsets, group + 2);
            _hashes = Grow(_hashes, group + 1);
            _localKeys = Grow(_localKeys, _localKeyLength + key.Length);
            key.CopyTo(_localKeys.AsSpan(_localKeyLength));
            _localOffsets[group] = (uint)_localKeyLength;
            _localKeyLength += key.Length;
            _localOffsets[group + 1] = (uint)_localKeyLength;
            _hashes[group] = hash;
            return group;
        }

        private static void Insert(uint[] slots, uint hash, int group)
        {
            var i = SlotOf(hash, slots.Length);
            while (slots[i] != 0)
            {
                if (++i == slots.Length)
                {
                    i = 0;
                }
            }

            slots[i] = TagOf(hash) | (uint)(group + 1);
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
    }
}
