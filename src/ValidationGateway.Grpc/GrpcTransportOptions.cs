namespace ValidationGateway.Grpc;

/// <summary>Settings of the gRPC transport.</summary>
public sealed class GrpcTransportOptions
{
    /// <summary>Largest request message accepted, after decompression (default 4 MiB); larger ones get RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest response message sent (default unlimited); a larger one ends the call with RESOURCE_EXHAUSTED.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Clock that drives <c>grpc-timeout</c> deadlines.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Extra exception mapping (e.g. storage failures to UNAVAILABLE); return null to fall back to INTERNAL.</summary>
    /// <remarks>Runs after the transport's own mappings (status, deadline, malformed message); must not throw.</remarks>
    public Func<Exception, GrpcStatusException?>? ExceptionMapper { get; set; }

    /// <summary>Called once per gRPC call when its status is known: the method's path (<see cref="UnknownMethod"/> when it is not registered), the status, the time taken.</summary>
    /// <remarks>Runs on the call's thread after the status is written; must be cheap and must not throw (metrics hook).</remarks>
    public Action<string, GrpcStatusCode, TimeSpan>? CallCompleted { get; set; }

    /// <summary>The method name given to <see cref="CallCompleted"/> for a path that is not registered, so callers cannot mint new names.</summary>
    public const string UnknownMethod = "unknown";

    /// <summary>Returns every invalid setting, each message naming it; empty when the options are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxReceiveMessageSize <= 0)
        {
            errors.Add($"{nameof(MaxReceiveMessageSize)} must be positive (was {MaxReceiveMessageSize}).");
        }

        if (MaxSendMessageSize is <= 0)
        {
            errors.Add($"{nameof(MaxSendMessageSize)} must be positive or null for unlimited (was {MaxSendMessageSize}).");
        }

        if (TimeProvider is null)
        {
            errors.Add($"{nameof(TimeProvider)} must be set.");
        }

        return errors;
    }
}
