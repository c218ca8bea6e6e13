namespace ValidationGateway.Storage.Sqlite;

/// <summary>What a passive checkpoint reported: the frames the WAL holds and how many of them are copied into the
/// database file.</summary>
/// <param name="Frames">Frames in the WAL (0 once it has started over and nothing was written since).</param>
/// <param name="Copied">Frames of those copied into the database file.</param>
internal readonly record struct WalCheckpoint(int Frames, int Copied)
{
    /// <summary>Frames this checkpoint copied after <paramref name="earlier"/> on the same database. A WAL that started
    /// over in between holds fewer frames than before, and all its copied frames are new.</summary>
    public int CopiedSince(WalCheckpoint earlier) => Frames >= earlier.Frames ? Copied - earlier.Copied : Copied;
}
