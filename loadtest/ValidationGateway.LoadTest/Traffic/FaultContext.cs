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

    /// <summary>The visit's accepted charges so far (and its patient): what the gateway will remember.</summary>
    public required VisitPlan Plan { get; init; }

    /// <summary>The institution's admin division (code characters 2–7): doctor and pharmacist codes carry it.</summary>
    public required string Division { get; init; }

    /// <summary>Visits this generator has charged a once-per-visit item on, by institution (for the duplicate fault).</summary>
    public required Dictionary<string, PrimedVisit> PrimedVisits { get; init; }

    /// <summary>The primed visit this batch continues (a later batch of the same visit), or null for a new visit.</summary>
    public PrimedVisit? Continues { get; init; }

    /// <summary>The line index where a continued visit repeats its once-per-visit item.</summary>
    public int RepeatLine { get; init; } = -1;

    /// <summary>The index of the line being built.</summary>
    public int LineIndex { get; set; }

    /// <summary>Sequence number of the batch.</summary>
    public long Sequence { get; init; }

    /// <summary>Set when this batch primes a visit; the generator attaches the batch once built.</summary>
    public PrimedVisit? Primed { get; set; }

    /// <summary>True once a gender or age fault has changed the visit or relies on it as it is (or the visit is
    /// continued): from then on the visit's gender and birth date stay, so a batch carries at most one visit change.</summary>
    public bool VisitTaken { get; set; }

    /// <summary>A random entry of <paramref name="list"/> that <paramref name="fits"/> (tries them all from a random start), or null.</summary>
    public PoolEntry? PickFitting(IReadOnlyList<PoolEntry> list, Func<PoolEntry, bool> fits)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(fits);
        if (list.Count == 0)
        {
            return null;
        }

        var start = Random.Next(list.Count);
        for (var k = 0; k < list.Count; k++)
        {
            var entry = list[(start + k) % list.Count];
            if (fits(entry))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>A random valid code of <paramref name="type"/> the visit allows charging once, or null.</summary>
    public PoolEntry? AnyAllowed(ItemType type) => PickFitting(Pool.Valid(type), e => Plan.Allows(e.Item, 1));

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

/// <summary>A visit that charged a once-per-visit item, kept so a later batch of the same visit can charge it again.</summary>
internal sealed class PrimedVisit(Visit visit, VisitPlan plan, string code, long sequence)
{
    public Visit Visit => visit;

    public VisitPlan Plan => plan;

    public string Code => code;

    public long Sequence => sequence;

    /// <summary>The batch that charged the item first; the repeat waits until it has been answered (the gateway remembers it).</summary>
    public GeneratedBatch? Batch { get; set; }

    /// <summary>Set when the duplicate fault was drawn again: the next batch of this institution continues the visit.</summary>
    public bool WantRepeat { get; set; }
}
