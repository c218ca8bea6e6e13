using System.Numerics;

namespace ValidationGateway.Core.Actors;

/// <summary>Values keyed by an owner (a slot of an <see cref="ExpiringTable{TPayload}"/>) and a 64-bit hash, chained
/// per owner so that all of an owner's values are removed together when it goes.</summary>
/// <remarks>
/// <para>Storage is two arrays of unmanaged values (entries and hash buckets), so the collector neither traces nor
/// copies them. Entries are chained per bucket and per owner inside the entry array and never move; removed entries
/// go to a free list and are reused first, and the arrays double only when none is free. The owner keeps the head of
/// its chain (an index plus one; zero, the default, means no values), so this table needs no per-owner state.</para>
/// <para>Not thread-safe; the owner serialises every call.</para>
/// </remarks>
/// <typeparam name="TValue">The value per key.</typeparam>
internal sealed class OwnedTable<TValue>
    where TValue : unmanaged
{
    private const int MinCapacity = 16;

    private Entry[] _entries = [];
    private int[] _buckets = [];
    private int _shift = 64;
    private int _used;
    private int _free;

    /// <summary>Values held, over all owners.</summary>
    public int Count { get; private set; }

    /// <summary>Slots allocated (held, free or not yet used): what the arrays are sized for.</summary>
    public int Allocated => _entries.Length;

    /// <summary>Whether <paramref name="owner"/> has a value under <paramref name="key"/>, and which.</summary>
    public bool TryGetValue(int owner, ulong key, out TValue value)
    {
        var slot = Find(owner, key);
        value = slot != 0 ? _entries[slot - 1].Value : default;
        return slot != 0;
    }

    /// <summary>The value <paramref name="owner"/> has under <paramref name="key"/>, added as zero if new.</summary>
    /// <param name="owner">The owner's slot.</param>
    /// <param name="key">The key's hash.</param>
    /// <param name="chain">The head of the owner's chain, which the owner stores; updated when a value is added.</param>
    /// <remarks>The reference is valid until the next value is added to this table (which may move the array).</remarks>
    public ref TValue GetOrAdd(int owner, ulong key, ref int chain)
    {
        var found = Find(owner, key);
        if (found != 0)
        {
            return ref _entries[found - 1].Value;
        }

        var slot = Allocate();
        ref var entry = ref _entries[slot];
        entry.Key = key;
        entry.Owner = owner;
        entry.NextOfOwner = chain;
        chain = slot + 1;
        ref var bucket = ref _buckets[Bucket(owner, key)];
        entry.NextInBucket = bucket;
        bucket = slot + 1;
        Count++;
        return ref entry.Value;
    }

    /// <summary>Removes every value on the chain starting at <paramref name="chain"/> and empties it.</summary>
    public void RemoveAll(ref int chain)
    {
        for (var next = chain; next != 0;)
        {
            var slot = next - 1;
            ref var entry = ref _entries[slot];
            next = entry.NextOfOwner;
            ref var link = ref _buckets[Bucket(entry.Owner, entry.Key)];
            while (link != slot + 1)
            {
                link = ref _entries[link - 1].NextInBucket;
            }

            link = entry.NextInBucket;
            entry = new Entry { NextInBucket = _free };
            _free = slot + 1;
            Count--;
        }

        chain = 0;
    }

    private int Find(int owner, ulong key)
    {
        if (_buckets.Length == 0)
        {
            return 0;
        }

        for (var i = _buckets[Bucket(owner, key)]; i != 0;)
        {
            ref var entry = ref _entries[i - 1];
            if (entry.Key == key && entry.Owner == owner)
            {
                return i;
            }

            i = entry.NextInBucket;
        }

        return 0;
    }

    // The same key is common across owners (every visit charging one national code), so the owner is mixed in
    // before the multiplicative step spreads the pair over the buckets.
    private int Bucket(int owner, ulong key) => (int)(((key + ((ulong)(uint)owner * 0x9E3779B97F4A7C15)) * 0xD6E8FEB86659FD93) >> _shift);

    private int Allocate()
    {
        if (_free != 0)
        {
            var slot = _free - 1;
            _free = _entries[slot].NextInBucket;
            return slot;
        }

        if (_used == _entries.Length)
        {
            Grow();
        }

        return _used++;
    }

    private void Grow()
    {
        // Only called with no free slot, so every slot below _used holds a value and is rehashed.
        var size = Math.Max(MinCapacity, 2 * _entries.Length);
        Array.Resize(ref _entries, size);
        _buckets = new int[size];
        _shift = 64 - BitOperations.Log2((uint)size);
        for (var slot = 0; slot < _used; slot++)
        {
            ref var entry = ref _entries[slot];
            ref var bucket = ref _buckets[Bucket(entry.Owner, entry.Key)];
            entry.NextInBucket = bucket;
            bucket = slot + 1;
        }
    }

    private struct Entry
    {
        public ulong Key;
        public int Owner;
        public int NextInBucket;
        public int NextOfOwner;
        public TValue Value;
    }
}
