using System.Runtime.CompilerServices;
using ValidationGateway.Core.Actors;

namespace ValidationGateway.Core.Tests.Actors;

/// <summary>The shared storage of the memory's tables: growth in chunks and buckets moved a few at a time.</summary>
public class ChainedSlotsTests
{
    private struct TestEntry : IChainedEntry
    {
        public ulong Key;
        public int Sub;
        public int Link;
        public int Value;

        public readonly ulong HashKey => Key;

        public readonly int HashSub => Sub;

        public int BucketLink
        {
            readonly get => Link;
            set => Link = value;
        }
    }

    private static int Add(ref ChainedSlots<TestEntry> slots, ulong key, int sub, int value)
    {
        var slot = slots.Allocate();
        ref var entry = ref slots[slot];
        entry.Key = key;
        entry.Sub = sub;
        entry.Value = value;
        slots.Link(slot);
        return slot;
    }

    private static void Remove(ref ChainedSlots<TestEntry> slots, int slot)
    {
        slots.Unlink(slot);
        slots[slot] = default;
        slots.Free(slot);
    }

    [Fact]
    public void AddFindRemove_AgainstADictionary_AgreeThroughEveryGrowthAndBucketMove()
    {
        // Keys chosen to collide in the low bits and share discriminators, adds outnumbering removes so the table
        // crosses several chunks and bucket doublings, with lookups and removals while old buckets are still being moved.
        var slots = new ChainedSlots<TestEntry>(16, Array.MaxLength);
        var model = new Dictionary<(ulong, int), (int Slot, int Value)>();
        var random = new Random(20261122);
        var keys = new List<(ulong, int)>();
        for (var step = 0; step < 150_000; step++)
        {
            var action = random.Next(10);
            if (action < 6 || keys.Count == 0)
            {
                var key = ((ulong)random.Next(200_000) << 20, random.Next(8));
                if (!model.ContainsKey(key))
                {
                    model[key] = (Add(ref slots, key.Item1, key.Item2, step), step);
                    keys.Add(key);
                }
            }
            else if (action < 8)
            {
                var index = random.Next(keys.Count);
                var key = keys[index];
                Remove(ref slots, model[key].Slot);
                model.Remove(key);
                keys[index] = keys[^1];
                keys.RemoveAt(keys.Count - 1);
            }
            else
            {
                var key = keys[random.Next(keys.Count)];
                Assert.Equal(model[key].Slot, slots.Find(key.Item1, key.Item2));
                Assert.Equal(-1, slots.Find(key.Item1 + 1, key.Item2));
            }
        }

        Assert.True(slots.Allocated >= 3 * ChainedSlots<TestEntry>.ChunkSize, $"only {slots.Allocated} slots: the test did not cross the chunks");
        foreach (var (key, (slot, value)) in model)
        {
            Assert.Equal(slot, slots.Find(key.Item1, key.Item2));
            Assert.Equal(value, slots[slot].Value);
        }
    }

    [Fact]
    public void Allocate_PastOneChunk_AddsChunksAndLeavesTheEntriesWhereTheyAre()
    {
        var slots = new ChainedSlots<TestEntry>(16, Array.MaxLength);
        for (var i = 0; i < ChainedSlots<TestEntry>.ChunkSize; i++)
        {
            Add(ref slots, (ulong)i, 0, i);
        }

        ref var first = ref slots[0];
        for (var i = ChainedSlots<TestEntry>.ChunkSize; i < 3 * ChainedSlots<TestEntry>.ChunkSize; i++)
        {
            Add(ref slots, (ulong)i, 0, i);
        }

        Assert.Equal(3 * ChainedSlots<TestEntry>.ChunkSize, slots.Allocated);
        Assert.True(Unsafe.AreSame(ref first, ref slots[0]), "growth copied the first chunk");
        Assert.Equal(0, first.Value);
    }

    [Fact]
    public void Allocate_UnderACapThatIsNoMultipleOfTheChunk_StopsAtTheCap()
    {
        var cap = ChainedSlots<TestEntry>.ChunkSize + 100;
        var slots = new ChainedSlots<TestEntry>(8, cap);
        for (var i = 0; i < cap; i++)
        {
            Add(ref slots, (ulong)i * 7919, i % 3, i);
        }

        Assert.Equal(cap, slots.Allocated);
        for (var i = 0; i < cap; i++)
        {
            Assert.Equal(i, slots[slots.Find((ulong)i * 7919, i % 3)].Value);
        }
    }
}
