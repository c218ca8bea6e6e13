namespace ValidationGateway.Grpc;

/// <summary>Per-call settings of <see cref="GrpcClient"/>: metadata, deadline, request compression.</summary>
public sealed class GrpcCallOptions
{
    /// <summary>Request metadata sent as HTTP/2 headers (e.g. <c>x-fixmedins-code</c>, <c>authorization</c>).</summary>
    public IList<KeyValuePair<string, string>> Metadata { get; } = [];

    /// <summary>Time the call may take, sent as <c>grpc-timeout</c> and enforced locally; null for none.</summary>
    public TimeSpan? Deadline { get; set; }

    /// <summary>Gzip-compress request messages (<c>grpc-encoding: gzip</c>).</summary>
    public bool CompressRequest { get; set; }

    /// <summary>Adds one metadata entry and returns these options, for chaining.</summary>
    public GrpcCallOptions WithMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        Metadata.Add(new(key, value));
        return this;
    }
}
