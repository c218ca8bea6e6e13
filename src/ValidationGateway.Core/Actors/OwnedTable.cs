namespace ValidationGateway.Core.Actors;

/// <summary>The head and length of an owner's chain in an <see cref="OwnedTable{TValue}"/>, which the owner stores
/// (the default: no values).</summary>
internal struct OwnerChain
{
    /// <summary>The newest value's slot plus one; zero when the chain is empty.</summary>
    public int Head;

    /// <summary>Values on the chain.</summary>
    public int Count;
}

/// <summary>Values keyed by an owner (a slot of an <see cref="ExpiringTable{TPayload}"/>) and a 64-bit hash, chained
/// per owner so that all of an owner's values are removed together when it goes.</summary>
/// <remarks>
/// <para>Storage is arrays of unmanaged values (entries in chunks, hash buckets), kept by
/// <see cref="ChainedSlots{TEntry}"/> (chained buckets, a free list, growth that never copies or rehashes a large table
/// at once), so the collector neither traces nor copies them. Entries are also chained per owner among themselves.
/// The owner keeps its <see cref="OwnerChain"/>, so this table needs no per-owner state.</para>
/// <para>An owner with up to <see cref="HashedAbove"/> values is looked up by walking its own chain, and its entries
/// are not in the hash buckets at all; past that, its entries are linked into the buckets and found through them.
/// Most owners are small (an outpatient visit's lines and codes, a patient-day's items), and their entries were
/// allocated together, mostly by one batch: a few neighbouring cache lines, already in cache while that batch runs.
/// Through the buckets, every lookup, insertion and removal in a table of tens of megabytes read a bucket and an entry
/// somewhere else in memory, two cache misses each (docs/performance.md, item 33).</para>
/// <para>Not thread-safe; the owner serialises every call.</para>
/// </remarks>
/// <typeparam name="TValue">The value per key.</typeparam>
internal sealed class OwnedTable<TValue>
    where TValue : unmanaged
{
    /// <summary>The chain length up to which an owner's values are found by walking its chain rather than through
    /// the hash buckets.</summary>
    internal const int HashedAbove = 16;

    private const int MinCapacity = 16;

    private ChainedSlots<Entry> _slots = new(MinCapacity, Array.MaxLength);

    /// <summary>Values held, over all owners.</summary>
    public int Count { get; private set; }

    /// <summary>Slots allocated (held, free or not yet used): what the arrays are sized for.</summary>
    public int Allocated => _slots.Allocated;

    /// <summary>Whether <paramref name="owner"/>, whose chain is <paramref name="chain"/>, has a value under
    /// <paramref name="key"/>, and which.</summary>
    public bool TryGetValue(int owner, ulong key, in OwnerChain chain, out TValue value)
    {
        var slot = Find(owner, key, chain);
        value = slot >= 0 ? _slots[slot].Value : default;
        return slot >= 0;
    }

    /// <summary>The value <paramref name="owner"/> has under <paramref name="key"/>, added as zero if new.</summary>
    /// <param name="owner">The owner's slot.</param>
    /// <param name="key">The key's hash.</param>
    /// <param name="chain">The owner's chain, which the owner stores; updated when a value is added.</param>
    /// <remarks>The reference is valid until the next value is added to this table (which may move the array).</remarks>
    public ref TValue GetOrAdd(int owner, ulong key, ref OwnerChain chain)
    {
        var found = Find(owner, key, chain);
        if (found >= 0)
        {
            return ref _slots[found].Value;
        }

        var slot = _slots.Allocate();
        ref var entry = ref _slots[slot];
        entry = new Entry { Key = key, Owner = owner, NextOfOwner = chain.Head };
        chain.Head = slot + 1;
        chain.Count++;
        if (chain.Count == HashedAbove + 1)
        {
            // The owner outgrew its chain: from now on all its entries are found through the buckets.
            for (var next = chain.Head; next != 0; next = _slots[next - 1].NextOfOwner)
            {
                _slots.Link(next - 1);
            }
        }
        else if (chain.Count > HashedAbove)
        {
            _slots.Link(slot);
        }

        Count++;
        return ref entry.Value;
    }

    /// <summary>Removes every value on <paramref name="chain"/> and empties it.</summary>
    public void RemoveAll(ref OwnerChain chain)
    {
        var hashed = chain.Count > HashedAbove;
        for (var next = chain.Head; next != 0;)
        {
            var slot = next - 1;
            next = _slots[slot].NextOfOwner;
            if (hashed)
            {
                _slots.Unlink(slot);
            }

            _slots[slot] = default;
            _slots.Free(slot);
            Count--;
        }

        chain = default;
    }

    private int Find(int owner, ulong key, in OwnerChain chain)
    {
        if (chain.Count > HashedAbove)
        {
            return _slots.Find(key, owner);
        }

        for (var next = chain.Head; next != 0;)
        {
            ref var entry = ref _slots[next - 1];
            if (entry.Key == key)
            {
                return next - 1;
            }

            next = entry.NextOfOwner;
        }

        return -1;
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
