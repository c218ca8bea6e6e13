using System.Net.Sockets;
using Npgsql;
using ValidationGateway.Storage.Postgres;

namespace ValidationGateway.Storage.Tests.Postgres;

public sealed class PostgresTransientErrorsTests
{
    [Theory]
    [InlineData("08006", true)] // connection_failure
    [InlineData("08001", true)] // sqlclient_unable_to_establish_sqlconnection
    [InlineData("40001", true)] // serialization_failure
    [InlineData("40P01", true)] // deadlock_detected
    [InlineData("57P01", true)] // admin_shutdown
    [InlineData("57P03", true)] // cannot_connect_now
    [InlineData("53300", true)] // too_many_connections
    [InlineData("23505", false)] // unique_violation: a bug or a real conflict
    [InlineData("42P01", false)] // undefined_table
    [InlineData("3D000", false)] // invalid_catalog_name: wrong database stays wrong
    [InlineData("28P01", false)] // invalid_password
    public void IsTransient_PostgresError_ClassifiedBySqlState(string sqlState, bool expected) =>
        Assert.Equal(expected, PostgresTransientErrors.IsTransient(new PostgresException("x", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void IsTransient_NetworkFailures_AreTransientOthersNot()
    {
        Assert.True(PostgresTransientErrors.IsTransient(new NpgsqlException("broken", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(PostgresTransientErrors.IsTransient(new NpgsqlException("broken", new IOException("reset"))));
        Assert.True(PostgresTransientErrors.IsTransient(new TimeoutException()));
        Assert.False(PostgresTransientErrors.IsTransient(new InvalidOperationException()));
        Assert.False(PostgresTransientErrors.IsTransient(new NpgsqlException("bad")));
    }

    [Fact]
    public void IsRolledBackRace_OnlyForErrorsAfterWhichTheServerRolledBack()
    {
        Assert.True(PostgresTransientErrors.IsRolledBackRace(new PostgresException("x", "ERROR", "ERROR", "40001")));
        Assert.True(PostgresTransientErrors.IsRolledBackRace(new PostgresException("x", "ERROR", "ERROR", "40P01")));
        Assert.False(PostgresTransientErrors.IsRolledBackRace(new PostgresException("x", "FATAL", "FATAL", "57P01")));
        Assert.False(PostgresTransientErrors.IsRolledBackRace(new NpgsqlException("broken", new IOException("reset"))));
    }
}
