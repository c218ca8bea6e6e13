using System.Numerics;

namespace ValidationGateway.Core.Actors;

/// <summary>Entries keyed by a 64-bit hash and a 32-bit discriminator, each with an unmanaged payload, that expire
/// after an idle time and, past a size cap, are evicted in least-recently-used order (approximately).</summary>
/// <remarks>
/// <para>Storage is two arrays of unmanaged values, whatever the number of entries: the entries (key, times, links,
/// payload) and the hash buckets. The collector neither traces nor copies their contents, so a large table costs an
/// ephemeral collection nothing once the arrays live in gen2 or the large object heap. Entries are chained per bucket
/// (separate chaining with the chains inside the entry array) and never move, so a slot stays the same entry until it
/// is released; released slots go to a free list and are reused first, and the arrays double (up to the cap) only
/// when none is free. Links hold an index plus one, so zero, the default, means none.</para>
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
    private Entry[] _entries = [];
    private int[] _buckets = [];
    private int _shift = 64;
    private int _used;
    private int _free;
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
    }

    /// <summary>Entries held.</summary>
    public int Count { get; private set; }

    /// <summary>Slots allocated (held, free or not yet used): what the arrays are sized for.</summary>
    public int Allocated => _entries.Length;

    /// <summary>The slot of the entry for (<paramref name="key"/>, <paramref name="sub"/>), added with a zero payload if new;
    /// marks it used at <paramref name="now"/>. Adding at the cap first evicts the oldest insertion.</summary>
    public int GetOrAdd(ulong key, int sub, long now)
    {
        if (_buckets.Length > 0)
        {
            for (var i = _buckets[Bucket(key, sub)]; i != 0;)
            {
                ref var entry = ref _entries[i - 1];
                if (entry.Key == key && entry.Sub == sub)
                {
                    entry.LastUsed = now;
                    return i - 1;
                }

                i = entry.NextInBucket;
            }
        }

        while (Count >= _capacity && _oldest != 0)
        {
            Release(Dequeue());
        }

        var slot = Allocate();
        ref var added = ref _entries[slot];
        added.Key = key;
        added.Sub = sub;
        added.LastUsed = now;
        added.InsertedAsOf = now;
        ref var bucket = ref _buckets[Bucket(key, sub)];
        added.NextInBucket = bucket;
        bucket = slot + 1;
        Enqueue(slot);
        Count++;
        return slot;
    }

    /// <summary>The payload of a held slot.</summary>
    public ref TPayload Payload(int slot) => ref _entries[slot].Payload;

    /// <summary>A number that changes whenever <paramref name="slot"/> is released: a handle that recorded it can tell
    /// whether the slot still holds the entry it was given.</summary>
    public int Generation(int slot) => _entries[slot].Generation;

    /// <summary>Releases entries last used at or before <paramref name="cutoff"/>.</summary>
    public void Expire(long cutoff)
    {
        for (var budget = Count; budget > 0 && _oldest != 0; budget--)
        {
            var slot = _oldest - 1;
            ref var entry = ref _entries[slot];
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

    private int Bucket(ulong key, int sub) => (int)(((key + ((ulong)(uint)sub * 0x9E3779B97F4A7C15)) * 0xD6E8FEB86659FD93) >> _shift);

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
        // Only called with no free slot, so every slot below _used holds an entry and is rehashed.
        var size = (int)Math.Min(Math.Max(MinCapacity, 2L * _entries.Length), _capacity);
        Array.Resize(ref _entries, size);
        var buckets = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(size, MinCapacity));
        if (buckets == _buckets.Length)
        {
            return;
        }

        _buckets = new int[buckets];
        _shift = 64 - BitOperations.Log2((uint)buckets);
        for (var slot = 0; slot < _used; slot++)
        {
            ref var entry = ref _entries[slot];
            ref var bucket = ref _buckets[Bucket(entry.Key, entry.Sub)];
            entry.NextInBucket = bucket;
            bucket = slot + 1;
        }
    }

    private void Release(int slot)
    {
        _release(slot);
        ref var entry = ref _entries[slot];
        ref var link = ref _buckets[Bucket(entry.Key, entry.Sub)];
        while (link != slot + 1)
        {
            link = ref _entries[link - 1].NextInBucket;
        }

        link = entry.NextInBucket;
        entry = new Entry { Generation = entry.Generation + 1, NextInBucket = _free };
        _free = slot + 1;
        Count--;
    }

    private void Enqueue(int slot)
    {
        _entries[slot].NextInOrder = 0;
        if (_newest != 0)
        {
            _entries[_newest - 1].NextInOrder = slot + 1;
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
        _oldest = _entries[slot].NextInOrder;
        if (_oldest == 0)
        {
            _newest = 0;
        }

        return slot;
    }

    private struct Entry
    {
        public ulong Key;
        public long LastUsed;
        public long InsertedAsOf;
        public int Sub;
        public int Generation;
        public int NextInBucket;
        public int NextInOrder;
        public TPayload Payload;
    }
}
