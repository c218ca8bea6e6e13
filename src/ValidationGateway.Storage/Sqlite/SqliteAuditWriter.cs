using Microsoft.Data.Sqlite;
using ValidationGateway.Core.Audit;

namespace ValidationGateway.Storage.Sqlite;

/// <summary>The audit trail's own connection to the SQLite file: one prepared insert, one transaction per batch, and
/// WAL checkpoints moved off the committing thread.</summary>
/// <remarks>
/// <para>Thread-safe (one batch at a time). The connection is opened once, so a batch costs its transaction and one
/// execution per record; there is no pool round trip and no pragma per commit.</para>
/// <para>SQLite's automatic checkpoint runs inside the commit that crosses the threshold (1,000 pages by default), and
/// with it a copy into the database file and a disk flush: a stall of tens of milliseconds for every request waiting
/// on that batch. This connection raises its threshold to <see cref="FallbackCheckpointPages"/> (a bound, should the
/// background fall behind), and a background thread runs a passive checkpoint every <see cref="CheckpointInterval"/>
/// on a connection of its own; a passive checkpoint never blocks the writer.</para>
/// </remarks>
internal sealed class SqliteAuditWriter : IDisposable
{
    /// <summary>WAL pages after which the writer checkpoints by itself (about 40 MB).</summary>
    internal const int FallbackCheckpointPages = 10_000;

    /// <summary>How long a commit waits for another writer before it fails (the store's busy timeout).</summary>
    internal const int BusyTimeoutMilliseconds = 30_000;

    /// <summary>How often the background checkpoint runs.</summary>
    internal static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter[] _values;
    private readonly Thread _checkpointer;
    private readonly CancellationTokenSource _stop = new();
    private readonly string _connectionString;
    private AuditDurability? _durability;

    public SqliteAuditWriter(string connectionString)
    {
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
            _insert = _connection.CreateCommand();
            _insert.CommandText = """
                INSERT INTO audit_requests (fixmedins_code, request_id, received_at, day, catalog_version, verdict, psn_hash, line_count, request, response)
                VALUES ($inst, $id, $at, $day, $ver, $verdict, $psn, $count, $request, $response)
                ON CONFLICT (fixmedins_code, request_id) DO NOTHING
                """;
            _values =
            [
                _insert.Parameters.Add("$inst", SqliteType.Text),
                _insert.Parameters.Add("$id", SqliteType.Text),
                _insert.Parameters.Add("$at", SqliteType.Text),
                _insert.Parameters.Add("$day", SqliteType.Text),
                _insert.Parameters.Add("$ver", SqliteType.Text),
                _insert.Parameters.Add("$verdict", SqliteType.Integer),
                _insert.Parameters.Add("$psn", SqliteType.Text),
                _insert.Parameters.Add("$count", SqliteType.Integer),
                _insert.Parameters.Add("$request", SqliteType.Blob),
                _insert.Parameters.Add("$response", SqliteType.Blob),
            ];
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

            using var transaction = _connection.BeginTransaction(deferred: false);
            _insert.Transaction = transaction;
            for (var r = 0; r < records.Count; r++)
            {
                var record = records[r];
                _values[0].Value = record.InstitutionCode;
                _values[1].Value = record.RequestId;
                _values[2].Value = SqliteValues.Timestamp(record.ReceivedAt);
                _values[3].Value = SqliteValues.Date(record.Day);
                _values[4].Value = record.CatalogVersion;
                _values[5].Value = (int)record.Verdict;
                _values[6].Value = record.PsnHash;
                _values[7].Value = record.LineCount;
                _values[8].Value = record.Request;
                _values[9].Value = record.Response;
                stored[r] = _insert.ExecuteNonQuery() == 1;
            }

            transaction.Commit();
            _insert.Transaction = null;
        }

        return stored;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _checkpointer.Join();
        lock (_gate)
        {
            _insert.Dispose();
            _connection.Dispose();
        }

        _stop.Dispose();
    }

    private void CheckpointLoop()
    {
        using var connection = new SqliteConnection(_connectionString);
        while (!_stop.Token.WaitHandle.WaitOne(CheckpointInterval))
        {
            try
            {
                if (connection.State != System.Data.ConnectionState.Open)
                {
                    connection.Open();
                }

                Execute(connection, "PRAGMA wal_checkpoint(PASSIVE)");
            }
            catch (SqliteException)
            {
                // Busy or the file went away (a test deleting its store): the next round, or the writer's own
                // fallback checkpoint, catches up.
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
