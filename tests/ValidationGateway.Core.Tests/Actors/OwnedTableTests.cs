using ValidationGateway.Core.Actors;

namespace ValidationGateway.Core.Tests.Actors;

/// <summary>Values per owner: small owners searched along their chain, large ones through the hash buckets.</summary>
public class OwnedTableTests
{
    [Fact]
    public void AddFindRemove_AgainstADictionary_AgreeForSmallAndLargeOwners()
    {
        // Owners of every size around the threshold: most stay small, some cross it (their entries are then linked
        // into the buckets) and a few grow to hundreds. The same keys recur under different owners, owners are
        // removed whole and their slots reused, and the table crosses several chunks.
        const int owners = 4_000;
        var table = new OwnedTable<int>();
        var chains = new OwnerChain[owners];
        var model = new Dictionary<int, Dictionary<ulong, int>>();
        var random = new Random(20261123);
        for (var step = 0; step < 200_000; step++)
        {
            var owner = random.Next(10) == 0 ? random.Next(40) : random.Next(owners);
            var values = model.TryGetValue(owner, out var v) ? v : model[owner] = [];
            var action = random.Next(100);
            if (action < 60)
            {
                var key = (ulong)random.Next(owner < 40 ? 600 : 30) << 24;
                table.GetOrAdd(owner, key, ref chains[owner]) += 1;
                values[key] = values.GetValueOrDefault(key) + 1;
            }
            else if (action < 62 && (owner >= 40 || random.Next(50) == 0))
            {
                table.RemoveAll(ref chains[owner]);
                values.Clear();
            }
            else
            {
                var key = (ulong)random.Next(owner < 40 ? 600 : 30) << 24;
                var found = table.TryGetValue(owner, key, chains[owner], out var value);
                Assert.Equal(values.TryGetValue(key, out var expected), found);
                Assert.Equal(expected, value);
            }

            Assert.Equal(values.Count, chains[owner].Count);
        }

        Assert.True(table.Allocated >= 3 * 16_384, $"only {table.Allocated} slots: the test did not cross three chunks");
        Assert.Contains(chains, c => c.Count > 10 * OwnedTable<int>.HashedAbove);
        Assert.Contains(chains, c => c.Count is > 0 and <= OwnedTable<int>.HashedAbove);
        Assert.Equal(model.Values.Sum(m => m.Count), table.Count);
        for (var owner = 0; owner < owners; owner++)
        {
            foreach (var (key, expected) in model.GetValueOrDefault(owner) ?? [])
            {
                Assert.True(table.TryGetValue(owner, key, chains[owner], out var value));
                Assert.Equal(expected, value);
            }
        }
    }

    [Fact]
    public void GetOrAdd_OwnerCrossingTheThreshold_KeepsEveryValueAndTheOthersApart()
    {
        var table = new OwnedTable<int>();
        OwnerChain big = default, small = default;
        for (var i = 0; i < 3 * OwnedTable<int>.HashedAbove; i++)
        {
            table.GetOrAdd(1, (ulong)i, ref big) = i + 100;
            if (i < 3)
            {
                table.GetOrAdd(2, (ulong)i, ref small) = -i - 1;
            }

            for (var j = 0; j <= i; j++)
            {
                Assert.True(table.TryGetValue(1, (ulong)j, big, out var value), $"key {j} after {i + 1} values");
                Assert.Equal(j + 100, value);
            }
        }

        Assert.Equal(3 * OwnedTable<int>.HashedAbove, big.Count);
        Assert.True(table.TryGetValue(2, 1, small, out var other));
        Assert.Equal(-2, other);
        Assert.False(table.TryGetValue(2, 5, small, out _));

        table.RemoveAll(ref big);
        Assert.Equal(default, big);
        Assert.False(table.TryGetValue(1, 0, big, out _));
        Assert.Equal(3, table.Count);

        // The freed slots go back into service for another large owner, found through the buckets again.
        OwnerChain next = default;
        for (var i = 0; i < 2 * OwnedTable<int>.HashedAbove; i++)
        {
            table.GetOrAdd(3, (ulong)i, ref next) = i;
        }

        Assert.All(Enumerable.Range(0, 2 * OwnedTable<int>.HashedAbove), i => Assert.True(table.TryGetValue(3, (ulong)i, next, out var value) && value == i));
        Assert.False(table.TryGetValue(1, 0, default, out _));
    }
}
