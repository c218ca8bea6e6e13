using System.Globalization;
using System.Threading.RateLimiting;
using ValidationGateway.Grpc;

namespace ValidationGateway.Server.Security;

/// <summary>A token bucket per institution; over the rate a call gets RESOURCE_EXHAUSTED with a retry hint.</summary>
/// <remarks>Thread-safe. Per node: behind a load balancer that hashes by institution, one node sees all of an institution's traffic.</remarks>
internal sealed class InstitutionRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;

    public InstitutionRateLimiter(LimitsOptions options)
    {
        if (options.RequestsPerSecondPerInstitution == 0)
        {
            return;
        }

        var rate = options.RequestsPerSecondPerInstitution;
        var burst = options.Burst > 0 ? options.Burst : rate;
        _limiter = PartitionedRateLimiter.Create<string, string>(institution => RateLimitPartition.GetTokenBucketLimiter(institution, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = rate,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);
    }

    /// <summary>Takes one request's token for <paramref name="institutionCode"/>, or throws RESOURCE_EXHAUSTED.</summary>
    public void Acquire(string institutionCode)
    {
        if (_limiter is null)
        {
            return;
        }

        using var lease = _limiter.AttemptAcquire(institutionCode);
        if (!lease.IsAcquired)
        {
            var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
            var ms = Math.Max(1, (long)Math.Ceiling(retry.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
            throw new GrpcStatusException(GrpcStatusCode.ResourceExhausted,
                $"机构“{institutionCode}”请求过于频繁，请 {ms} 毫秒后重试（rate limit exceeded）",
                [new KeyValuePair<string, string>("grpc-retry-pushback-ms", ms)]);
        }
    }

    public void Dispose() => _limiter?.Dispose();
}
