using System.Numerics;

namespace ValidationGateway.Core.Actors;

/// <summary>What <see cref="ChainedSlots{TEntry}"/> needs of an entry: its 64-bit key, its 32-bit discriminator and
/// the link to the next entry of its hash bucket.</summary>
internal interface IChainedEntry
{
    ulong HashKey { get; }

    int HashSub { get; }

    int BucketLink { get; set; }
}

/// <summary>
/// The storage <see cref="ExpiringTable{TPayload}"/> and <see cref="OwnedTable{TValue}"/> share: unmanaged entries in one
/// array, chained per hash bucket inside it (separate chaining), released slots on a free list that is reused first,
/// and growth by doubling, with a rehash, only when no slot is free. Entries never move, so a slot holds the same entry
/// until it is freed. Links hold an index plus one, so zero, the default, means none.
/// </summary>
/// <remarks>A mutable struct: keep it in a (not readonly) field and call it in place. Not thread-safe.</remarks>
/// <typeparam name="TEntry">The entry; its own fields beyond key, discriminator and bucket link are the table's.</typeparam>
internal struct ChainedSlots<TEntry>(int minCapacity, int maxCapacity)
    where TEntry : struct, IChainedEntry
{
    private TEntry[] _entries = [];
    private int[] _buckets = [];
    private int _shift = 64;
    private int _used;
    private int _free;

    /// <summary>The entry array (slots past those handed out are default). Replaced when it grows.</summary>
    public readonly TEntry[] Entries => _entries;

    /// <summary>Slots allocated (held, free or not yet used).</summary>
    public readonly int Allocated => _entries.Length;

    /// <summary>The slot holding (<paramref name="key"/>, <paramref name="sub"/>), or -1.</summary>
    public readonly int Find(ulong key, int sub)
    {
        if (_buckets.Length == 0)
        {
            return -1;
        }

        for (var i = _buckets[Bucket(key, sub)]; i != 0;)
        {
            ref var entry = ref _entries[i - 1];
            if (entry.HashKey == key && entry.HashSub == sub)
            {
                return i - 1;
            }

            i = entry.BucketLink;
        }

        return -1;
    }

    /// <summary>A slot to fill: a freed one if any, else the next unused one (growing the arrays when full). The caller
    /// sets the entry's key and discriminator, then calls <see cref="Link"/>.</summary>
    public int Allocate()
    {
        if (_free != 0)
        {
            var slot = _free - 1;
            _free = _entries[slot].BucketLink;
            return slot;
        }

        if (_used == _entries.Length)
        {
            Grow();
        }

        return _used++;
    }

    /// <summary>Puts a filled slot into the bucket of its key and discriminator.</summary>
    public readonly void Link(int slot)
    {
        ref var entry = ref _entries[slot];
        ref var bucket = ref _buckets[Bucket(entry.HashKey, entry.HashSub)];
        entry.BucketLink = bucket;
        bucket = slot + 1;
    }

    /// <summary>Takes a held slot out of its bucket (its key and discriminator must still be set).</summary>
    public readonly void Unlink(int slot)
    {
        var next = _entries[slot].BucketLink;
        ref var head = ref _buckets[Bucket(_entries[slot].HashKey, _entries[slot].HashSub)];
        if (head == slot + 1)
        {
            head = next;
            return;
        }

        for (var i = head; ;)
        {
            ref var entry = ref _entries[i - 1];
            if (entry.BucketLink == slot + 1)
            {
                entry.BucketLink = next;
                return;
            }

            i = entry.BucketLink;
        }
    }

    /// <summary>Puts an unlinked slot on the free list; the caller has reset the entry's own fields.</summary>
    public void Free(int slot)
    {
        _entries[slot].BucketLink = _free;
        _free = slot + 1;
    }

    // The same key is common under different discriminators (every visit charging one national code), so the
    // discriminator is mixed in before the multiplicative step spreads the pair over the buckets.
    private readonly int Bucket(ulong key, int sub) => (int)(((key + ((ulong)(uint)sub * 0x9E3779B97F4A7C15)) * 0xD6E8FEB86659FD93) >> _shift);

    private void Grow()
    {
        // Only called with no free slot, so every slot below _used holds an entry and is rehashed.
        var size = (int)Math.Min(Math.Max(minCapacity, 2L * _entries.Length), maxCapacity);
        Array.Resize(ref _entries, size);
        var buckets = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(size, minCapacity));
        if (buckets == _buckets.Length)
        {
            return;
        }

        _buckets = new int[buckets];
        _shift = 64 - BitOperations.Log2((uint)buckets);
        for (var slot = 0; slot < _used; slot++)
        {
            Link(slot);
        }
    }
}
