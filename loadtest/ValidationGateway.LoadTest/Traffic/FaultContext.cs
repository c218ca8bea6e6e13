using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>What a fault may look at and change while it is applied to one line of a batch being built.</summary>
internal sealed class FaultContext
{
    public required Random Random { get; init; }

    public required CodePool Pool { get; init; }

    public required KnowledgePoints Knowledge { get; init; }

    public required ValidateRequest Request { get; init; }

    public required Institution Institution { get; init; }

    /// <summary>Visits this generator has charged a once-per-visit item on, by institution (for the duplicate fault).</summary>
    public required Dictionary<string, (Visit Visit, string Code)> PrimedVisits { get; init; }

    /// <summary>True once a fault has changed the visit; a batch carries at most one visit-level fault.</summary>
    public bool VisitTaken { get; set; }

    /// <summary>A random valid code of <paramref name="type"/>, or null when the catalog has none.</summary>
    public PoolEntry? AnyValid(ItemType type)
    {
        var list = Pool.Valid(type);
        return list.Count == 0 ? null : list[Random.Next(list.Count)];
    }

    /// <summary>Digits for invented codes.</summary>
    public string Digits(int count)
    {
        Span<char> digits = stackalloc char[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + Random.Next(10));
        }

        return new string(digits);
    }
}
