using System.Buffers.Binary;
using ValidationGateway.Contracts.V1;
using ValidationGateway.LoadTest.Cli;
using ValidationGateway.LoadTest.Running;

namespace ValidationGateway.LoadTest.Tests;

public sealed class H2loadBodyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vgw-h2load-body-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_H2loadBody_WritesOneFramedRequestAndSaysNothingAboutTheRuntime()
    {
        var file = Path.Combine(_dir, "body8.bin");
        var errors = new List<string>();
        var options = OptionsParser.Parse(["--h2load-body", file, "--lines", "8", "--faults", "none"], new DateOnly(2026, 11, 22), errors);
        Assert.Empty(errors);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await new LoadRunner(options, output, error, terminal: false).RunAsync(CancellationToken.None);

        Assert.Equal(0, exit);
        // No call is made, so the runtime's settings (gen0 budget, one CPU) are not this run's concern: perf-targets.sh
        // writes the body with a plain `dotnet vgw-load`, and a warning there reads as if the measurement were off.
        Assert.Equal("", error.ToString());
        Assert.Contains(file, output.ToString(), StringComparison.Ordinal);

        var frame = await File.ReadAllBytesAsync(file);
        Assert.Equal(0, frame[0]); // not compressed
        Assert.Equal((uint)(frame.Length - 5), BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1)));
        var request = ValidateRequest.Parser.ParseFrom(frame.AsSpan(5));
        Assert.Equal(8, request.FeeDetails.Count);
        Assert.False(string.IsNullOrEmpty(request.RequestId));
    }
}
