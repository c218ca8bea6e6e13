// Hand-written beside the generated messages: a partial class must live in their assembly.
using System.Buffers;

namespace ValidationGateway.Contracts
{
    /// <summary>A message that keeps the bytes the transport parsed it from.</summary>
    /// <remarks>The gRPC transport calls <see cref="Retain"/> once a request message has been parsed and checked, with
    /// the (decompressed) message bytes; the sequence is only valid during the call.</remarks>
    public interface IRetainsEncoding
    {
        /// <summary>Keeps a copy of <paramref name="encoded"/>, the bytes this message was just parsed from.</summary>
        void Retain(in ReadOnlySequence<byte> encoded);
    }
}

namespace ValidationGateway.Contracts.V1
{
    /// <summary>A validation request keeps its wire bytes, so that the audit trail stores what was received without
    /// serializing the parsed message again.</summary>
    public sealed partial class ValidateRequest : IRetainsEncoding
    {
        /// <summary>The bytes the gRPC transport parsed this request from (decompressed); null for a request built or
        /// cloned in code. Not a protobuf field, and not kept in step with the fields: stale once the request is changed.</summary>
        public byte[]? Encoded { get; private set; }

        /// <inheritdoc />
        void IRetainsEncoding.Retain(in ReadOnlySequence<byte> encoded) => Encoded = encoded.ToArray();
    }
}
