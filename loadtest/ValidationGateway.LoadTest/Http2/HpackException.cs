namespace ValidationGateway.LoadTest.Http2;

/// <summary>A header block that cannot be decoded: a COMPRESSION_ERROR, fatal to its connection (RFC 9113 §4.3).</summary>
internal sealed class HpackException(string message) : Exception(message);
