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

    public long ReferenceBytes { get; init; }

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
            yield return string.Create(c, $"total load               {(LoadTime + reference).TotalSeconds,8:0.00} s");
        }
    }
}
