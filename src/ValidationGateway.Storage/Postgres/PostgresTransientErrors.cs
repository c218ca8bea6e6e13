using Npgsql;

namespace ValidationGateway.Storage.Postgres;

/// <summary>Which PostgreSQL failures are worth retrying, classified by SQLSTATE (and Npgsql's own I/O failures).</summary>
public static class PostgresTransientErrors
{
    /// <summary>
    /// True when retrying the same work on a fresh connection may succeed: the connection broke or could not be
    /// made, the server is starting or shutting down, it is out of connections, or the transaction lost a
    /// serialization or deadlock race.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => IsTransientSqlState(postgres.SqlState),
        // Network errors, timeouts and a broken connection: Npgsql marks these itself.
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException => true,
        _ => false,
    };

    /// <summary>True for SQLSTATEs after which the server has rolled the transaction back and a retry may succeed.</summary>
    public static bool IsRolledBackRace(Exception exception) =>
        exception is PostgresException { SqlState: "40001" or "40P01" or "55P03" };

    /// <summary>The SQLSTATE classification behind <see cref="IsTransient"/>.</summary>
    public static bool IsTransientSqlState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
        || sqlState is
            "40001" // serialization_failure
            or "40P01" // deadlock_detected
            or "55P03" // lock_not_available
            or "53000" // insufficient_resources
            or "53300" // too_many_connections
            or "57P01" // admin_shutdown
            or "57P02" // crash_shutdown
            or "57P03" // cannot_connect_now (starting up, in recovery)
            or "58000"; // system_error (I/O on the server)
}
