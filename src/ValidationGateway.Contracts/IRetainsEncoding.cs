using System.Buffers;

namespace ValidationGateway.Contracts;

/// <summary>A message that keeps the bytes the transport parsed it from.</summary>
/// <remarks>The gRPC transport calls <see cref="Retain"/> once a request message has been parsed and checked, with the
/// (decompressed) message bytes; the sequence is only valid during the call.</remarks>
public interface IRetainsEncoding
{
    /// <summary>Keeps a copy of <paramref name="encoded"/>, the bytes this message was just parsed from.</summary>
    void Retain(in ReadOnlySequence<byte> encoded);
}
