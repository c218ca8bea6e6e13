namespace ValidationGateway.Server.Security;

/// <summary>Traffic limits (configuration section <c>Limits</c>); each is per node.</summary>
public sealed class LimitsOptions
{
    /// <summary>Requests (Validate calls or stream batches) per second one institution may send to this node; 0 = no limit (default).</summary>
    public int RequestsPerSecondPerInstitution { get; set; }

    /// <summary>Burst allowance on top of the rate, in requests; 0 = one second's worth.</summary>
    public int Burst { get; set; }

    /// <summary>Concurrent HTTP/2 streams per connection (SETTINGS_MAX_CONCURRENT_STREAMS). Default 100.</summary>
    public int MaxConcurrentStreamsPerConnection { get; set; } = 100;

    /// <summary>Errors naming each bad setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RequestsPerSecondPerInstitution < 0)
        {
            errors.Add($"Limits:RequestsPerSecondPerInstitution must be 0 (off) or positive (was {RequestsPerSecondPerInstitution})");
        }

        if (Burst < 0)
        {
            errors.Add($"Limits:Burst must not be negative (was {Burst})");
        }

        if (MaxConcurrentStreamsPerConnection is < 1 or > 10_000)
        {
            errors.Add($"Limits:MaxConcurrentStreamsPerConnection must be between 1 and 10000 (was {MaxConcurrentStreamsPerConnection})");
        }

        return errors;
    }
}
