namespace ValidationGateway.Storage;

/// <summary>What a delta import did to one kind of a draft version, counted against its base version.</summary>
/// <param name="Added">Delta rows whose key (code, begndate) the base did not have.</param>
/// <param name="Changed">Delta rows whose key the base had with other values (and not an invalidation).</param>
/// <param name="Invalidated">Delta rows with vali_flag 0 whose key was valid in the base.</param>
/// <param name="Unchanged">Delta rows identical to the base's row.</param>
/// <param name="RowCount">Rows of the kind in the draft afterwards.</param>
/// <param name="CreatedVersion">True when the draft did not exist and was created as a copy of the base.</param>
public sealed record CatalogDeltaResult(long Added, long Changed, long Invalidated, long Unchanged, long RowCount, bool CreatedVersion)
{
    /// <summary>Rows the delta had.</summary>
    public long DeltaRows => Added + Changed + Invalidated + Unchanged;
}
