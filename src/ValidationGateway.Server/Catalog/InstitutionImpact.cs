namespace ValidationGateway.Server.Catalog;

/// <summary>One institution's share of a catalog impact replay.</summary>
internal sealed class InstitutionImpact(string code)
{
    public string Code { get; } = code;

    public long Batches { get; set; }

    public long Lines { get; set; }

    /// <summary>Lines whose verdict gets worse (pass → warn/reject, warn → reject).</summary>
    public long NewlyFailing { get; set; }

    /// <summary>Of <see cref="NewlyFailing"/>, lines that passed before.</summary>
    public long PassToFail { get; set; }

    /// <summary>Lines whose verdict gets better.</summary>
    public long NewlyPassing { get; set; }

    /// <summary>Requests not replayed (original version gone, institution unknown).</summary>
    public long Skipped { get; set; }

    /// <summary>Rule ids the newly failing lines gain, with counts.</summary>
    public SortedDictionary<string, long> NewFindings { get; } = new(StringComparer.Ordinal);

    /// <summary>Rule ids the newly passing lines lose, with counts.</summary>
    public SortedDictionary<string, long> ClearedFindings { get; } = new(StringComparer.Ordinal);
}
