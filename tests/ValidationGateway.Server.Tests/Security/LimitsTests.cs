using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Hosting;
using ValidationGateway.Server.Security;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Security;

public sealed class RateLimitedGatewayFixture : GatewayFixture
{
    protected override void Configure(GatewaySettings settings)
    {
        settings.Limits.RequestsPerSecondPerInstitution = 5;
        settings.Limits.Burst = 5;
    }
}

public sealed class OneStreamGatewayFixture : GatewayFixture
{
    protected override void Configure(GatewaySettings settings) => settings.Limits.MaxConcurrentStreamsPerConnection = 1;
}

/// <summary>Per-institution request rate on a gateway configured tight.</summary>
public sealed class RateLimitTests(RateLimitedGatewayFixture gateway) : IClassFixture<RateLimitedGatewayFixture>
{
    [Fact]
    public async Task RateLimit_OverTheInstitutionsRate_IsResourceExhaustedWithARetryHint_OthersUnaffected()
    {
        var calls = Enumerable.Range(0, 60).Select(async _ =>
        {
            try
            {
                await gateway.Client.UnaryAsync(ValidationGrpcService.ValidatePath, Request(DemoDataSet.Hospital3, Line("1", ValidDrug)), ValidateResponse.Parser);
                return null;
            }
            catch (GrpcStatusException ex)
            {
                return ex;
            }
        }).ToArray();
        var outcomes = await Task.WhenAll(calls);

        var limited = outcomes.Where(o => o is not null).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, e => Assert.Equal(GrpcStatusCode.ResourceExhausted, e!.StatusCode));
        var hint = Assert.Single(limited[0]!.Trailers!, t => t.Key == "grpc-retry-pushback-ms");
        Assert.True(int.Parse(hint.Value, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains(outcomes, o => o is null);

        var other = await gateway.Client.UnaryAsync(ValidationGrpcService.ValidatePath, Request(DemoDataSet.Hospital2, Line("1", ValidDrug)), ValidateResponse.Parser);
        Assert.Equal(Verdict.Pass, other.Verdict);
    }

    [Fact]
    public void Validate_BadLimits_NameTheSetting()
    {
        var errors = new LimitsOptions { RequestsPerSecondPerInstitution = -1, Burst = -2, MaxConcurrentStreamsPerConnection = 0 }.Validate();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Limits:MaxConcurrentStreamsPerConnection", StringComparison.Ordinal));
    }
}

/// <summary>Concurrent HTTP/2 streams per connection.</summary>
public sealed class StreamLimitTests(OneStreamGatewayFixture gateway) : IClassFixture<OneStreamGatewayFixture>
{
    [Fact]
    public async Task ConcurrentStreams_OverTheLimit_WaitForAFreeStream()
    {
        using var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false };
        using var client = new GrpcClient(gateway.Host.GrpcAddress, handler) { BearerToken = gateway.AdminKey };

        // One open stream takes the connection's only stream slot (SETTINGS_MAX_CONCURRENT_STREAMS = 1).
        using var open = client.DuplexStreaming<ValidateRequest, ValidateResponse>(ValidationGrpcService.ValidateStreamPath, ValidateResponse.Parser);
        await open.WriteAsync(Request(DemoDataSet.Hospital1, Line("1", ValidDrug)));
        Assert.NotNull(await open.ReadAsync());

        var blocked = await Assert.ThrowsAsync<GrpcStatusException>(() => client.UnaryAsync(GrpcHealthService.CheckPath, new ValidationGateway.Contracts.Health.HealthCheckRequest(),
            ValidationGateway.Contracts.Health.HealthCheckResponse.Parser, new GrpcCallOptions { Deadline = TimeSpan.FromMilliseconds(500) }));
        Assert.Equal(GrpcStatusCode.DeadlineExceeded, blocked.StatusCode);

        await open.CompleteAsync();
        while (await open.ReadAsync() is not null)
        {
        }

        var afterwards = await client.UnaryAsync(GrpcHealthService.CheckPath, new ValidationGateway.Contracts.Health.HealthCheckRequest(), ValidationGateway.Contracts.Health.HealthCheckResponse.Parser);
        Assert.Equal(ValidationGateway.Contracts.Health.HealthCheckResponse.Types.ServingStatus.Serving, afterwards.Status);
    }
}
