using System.Buffers;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using ValidationGateway.Benchmarks.Support;
using ValidationGateway.Contracts;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;

namespace ValidationGateway.Benchmarks.Audit;

/// <summary>What building one audit record costs (<see cref="AuditRecords.Build"/>) for the benchmark's 8-line batch,
/// and its parts: the keyed hash of psn_no, the stored copy of the request, the response bytes.</summary>
/// <remarks>The record is built on the request's thread before it is queued for the writer, so its cost is in every
/// audited call's server CPU time. Two requests: one built in code (the stored bytes are its serialization with psn_no
/// swapped), and the same request as the gRPC transport hands it over, with the bytes it was parsed from
/// (<see cref="ValidateRequest.Encoded"/>: the stored bytes are those with psn_no replaced on the wire).</remarks>
public class AuditRecordBenchmarks
{
    private readonly PersonalDataHasher _hasher = new(RandomNumberGenerator.GetBytes(32));
    private ValidateRequest _request = null!;
    private ValidateRequest _received = null!;
    private ValidateResponse _response = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_request, _response) = OutpatientTraffic.Answered();
        var encoded = _request.ToByteArray();
        _received = ValidateRequest.Parser.ParseFrom(encoded);
        ((IRetainsEncoding)_received).Retain(new ReadOnlySequence<byte>(encoded));
    }

    [Benchmark(Baseline = true, Description = "AuditRecords.Build, request built in code")]
    public AuditRecord Build() => AuditRecords.Build(_request, _response, DateTimeOffset.UnixEpoch, _hasher);

    [Benchmark(Description = "AuditRecords.Build, request as received")]
    public AuditRecord BuildReceived() => AuditRecords.Build(_received, _response, DateTimeOffset.UnixEpoch, _hasher);

    [Benchmark(Description = "psn_no keyed hash")]
    public string Hash() => _hasher.Hash(_request.Visit.PsnNo);

    [Benchmark(Description = "request bytes")]
    public byte[] RequestBytes() => _request.ToByteArray();

    [Benchmark(Description = "response bytes")]
    public byte[] ResponseBytes() => _response.ToByteArray();
}
