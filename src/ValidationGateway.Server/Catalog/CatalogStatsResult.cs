using System.Globalization;

namespace ValidationGateway.Server.Catalog;

/// <summary>Figures of one <c>vgw catalog stats</c> run.</summary>
internal sealed record CatalogStatsResult(string Version, long StoredRows, int SnapshotRows, int Codes, TimeSpan ReadTime, TimeSpan LoadTime, long SnapshotBytes)
{
    /// <summary>The snapshot's own count of the bytes its tables hold (<c>CatalogSnapshot.TableBytes</c>).</summary>
    public long TableBytes { get; init; }

    public int Institutions { get; init; }

    public long Mappings { get; init; }

    public TimeSpan? ReferenceLoadTime { get; init; }

    /// <summary>Retained bytes of every institution's reference data (mappings, practitioners, registration), by the GC.</summary>
    public long ReferenceBytes { get; init; }

    /// <summary>The mapping tables' own count of their arrays (<c>InstitutionReferenceData.MappingTableBytes</c>), summed.</summary>
    public long MappingTableBytes { get; init; }

    /// <summary>The national goal (issue 4): catalog and every institution load in at most this long…</summary>
    public static TimeSpan GoalLoadTime { get; } = TimeSpan.FromSeconds(30);

    /// <summary>…at most this many retained bytes per code, counting catalog codes and mappings.</summary>
    public const double GoalBytesPerCode = 40;

    public double BytesPerCode => Codes == 0 ? 0 : (double)SnapshotBytes / Codes;

    public IEnumerable<string> Lines()
    {
        var c = CultureInfo.InvariantCulture;
        yield return string.Create(c, $"version {Version}: {SnapshotRows:N0} rows, {Codes:N0} codes");
        yield return string.Create(c, $"store read (rows only)   {ReadTime.TotalSeconds,8:0.00} s");
        yield return string.Create(c, $"load (read + build)      {LoadTime.TotalSeconds,8:0.00} s   build ≈ {Math.Max(0, (LoadTime - ReadTime).TotalSeconds):0.00} s");
        yield return string.Create(c, $"snapshot retained        {SnapshotBytes / 1048576.0,8:0.0} MiB = {BytesPerCode:0.0} bytes/code, {(SnapshotRows == 0 ? 0 : (double)SnapshotBytes / SnapshotRows):0.0} bytes/row");
        yield return string.Create(c, $"packed tables            {TableBytes / 1048576.0,8:0.0} MiB = {(Codes == 0 ? 0 : (double)TableBytes / Codes):0.0} bytes/code (the snapshot's own count)");
        if (ReferenceLoadTime is { } reference)
        {
            yield return string.Create(c, $"institutions             {Institutions:N0} with {Mappings:N0} mappings: load {reference.TotalSeconds:0.00} s, {ReferenceBytes / 1048576.0:0.0} MiB = {(Mappings == 0 ? 0 : (double)ReferenceBytes / Mappings):0.0} bytes/mapping");
            yield return string.Create(c, $"mapping tables           {MappingTableBytes / 1048576.0,8:0.0} MiB = {(Mappings == 0 ? 0 : (double)MappingTableBytes / Mappings):0.0} bytes/mapping (the tables' own count)");
            var total = LoadTime + reference;
            var units = Codes + Mappings;
            var bytesPerUnit = units == 0 ? 0 : (double)(SnapshotBytes + ReferenceBytes) / units;
            var met = total <= GoalLoadTime && bytesPerUnit <= GoalBytesPerCode;
            yield return string.Create(c, $"total load               {total.TotalSeconds,8:0.00} s   (goal ≤ {GoalLoadTime.TotalSeconds:0} s)");
            yield return string.Create(c, $"total retained           {(SnapshotBytes + ReferenceBytes) / 1048576.0,8:0.0} MiB = {bytesPerUnit:0.0} bytes per code over {Codes:N0} codes + {Mappings:N0} mappings   (goal ≤ {GoalBytesPerCode:0})");
            yield return met ? "national goal            met" : "national goal            NOT met";
        }
    }
}
