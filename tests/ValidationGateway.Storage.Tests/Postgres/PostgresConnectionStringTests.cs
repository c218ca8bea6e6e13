using Npgsql;
using ValidationGateway.Storage.Postgres;

namespace ValidationGateway.Storage.Tests.Postgres;

public sealed class PostgresConnectionStringTests
{
    [Theory]
    [InlineData("Host=db1;Database=vgw", true)]
    [InlineData("host=db1;database=vgw", true)]
    [InlineData("postgres://vgw@db1/vgw", true)]
    [InlineData("postgresql://db1/vgw", true)]
    [InlineData("./data/vgw.db", false)]
    [InlineData("/var/lib/vgw/hosted.db", false)]
    [InlineData("C:\\vgw\\vgw.db", false)]
    public void IsPostgres_StoreSetting_TellsPostgresFromSqlitePath(string store, bool expected) =>
        Assert.Equal(expected, PostgresConnectionString.IsPostgres(store));

    [Fact]
    public void Parse_UrlWithEverything_BecomesKeywords()
    {
        var builder = PostgresConnectionString.Parse("postgres://vgw%40ops:p%40ss%3Aword@db.example.cn:6543/vgw_prod?sslmode=require&Timeout=7");

        Assert.Equal("db.example.cn", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("vgw@ops", builder.Username);
        Assert.Equal("p@ss:word", builder.Password);
        Assert.Equal("vgw_prod", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal(7, builder.Timeout);
        Assert.Equal("db.example.cn:6543/vgw_prod", PostgresConnectionString.Describe(builder));
    }

    [Fact]
    public void Parse_UrlWithoutPort_UsesTheDefaultPort()
    {
        var builder = PostgresConnectionString.Parse("postgresql://127.0.0.1/vgw");

        Assert.Equal(5432, builder.Port);
        Assert.Equal("127.0.0.1:5432/vgw", PostgresConnectionString.Describe(builder));
    }

    [Theory]
    [InlineData("Host=db1;Frobnicate=3;Password=secret")]
    [InlineData("postgres://u:secret@db1/vgw?frobnicate=3")]
    [InlineData("mysql://u:secret@db1/vgw")]
    public void Parse_Unknown_ThrowsNamingTheFormsWithoutThePassword(string store)
    {
        var error = Assert.Throws<ArgumentException>(() => PostgresConnectionString.Parse(store));

        Assert.Contains("postgres://user:password@host:port/database", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }
}
