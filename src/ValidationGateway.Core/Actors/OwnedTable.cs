namespace ValidationGateway.Core.Actors;

/// <summary>Values keyed by an owner (a slot of an <see cref="ExpiringTable{TPayload}"/>) and a 64-bit hash, chained
/// per owner so that all of an owner's values are removed together when it goes.</summary>
/// <remarks>
/// <para>Storage is arrays of unmanaged values (entries in chunks, hash buckets), kept by
/// <see cref="ChainedSlots{TEntry}"/> (chained buckets, a free list, growth that never copies or rehashes a large table
/// at once), so the collector neither traces nor copies them. Entries are also chained per owner among themselves.
/// The owner keeps the head of its chain (an index plus one; zero, the default, means no values), so this table needs
/// no per-owner state.</para>
/// <para>Not thread-safe; the owner serialises every call.</para>
/// </remarks>
/// <typeparam name="TValue">The value per key.</typeparam>
internal sealed class OwnedTable<TValue>
    where TValue : unmanaged
{
    private const int MinCapacity = 16;

    private ChainedSlots<Entry> _slots = new(MinCapacity, Array.MaxLength);

    /// <summary>Values held, over all owners.</summary>
    public int Count { get; private set; }

    /// <summary>Slots allocated (held, free or not yet used): what the arrays are sized for.</summary>
    public int Allocated => _slots.Allocated;

    /// <summary>Whether <paramref name="owner"/> has a value under <paramref name="key"/>, and which.</summary>
    public bool TryGetValue(int owner, ulong key, out TValue value)
    {
        var slot = _slots.Find(key, owner);
        value = slot >= 0 ? _slots[slot].Value : default;
        return slot >= 0;
    }

    /// <summary>The value <paramref name="owner"/> has under <paramref name="key"/>, added as zero if new.</summary>
    /// <param name="owner">The owner's slot.</param>
    /// <param name="key">The key's hash.</param>
    /// <param name="chain">The head of the owner's chain, which the owner stores; updated when a value is added.</param>
    /// <remarks>The reference is valid until the next value is added to this table (which may move the array).</remarks>
    public ref TValue GetOrAdd(int owner, ulong key, ref int chain)
    {
        var found = _slots.Find(key, owner);
        if (found >= 0)
        {
            return ref _slots[found].Value;
        }

        var slot = _slots.Allocate();
        ref var entry = ref _slots[slot];
        entry.Key = key;
        entry.Owner = owner;
        entry.NextOfOwner = chain;
        chain = slot + 1;
        _slots.Link(slot);
        Count++;
        return ref entry.Value;
    }

    /// <summary>Removes every value on the chain starting at <paramref name="chain"/> and empties it.</summary>
    public void RemoveAll(ref int chain)
    {
        for (var next = chain; next != 0;)
        {
            var slot = next - 1;
            next = _slots[slot].NextOfOwner;
            _slots.Unlink(slot);
            _slots[slot] = default;
            _slots.Free(slot);
            Count--;
        }

        chain = 0;
    }

    private struct Entry : IChainedEntry
    {
        public ulong Key;
        public int Owner;
        public int NextInBucket;
        public int NextOfOwner;
        public TValue Value;

        public readonly ulong HashKey => Key;

        public readonly int HashSub => Owner;

        public int BucketLink
        {
            readonly get => NextInBucket;
            set => NextInBucket = value;
        }
    }
}
