using System.Buffers;

namespace ValidationGateway.Contracts.V1;

/// <summary>A validation request keeps its wire bytes, so that the audit trail stores what was received without
/// serializing the parsed message again.</summary>
/// <remarks>Hand-written half of the generated class (a partial class must live in the same assembly).</remarks>
public sealed partial class ValidateRequest : IRetainsEncoding
{
    /// <summary>The bytes the gRPC transport parsed this request from (decompressed); null for a request built or
    /// cloned in code. Not a protobuf field, and not kept in step with the fields: stale once the request is changed.</summary>
    public byte[]? Encoded { get; private set; }

    /// <inheritdoc />
    void IRetainsEncoding.Retain(in ReadOnlySequence<byte> encoded) => Encoded = encoded.ToArray();
}
