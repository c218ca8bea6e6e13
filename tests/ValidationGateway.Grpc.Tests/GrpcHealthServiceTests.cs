using ValidationGateway.Contracts.Health;
using ServingStatus = ValidationGateway.Contracts.Health.HealthCheckResponse.Types.ServingStatus;

namespace ValidationGateway.Grpc.Tests;

public sealed class GrpcHealthServiceTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("")]
    [InlineData("test.v1.Echo")]
    [InlineData("grpc.health.v1.Health")]
    public async Task Check_ServerOrRegisteredService_Serving(string service)
    {
        await using var server = await TestGrpcServer.StartAsync();
        using var client = server.CreateClient();

        var response = await client.UnaryAsync(
            GrpcHealthService.CheckPath, new HealthCheckRequest { Service = service }, HealthCheckResponse.Parser);

        Assert.Equal(ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Check_UnknownService_NotFound()
    {
        await using var server = await TestGrpcServer.StartAsync();
        using var client = server.CreateClient();

        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => client.UnaryAsync(
            GrpcHealthService.CheckPath, new HealthCheckRequest { Service = "no.Such" }, HealthCheckResponse.Parser));

        Assert.Equal(GrpcStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Check_StatusSetToNotServing_ReportsNotServing()
    {
        await using var server = await TestGrpcServer.StartAsync();
        using var client = server.CreateClient();
        server.Health.SetStatus("", ServingStatus.NotServing);

        var response = await client.UnaryAsync(GrpcHealthService.CheckPath, new HealthCheckRequest(), HealthCheckResponse.Parser);

        Assert.Equal(ServingStatus.NotServing, response.Status);
    }

    [Fact]
    public async Task Watch_StatusChanges_StreamsEachChange()
    {
        await using var server = await TestGrpcServer.StartAsync();
        using var client = server.CreateClient();
        using var call = client.ServerStreaming(GrpcHealthService.WatchPath, new HealthCheckRequest { Service = "test.v1.Echo" }, HealthCheckResponse.Parser);

        var first = await call.ReadAsync().AsTask().WaitAsync(Safety);
        server.Health.SetStatus("test.v1.Echo", ServingStatus.NotServing);
        var second = await call.ReadAsync().AsTask().WaitAsync(Safety);
        server.Health.SetStatus("test.v1.Echo", ServingStatus.Serving);
        var third = await call.ReadAsync().AsTask().WaitAsync(Safety);

        Assert.Equal([ServingStatus.Serving, ServingStatus.NotServing, ServingStatus.Serving], new[] { first?.Status, second?.Status, third?.Status });
    }

    [Fact]
    public async Task Watch_UnknownService_StreamsServiceUnknown()
    {
        await using var server = await TestGrpcServer.StartAsync();
        using var client = server.CreateClient();
        using var call = client.ServerStreaming(GrpcHealthService.WatchPath, new HealthCheckRequest { Service = "no.Such" }, HealthCheckResponse.Parser);

        var first = await call.ReadAsync().AsTask().WaitAsync(Safety);

        Assert.Equal(ServingStatus.ServiceUnknown, first?.Status);
    }

    [Fact]
    public async Task Watch_DeadlinePasses_DeadlineExceeded()
    {
        await using var server = await TestGrpcServer.StartAsync();
        using var client = server.CreateClient();
        using var call = client.ServerStreaming(
            GrpcHealthService.WatchPath, new HealthCheckRequest(), HealthCheckResponse.Parser, new GrpcCallOptions { Deadline = TimeSpan.FromMinutes(10) });
        var first = await call.ReadAsync().AsTask().WaitAsync(Safety);

        server.Time.Advance(TimeSpan.FromMinutes(10));

        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => call.ReadAsync().AsTask().WaitAsync(Safety));
        Assert.Equal(ServingStatus.Serving, first?.Status);
        Assert.Equal(GrpcStatusCode.DeadlineExceeded, error.StatusCode);
    }
}
