using System.Buffers;

namespace ValidationGateway.Grpc;

/// <summary>Inspects an encoded request message before it is parsed; refuses it by throwing (a
/// <see cref="GrpcStatusException"/>, or an exception the application's mapper knows).</summary>
/// <remarks>For limits that are cheap to check on the bytes and expensive to find after parsing, such as the number of
/// elements of a repeated field (<see cref="ProtobufWire.CountField"/>). Runs on the decompressed message.</remarks>
public delegate void GrpcMessageCheck(in ReadOnlySequence<byte> message);
