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
/// The storage <see cref="ExpiringTable{TPayload}"/> and <see cref="OwnedTable{TValue}"/> share: unmanaged entries,
/// chained per hash bucket among themselves (separate chaining), released slots on a free list that is reused first, and
/// growth only when no slot is free. Entries never move once placed in a chunk, so a slot holds the same entry until it is
/// freed. Links hold an index plus one, so zero, the default, means none.
/// </summary>
/// <remarks>
/// <para>Growth never stops a caller for long, however large the table (docs/performance.md, item 24). Up to
/// <see cref="ChunkSize"/> slots the entries are one array that doubles; past it, each growth adds a chunk of
/// <see cref="ChunkSize"/> and copies nothing. The buckets double when the slots outnumber them, and the entries are
/// moved to the new buckets a few old buckets per <see cref="Allocate"/>, not all at once: until an old bucket has been
/// moved, its keys are looked up, linked and unlinked there. (Doubling and rehashing 2 million entries at once took
/// 48 ms on the request's thread, holding the institution's memory.)</para>
/// <para>A mutable struct: keep it in a (not readonly) field and call it in place. Not thread-safe.</para>
/// </remarks>
/// <typeparam name="TEntry">The entry; its own fields beyond key, discriminator and bucket link are the table's.</typeparam>
internal struct ChainedSlots<TEntry>(int minCapacity, int maxCapacity)
    where TEntry : struct, IChainedEntry
{
    /// <summary>Slots per chunk once the table is past one chunk (a power of two).</summary>
    internal const int ChunkSize = 1 << ChunkBits;

    private const int ChunkBits = 14;

    /// <summary>Old buckets moved per allocation while the buckets double: the move ends after half as many
    /// allocations as there are old buckets, well before the table can need to double them again.</summary>
    private const int BucketsMovedPerAllocation = 2;

    private TEntry[][] _chunks = [];
    private int _capacity;
    private int[] _buckets = [];
    private int _shift = 64;
    private int[] _oldBuckets = []; // half as many as _buckets: a shift of _shift + 1 picks one
    private int _moved;
    private int _used;
    private int _free;

    /// <summary>Slots allocated (held, free or not yet used).</summary>
    public readonly int Allocated => _capacity;

    /// <summary>The entry in <paramref name="slot"/> (slots past those handed out are default).</summary>
    public readonly ref TEntry this[int slot] => ref _chunks[slot >> ChunkBits][slot & (ChunkSize - 1)];

    /// <summary>The slot holding (<paramref name="key"/>, <paramref name="sub"/>), or -1.</summary>
    public readonly int Find(ulong key, int sub)
    {
        if (_buckets.Length == 0)
        {
            return -1;
        }

        for (var i = BucketOf(key, sub); i != 0;)
        {
            ref var entry = ref this[i - 1];
            if (entry.HashKey == key && entry.HashSub == sub)
            {
                return i - 1;
            }

            i = entry.BucketLink;
        }

        return -1;
    }

    /// <summary>A slot to fill: a freed one if any, else the next unused one (growing when full). The caller sets the
    /// entry's key and discriminator, then calls <see cref="Link"/>.</summary>
    public int Allocate()
    {
        if (_oldBuckets.Length != 0)
        {
            MoveBuckets(BucketsMovedPerAllocation);
        }

        if (_free != 0)
        {
            var slot = _free - 1;
            _free = this[slot].BucketLink;
            return slot;
        }

        if (_used == _capacity)
        {
            Grow();
        }

        return _used++;
    }

    /// <summary>Puts a filled slot into the bucket of its key and discriminator.</summary>
    public readonly void Link(int slot)
    {
        ref var entry = ref this[slot];
        ref var bucket = ref BucketOf(entry.HashKey, entry.HashSub);
        entry.BucketLink = bucket;
        bucket = slot + 1;
    }

    /// <summary>Takes a held slot out of its bucket (its key and discriminator must still be set).</summary>
    public readonly void Unlink(int slot)
    {
        ref var entry = ref this[slot];
        var next = entry.BucketLink;
        ref var head = ref BucketOf(entry.HashKey, entry.HashSub);
        if (head == slot + 1)
        {
            head = next;
            return;
        }

        for (var i = head; ;)
        {
            ref var other = ref this[i - 1];
            if (other.BucketLink == slot + 1)
            {
                other.BucketLink = next;
                return;
            }

            i = other.BucketLink;
        }
    }

    /// <summary>Puts an unlinked slot on the free list; the caller has reset the entry's own fields.</summary>
    public void Free(int slot)
    {
        this[slot].BucketLink = _free;
        _free = slot + 1;
    }

    // The same key is common under different discriminators (every visit charging one national code), so the
    // discriminator is mixed in before the multiplicative step spreads the pair over the buckets; the top bits pick the
    // bucket, so doubling the buckets splits old bucket b into new buckets 2b and 2b + 1.
    private static ulong Mix(ulong key, int sub) => (key + ((ulong)(uint)sub * 0x9E3779B97F4A7C15)) * 0xD6E8FEB86659FD93;

    // The head of the chain that holds (or would hold) the pair: in the old buckets while its old bucket is not yet moved.
    private readonly ref int BucketOf(ulong key, int sub)
    {
        var mixed = Mix(key, sub);
        if (_oldBuckets.Length != 0)
        {
            var old = (int)(mixed >> (_shift + 1));
            if (old >= _moved)
            {
                return ref _oldBuckets[old];
            }
        }

        return ref _buckets[(int)(mixed >> _shift)];
    }

    private void Grow()
    {
        // Only called with no free slot: every slot below _used holds an entry.
        if (_capacity < ChunkSize)
        {
            if (_chunks.Length == 0)
            {
                _chunks = [[]];
            }

            var size = (int)Math.Min(Math.Max(minCapacity, 2L * _capacity), Math.Min(ChunkSize, maxCapacity));
            Array.Resize(ref _chunks[0], size);
            _capacity = size;
        }
        else
        {
            var chunk = _capacity >> ChunkBits;
            if (chunk == _chunks.Length)
            {
                Array.Resize(ref _chunks, 2 * _chunks.Length);
            }

            _chunks[chunk] = new TEntry[ChunkSize];
            _capacity = (int)Math.Min((long)_capacity + ChunkSize, maxCapacity);
        }

        if (_capacity > _buckets.Length)
        {
            DoubleBuckets();
        }
    }

    private void DoubleBuckets()
    {
        if (_buckets.Length == 0)
        {
            // At least two buckets: with one, the shift would be 64, which C# takes as 0.
            var count = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(_capacity, Math.Max(minCapacity, 2)));
            _buckets = new int[count];
            _shift = 64 - BitOperations.Log2((uint)count);
            return;
        }

        // A move still under way ends first, so that entries are in two bucket arrays at most. (A safety net: a move
        // ends after half as many allocations as there are old buckets, and the next doubling needs more.)
        MoveBuckets(_oldBuckets.Length);
        _oldBuckets = _buckets;
        _moved = 0;
        _buckets = new int[2 * _oldBuckets.Length];
        _shift--;
        if (_buckets.Length < _capacity)
        {
            DoubleBuckets();
        }
    }

    private void MoveBuckets(int count)
    {
        var end = Math.Min(_oldBuckets.Length, _moved + count);
        for (; _moved < end; _moved++)
        {
            ref var head = ref _oldBuckets[_moved];
            for (var i = head; i != 0;)
            {
                ref var entry = ref this[i - 1];
                var next = entry.BucketLink;
                ref var bucket = ref _buckets[(int)(Mix(entry.HashKey, entry.HashSub) >> _shift)];
                entry.BucketLink = bucket;
                bucket = i;
                i = next;
            }

            head = 0;
        }

        if (_moved == _oldBuckets.Length)
        {
            _oldBuckets = [];
            _moved = 0;
        }
    }
}
