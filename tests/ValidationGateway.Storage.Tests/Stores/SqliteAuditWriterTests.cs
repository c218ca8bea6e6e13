using Microsoft.Data.Sqlite;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;
using ValidationGateway.Storage.Sqlite;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Stores;

/// <summary>The audit connection's checkpoints: the WAL must start over under steady writes, and nothing is lost.</summary>
public sealed class SqliteAuditWriterTests
{
    private static AuditRecord Record(string id) =>
        new("H21010200123", id, StoreScope.Start, new DateOnly(2026, 11, 22), "2026.11", Verdict.Pass, "", 8, new byte[2000], new byte[1000]);

    private static AuditRecord[] Batch(string prefix, int count) => Enumerable.Range(0, count).Select(i => Record($"{prefix}-{i}")).ToArray();

    [Fact]
    public async Task CheckpointRound_BatchAppendedWhileTheCopyRan_NextTransactionRestartsTheWal()
    {
        await using var scope = await StoreScope.CreateAsync();
        using var writer = new SqliteAuditWriter($"Data Source={scope.Store.FilePath}", Timeout.InfiniteTimeSpan);
        using var checkpointer = scope.OpenRaw();
        writer.Append(Batch("a", 50), AuditDurability.ProcessCrash);

        // The writer appends while the unlocked copy runs: a passive checkpoint alone leaves those frames behind, and
        // the WAL can then only grow.
        writer.CheckpointRound(checkpointer, () => writer.Append(Batch("b", 50), AuditDurability.ProcessCrash));
        writer.Append(Batch("c", 1), AuditDurability.ProcessCrash);

        // Started over, the WAL holds only the last one-record transaction (a few pages), not the ~100 records before it.
        var frames = SqliteAuditWriter.Checkpoint(checkpointer).Frames;
        Assert.InRange(frames, 1, 10);
        Assert.Equal(101L, await scope.ScalarAsync("SELECT count(*) FROM audit_requests"));
    }

    [Fact]
    public async Task CheckpointRound_BatchAppendedWhileTheFirstCopyRan_CopiedBeforeTheWriterIsLocked()
    {
        await using var scope = await StoreScope.CreateAsync();
        using var writer = new SqliteAuditWriter($"Data Source={scope.Store.FilePath}", Timeout.InfiniteTimeSpan);
        using var checkpointer = scope.OpenRaw();
        writer.Append(Batch("a", 50), AuditDurability.ProcessCrash);

        // Every commit waits while the writer is locked: the frames appended during the first copy (~50 records, more
        // than CatchUpFrames) are copied by an unlocked catch-up pass, and the locked step finds nothing left.
        var lockedCopies = writer.CheckpointRound(checkpointer, () => writer.Append(Batch("b", 50), AuditDurability.ProcessCrash));

        Assert.Equal(0, lockedCopies);
        var afterRound = SqliteAuditWriter.Checkpoint(checkpointer);
        Assert.Equal(afterRound.Frames, afterRound.Copied);
        writer.Append(Batch("c", 1), AuditDurability.ProcessCrash);
        Assert.InRange(SqliteAuditWriter.Checkpoint(checkpointer).Frames, 1, 10);
    }

    [Theory]
    [InlineData(100, 40, 100, 70, 30)]
    [InlineData(100, 100, 12, 12, 12)]
    [InlineData(100, 100, 100, 100, 0)]
    public void CopiedSince_SameOrRestartedWal_CountsOnlyNewCopies(int frames0, int copied0, int frames1, int copied1, int expected)
    {
        Assert.Equal(expected, new WalCheckpoint(frames1, copied1).CopiedSince(new WalCheckpoint(frames0, copied0)));
    }

    [Fact]
    public async Task TryFlushDatabaseFile_OpenConnection_FlushesThroughSqlitesOwnFile()
    {
        await using var scope = await StoreScope.CreateAsync();
        using var connection = scope.OpenRaw();

        Assert.True(SqliteFileSync.TryFlushDatabaseFile(connection));

        connection.Close();
        Assert.False(SqliteFileSync.TryFlushDatabaseFile(connection));
    }
}
