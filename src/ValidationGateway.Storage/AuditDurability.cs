namespace ValidationGateway.Storage;

/// <summary>What an audit commit waits for before the answers it holds may leave.</summary>
public enum AuditDurability
{
    /// <summary>
    /// The commit is on disk (SQLite <c>synchronous = FULL</c>, an fsync per commit; PostgreSQL
    /// <c>synchronous_commit = on</c>): an answered request survives a power loss. Each commit costs one disk flush,
    /// shared by every request in the group.
    /// </summary>
    PowerLoss = 0,

    /// <summary>
    /// The commit is in the operating system's hands (SQLite WAL with <c>synchronous = NORMAL</c>; PostgreSQL
    /// <c>synchronous_commit = off</c> for the audit transaction): it survives the gateway being killed, but a power
    /// loss or an OS crash of the store's machine can lose the last commits. The database stays consistent either way.
    /// </summary>
    ProcessCrash = 1,
}
