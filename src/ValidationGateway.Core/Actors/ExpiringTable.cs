namespace ValidationGateway.Core.Actors;

/// <summary>Entries keyed by a 64-bit hash and a 32-bit discriminator, each with an unmanaged payload, that expire
/// after an idle time and, past a size cap, are evicted in least-recently-used order (approximately).</summary>
/// <remarks>
/// <para>Storage is arrays of unmanaged values, whatever the number of entries: the entries (key, times, links,
/// payload) in chunks and the hash buckets, kept by <see cref="ChainedSlots{TEntry}"/> (chained buckets, a free list,
/// growth up to the cap that never copies or rehashes a large table at once). The collector neither traces nor copies
/// their contents, so a large table costs an ephemeral collection nothing once the arrays live in gen2 or the large
/// object heap. A slot stays the same entry until it is
/// released. Links hold an index plus one, so zero, the default, means none.</para>
/// <para>The order of eviction is a FIFO of insertions threaded through the entries. At the cap the oldest insertion
/// goes even if touched since (O(1)); <see cref="Expire"/> walks from the oldest and moves an entry touched since its
/// insertion to the back instead of dropping it.</para>
/// <para>Not thread-safe; the owner serialises every call.</para>
/// </remarks>
/// <typeparam name="TPayload">What each entry carries; zeroed when its entry is released.</typeparam>
internal sealed class ExpiringTable<TPayload>
    where TPayload : unmanaged
{
    private const int MinCapacity = 8;

    private readonly int _capacity;
    private readonly Action<int> _release;
    private ChainedSlots<Entry> _slots;
    private int _oldest;
    private int _newest;

    /// <summary>Creates an empty table that never holds more than <paramref name="capacity"/> entries.</summary>
    /// <param name="capacity">The size cap.</param>
    /// <param name="release">Called with an entry's slot just before it is expired or evicted, while its payload is still readable.</param>
    public ExpiringTable(int capacity, Action<int> release)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _release = release;
        _slots = new ChainedSlots<Entry>(MinCapacity, capacity);
    }

    /// <summary>Entries held.</summary>
    public int Count { get; private set; }

    /// <summary>Slots allocated (held, free or not yet used): what the arrays are sized for.</summary>
    public int Allocated => _slots.Allocated;

    /// <summary>The slot of the entry for (<paramref name="key"/>, <paramref name="sub"/>), added with a zero payload if new;
    /// marks it used at <paramref name="now"/>. Adding at the cap first evicts the oldest insertion.</summary>
    public int GetOrAdd(ulong key, int sub, long now)
    {
        var found = _slots.Find(key, sub);
        if (found >= 0)
        {
            _slots[found].LastUsed = now;
            return found;
        }

        while (Count >= _capacity && _oldest != 0)
        {
            Release(Dequeue());
        }

        var slot = _slots.Allocate();
        ref var added = ref _slots[slot];
        added.Key = key;
        added.Sub = sub;
        added.LastUsed = now;
        added.InsertedAsOf = now;
        _slots.Link(slot);
        Enqueue(slot);
        Count++;
        return slot;
    }

    /// <summary>The payload of a held slot.</summary>
    public ref TPayload Payload(int slot) => ref _slots[slot].Payload;

    /// <summary>A number that changes whenever <paramref name="slot"/> is released: a handle that recorded it can tell
    /// whether the slot still holds the entry it was given.</summary>
    public int Generation(int slot) => _slots[slot].Generation;

    /// <summary>Releases entries last used at or before <paramref name="cutoff"/>.</summary>
    public void Expire(long cutoff)
    {
        for (var budget = Count; budget > 0 && _oldest != 0; budget--)
        {
            var slot = _oldest - 1;
            ref var entry = ref _slots[slot];
            if (entry.LastUsed > cutoff)
            {
                if (entry.InsertedAsOf >= entry.LastUsed)
                {
                    break; // the oldest entry is fresh: everything behind it is fresher
                }

                Dequeue();
                entry.InsertedAsOf = entry.LastUsed;
                Enqueue(slot);
                continue;
            }

            Dequeue();
            Release(slot);
        }
    }

    private void Release(int slot)
    {
        _release(slot);
        _slots.Unlink(slot);
        ref var entry = ref _slots[slot];
        entry = new Entry { Generation = entry.Generation + 1 };
        _slots.Free(slot);
        Count--;
    }

    private void Enqueue(int slot)
    {
        _slots[slot].NextInOrder = 0;
        if (_newest != 0)
        {
            _slots[_newest - 1].NextInOrder = slot + 1;
        }
        else
        {
            _oldest = slot + 1;
        }

        _newest = slot + 1;
    }

    private int Dequeue()
    {
        var slot = _oldest - 1;
        _oldest = _slots[slot].NextInOrder;
        if (_oldest == 0)
        {
            _newest = 0;
        }

        return slot;
    }

    private struct Entry : IChainedEntry
    {
        public ulong Key;
        public long LastUsed;
        public long InsertedAsOf;
        public int Sub;
        public int Generation;
        public int NextInBucket;
        public int NextInOrder;
        public TPayload Payload;

        public readonly ulong HashKey => Key;

        public readonly int HashSub => Sub;

        public int BucketLink
        {
            readonly get => NextInBucket;
            set => NextInBucket = value;
        }
    }
}
