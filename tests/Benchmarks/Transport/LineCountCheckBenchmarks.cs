using System.Buffers;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Benchmarks.Support;
using ValidationGateway.Grpc;

namespace ValidationGateway.Benchmarks.Transport;

/// <summary>The line count read from the wire before a Validate request is parsed
/// (<see cref="ProtobufWire.CountField"/>), against parsing the same bytes.</summary>
/// <remarks>
/// Two messages: the benchmark's outpatient batch (8 lines; the gateway scans only messages longer than 2 bytes per
/// allowed line, 2,000 bytes by default, so this shows what a scan costs relative to the parse it precedes) and a
/// 1 MiB message of 524,288 empty lines, which the gateway used to parse in full before the 1,000-line limit refused it.
/// </remarks>
public class LineCountCheckBenchmarks
{
    private ReadOnlySequence<byte> _batch;
    private ReadOnlySequence<byte> _emptyLines;

    [GlobalSetup]
    public void Setup()
    {
        _batch = new ReadOnlySequence<byte>(new OutpatientTraffic(1).Next().ToByteArray());
        var lines = (1024 * 1024) / 2;
        var bytes = new byte[lines * 2];
        for (var i = 0; i < bytes.Length; i += 2)
        {
            bytes[i] = (ValidateRequest.FeeDetailsFieldNumber << 3) | 2;
        }

        _emptyLines = new ReadOnlySequence<byte>(bytes);
    }

    [Benchmark(Baseline = true, Description = "8-line batch: parse")]
    public int ParseBatch() => ValidateRequest.Parser.ParseFrom(_batch).FeeDetails.Count;

    [Benchmark(Description = "8-line batch: count on the wire")]
    public int CountBatch() => ProtobufWire.CountField(_batch, ValidateRequest.FeeDetailsFieldNumber);

    [Benchmark(Description = "1 MiB of empty lines: parse")]
    public int ParseEmptyLines() => ValidateRequest.Parser.ParseFrom(_emptyLines).FeeDetails.Count;

    [Benchmark(Description = "1 MiB of empty lines: count on the wire")]
    public int CountEmptyLines() => ProtobufWire.CountField(_emptyLines, ValidateRequest.FeeDetailsFieldNumber);
}
