using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using ValidationGateway.Core.Audit;

namespace ValidationGateway.Storage.Sqlite;

/// <summary>The audit trail's own connection to the SQLite file: one prepared insert, one transaction per batch, the
/// replays' prepared read, and WAL checkpoints moved off the committing thread.</summary>
/// <remarks>
/// <para>Thread-safe (one batch or one read at a time). The connection is opened once, so a batch costs its transaction and one
/// execution per record; there is no pool round trip and no pragma per commit. The insert is a statement of SQLite's
/// own API (SQLitePCLRaw, which Microsoft.Data.Sqlite runs on), bound from one reused UTF-8 buffer: through
/// <see cref="SqliteCommand"/> each record cost a data reader, a statement enumerator and a binder object per parameter,
/// about a third of the writer's CPU per record in a micro-benchmark (17–22 against 13–15 µs).</para>
/// <para>SQLite's automatic checkpoint runs inside the commit that crosses the threshold (1,000 pages by default), and
/// with it a copy into the database file and a disk flush: a stall of tens of milliseconds for every request waiting
/// on that batch. This connection raises its threshold to <see cref="FallbackCheckpointPages"/> (a bound, should the
/// background fall behind), and a background thread checkpoints every <see cref="CheckpointInterval"/> on a
/// connection of its own (<see cref="CheckpointRound"/>).</para>
/// <para>A passive checkpoint never blocks the writer, but alone it never lets the WAL start over: SQLite restarts the
/// WAL from its beginning only in a transaction that begins when every frame has been copied, and under steady
/// traffic the writer appends while the copy runs. The WAL then grew to the fallback threshold and the writer
/// checkpointed by itself, stalling a commit for 15–50 ms about every 1.25 s at 4,000 requests/s. So each round
/// copies most frames without the writer's lock, flushes the database file, catches up without the lock on what was
/// appended meanwhile, and then, holding the lock for the millisecond or so it takes, copies the last few frames
/// (docs/performance.md, items 23 and 41).</para>
/// </remarks>
internal sealed class SqliteAuditWriter : IDisposable
{
    /// <summary>WAL pages after which the writer checkpoints by itself (about 40 MB).</summary>
    internal const int FallbackCheckpointPages = 10_000;

    /// <summary>How long a commit waits for another writer before it fails (the store's busy timeout).</summary>
    internal const int BusyTimeoutMilliseconds = 30_000;

    /// <summary>Unlocked passes after the first, at most, before the locked step of a checkpoint round.</summary>
    internal const int MaxCatchUpPasses = 3;

    /// <summary>A pass that copied at most this many frames (1 MB) leaves the locked step little to do.</summary>
    internal const int CatchUpFrames = 256;

    /// <summary>How often the background checkpoint runs.</summary>
    internal static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _insert;
    private readonly sqlite3_stmt _selectResponse;
    private byte[] _text = new byte[256];
    private readonly Thread _checkpointer;
    private readonly TimeSpan _checkpointInterval;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _connectionString;
    private AuditDurability? _durability;

    /// <summary>Opens the audit connection and starts the checkpoint thread (<paramref name="checkpointInterval"/>:
    /// <see cref="CheckpointInterval"/> when null; <see cref="Timeout.InfiniteTimeSpan"/> for none, in tests).</summary>
    public SqliteAuditWriter(string connectionString, TimeSpan? checkpointInterval = null)
    {
        _checkpointInterval = checkpointInterval ?? CheckpointInterval;
        // Not pooled: the pragmas below must not follow the connection into other writes.
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _connection = new SqliteConnection(_connectionString);
        try
        {
            _connection.Open();
            Execute(_connection, $"PRAGMA wal_autocheckpoint = {FallbackCheckpointPages}");
            // A commit that meets another writer's lock (a `vgw` command publishing or importing) waits inside SQLite,
            // which retries after 1, 2, 5, 10… ms, up to the store's busy timeout.
            Execute(_connection, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}");
            Check(raw.sqlite3_prepare_v2(_connection.Handle, """
                INSERT INTO audit_requests (fixmedins_code, request_id, received_at, day, catalog_version, verdict, psn_hash, line_count, request, response)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                ON CONFLICT (fixmedins_code, request_id) DO NOTHING
                """, out _insert));
            Check(raw.sqlite3_prepare_v2(_connection.Handle, "SELECT response FROM audit_requests WHERE fixmedins_code = ?1 AND request_id = ?2", out _selectResponse));
        }
        catch
        {
            _connection.Dispose();
            throw;
        }

        _checkpointer = new Thread(CheckpointLoop) { IsBackground = true, Name = "sqlite-checkpoint" };
        _checkpointer.Start();
    }

    /// <summary>Writes <paramref name="records"/> in one transaction; per record, true when new, false when its request
    /// id was already stored.</summary>
    public bool[] Append(IReadOnlyList<AuditRecord> records, AuditDurability durability)
    {
        var stored = new bool[records.Count];
        lock (_gate)
        {
            if (_durability != durability)
            {
                // FULL: the commit waits for the WAL's disk flush; NORMAL: WAL writes without a flush, safe against a
                // process crash, not a power loss.
                Execute(_connection, durability == AuditDurability.PowerLoss ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
                _durability = durability;
            }

            Exec("BEGIN IMMEDIATE");
            try
            {
                for (var r = 0; r < records.Count; r++)
                {
                    stored[r] = Insert(records[r]);
                }

                Exec("COMMIT");
            }
            catch
            {
                // Nothing of the batch stays: its callers get the exception and their answers are not sent.
                if (raw.sqlite3_get_autocommit(_connection.Handle) == 0)
                {
                    raw.sqlite3_exec(_connection.Handle, "ROLLBACK");
                }

                throw;
            }
        }

        return stored;
    }

    /// <summary>The stored response of a request id, or null: what a repeated request id is answered with.</summary>
    /// <remarks>On this connection and its prepared statement, so a replay costs no pooled connection and no statement
    /// preparation; it waits for a batch being written.</remarks>
    public byte[]? ReadResponse(string institutionCode, string requestId)
    {
        lock (_gate)
        {
            try
            {
                BindText(_selectResponse, 1, institutionCode);
                BindText(_selectResponse, 2, requestId);
                var rc = raw.sqlite3_step(_selectResponse);
                if (rc == raw.SQLITE_ROW)
                {
                    return raw.sqlite3_column_blob(_selectResponse, 0).ToArray();
                }

                Check(rc);
                return null;
            }
            finally
            {
                raw.sqlite3_reset(_selectResponse);
                raw.sqlite3_clear_bindings(_selectResponse);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _checkpointer.Join();
        lock (_gate)
        {
            _selectResponse.Dispose();
            _insert.Dispose();
            _connection.Dispose();
        }

        _stop.Dispose();
    }

    private void CheckpointLoop()
    {
        using var connection = new SqliteConnection(_connectionString);
        while (!_stop.Token.WaitHandle.WaitOne(_checkpointInterval))
        {
            try
            {
                if (connection.State != System.Data.ConnectionState.Open)
                {
                    connection.Open();
                }

                CheckpointRound(connection);
            }
            catch (SqliteException)
            {
                // Busy or the file went away (a test deleting its store): the next round, or the writer's own
                // fallback checkpoint, catches up.
            }
        }
    }

    /// <summary>Copies the WAL into the database file so that the writer's next transaction restarts the WAL; runs on
    /// <paramref name="connection"/>, not the writer's. Returns the frames the last, locked step copied.</summary>
    /// <remarks>
    /// <para>Without the writer's lock, a passive checkpoint copies the frames there are (most of the work; the writer
    /// goes on appending) and the database file is flushed. Then up to <see cref="MaxCatchUpPasses"/> more unlocked
    /// passes copy the frames appended meanwhile, each shorter than the one before, until one finds at most
    /// <see cref="CatchUpFrames"/> new frames. Only then, holding the lock, a last passive checkpoint copies the few
    /// frames appended since and flushes only those. A WAL copied to its end is what lets the next transaction start it
    /// over.</para>
    /// <para>Every answer waiting for a commit waits for that locked step. After one unlocked pass it held the writer
    /// 3.5–5.5 ms at 4,500 calls/s (~5,000 frames a round), twice a second; with the catch-up passes, 1.0–1.5 ms
    /// (docs/performance.md, item 41).</para>
    /// <para><paramref name="afterUnlockedCopy"/> runs after the first pass (tests: a batch appended while the copy ran).</para>
    /// </remarks>
    internal int CheckpointRound(SqliteConnection connection, Action? afterUnlockedCopy = null)
    {
        var pass = Checkpoint(connection);
        if (pass.Frames == 0)
        {
            return 0;
        }

        afterUnlockedCopy?.Invoke();
        SqliteFileSync.TryFlushDatabaseFile(connection);
        for (var i = 0; i < MaxCatchUpPasses; i++)
        {
            var next = Checkpoint(connection);
            var copied = next.CopiedSince(pass);
            pass = next;
            if (copied <= CatchUpFrames)
            {
                break;
            }

            SqliteFileSync.TryFlushDatabaseFile(connection);
        }

        lock (_gate)
        {
            return Checkpoint(connection).CopiedSince(pass);
        }
    }

    /// <summary>Runs a passive checkpoint on <paramref name="connection"/>: the frames the WAL holds and how many of them
    /// are now copied into the database file (both 0 once it has started over and nothing was written since; an idle WAL
    /// copied to its end still counts its frames).</summary>
    /// <remarks>Through the pragma rather than <c>sqlite3_wal_checkpoint_v2</c>: a statement reads the schema first, so
    /// it also works on a connection that has not yet opened the WAL (the function then reports -1 and copies nothing).</remarks>
    internal static WalCheckpoint Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        return reader.Read() ? new WalCheckpoint(reader.GetInt32(1), reader.GetInt32(2)) : default;
    }

    /// <summary>Runs the insert for one record; true when a row was added, false when its request id was already there.</summary>
    private bool Insert(AuditRecord record)
    {
        var db = _connection.Handle;
        try
        {
            BindText(_insert, 1, record.InstitutionCode);
            BindText(_insert, 2, record.RequestId);
            BindTimestamp(3, record.ReceivedAt);
            BindDate(4, record.Day);
            BindText(_insert, 5, record.CatalogVersion);
            Check(raw.sqlite3_bind_int(_insert, 6, (int)record.Verdict));
            BindText(_insert, 7, record.PsnHash);
            Check(raw.sqlite3_bind_int(_insert, 8, record.LineCount));
            Check(raw.sqlite3_bind_blob(_insert, 9, record.Request));
            Check(raw.sqlite3_bind_blob(_insert, 10, record.Response));
            var rc = raw.sqlite3_step(_insert);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
            }

            return raw.sqlite3_changes(db) == 1;
        }
        finally
        {
            raw.sqlite3_reset(_insert);
            raw.sqlite3_clear_bindings(_insert);
        }
    }

    // Text is bound as UTF-8 from the reused buffer; SQLite copies it (SQLITE_TRANSIENT), so the buffer is free again at once.
    // A null (not a valid record) is bound as NULL, which the column's NOT NULL constraint refuses with a clear error.
    private void BindText(sqlite3_stmt statement, int index, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(statement, index));
            return;
        }

        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_text.Length < length)
        {
            _text = new byte[Math.Max(length, 2 * _text.Length)];
        }

        Check(raw.sqlite3_bind_text(statement, index, _text.AsSpan(0, Encoding.UTF8.GetBytes(value, _text))));
    }

    // The same text as SqliteValues.Timestamp and SqliteValues.Date, formatted straight into the buffer.
    private void BindTimestamp(int index, DateTimeOffset value)
    {
        if (!value.ToUniversalTime().TryFormat(_text, out var written, "O", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("The timestamp did not fit the text buffer.");
        }

        Check(raw.sqlite3_bind_text(_insert, index, _text.AsSpan(0, written)));
    }

    private void BindDate(int index, DateOnly value)
    {
        if (!value.TryFormat(_text, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("The date did not fit the text buffer.");
        }

        Check(raw.sqlite3_bind_text(_insert, index, _text.AsSpan(0, written)));
    }

    private void Exec(string sql)
    {
        Check(raw.sqlite3_exec(_connection.Handle, sql));
    }

    private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _connection.Handle);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
