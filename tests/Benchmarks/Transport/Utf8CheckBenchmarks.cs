using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using ValidationGateway.Benchmarks.Support;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;

namespace ValidationGateway.Benchmarks.Transport;

/// <summary>The UTF-8 check of every string field of a received message (<see cref="ProtobufUtf8"/>), which the
/// transport runs on each request after the parser has accepted it, against parsing the same bytes.</summary>
/// <remarks>The benchmark's outpatient batch (8 lines, ~1 KB, about 110 string fields). docs/performance.md, item 34.</remarks>
public class Utf8CheckBenchmarks
{
    private byte[] _batch = [];

    [GlobalSetup]
    public void Setup() => _batch = new OutpatientTraffic(1).Next().ToByteArray();

    [Benchmark(Baseline = true, Description = "8-line batch: parse")]
    public int Parse() => ValidateRequest.Parser.ParseFrom(_batch).FeeDetails.Count;

    [Benchmark(Description = "8-line batch: UTF-8 check of its strings")]
    public bool Check() => ProtobufUtf8.StringsAreValid(_batch, ValidateRequest.Descriptor);
}
