extern alias loadtest;

using System.Collections.Concurrent;
using System.Diagnostics;
using loadtest::ValidationGateway.LoadTest.Http2;
using loadtest::ValidationGateway.LoadTest.Running;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Tests.Support;

namespace ValidationGateway.Server.Tests.LoadTool;

/// <summary>
/// The load tool's own HTTP/2 client against an independent HTTP/2 implementation: Node's http2 module
/// (tests/interop/h2-peer.mjs), which, unlike Kestrel, Huffman-codes header values, indexes them in its dynamic table
/// and keeps 64-kB stream windows. Against the gateway itself the client is covered by the load tool's runs.
/// </summary>
public sealed class Http2PeerTests : IAsyncLifetime
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "tests", "interop", "h2-peer.mjs");
    private Process _peer = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        _peer = Process.Start(start)!;
        var port = await _peer.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (!int.TryParse(port, out _))
        {
            _peer.Kill(entireProcessTree: true);
            Assert.Fail($"h2-peer.mjs did not print its port ({port}): {await _peer.StandardError.ReadToEndAsync()}");
        }

        _address = new Uri($"http://127.0.0.1:{port}");
    }

    public Task DisposeAsync()
    {
        // Exactly the process this fixture started.
        _peer.Kill(entireProcessTree: true);
        _peer.WaitForExit();
        _peer.Dispose();
        return Task.CompletedTask;
    }

    private Http2Transport Transport(TimeSpan? deadline = null) =>
        new(_address, connections: 2, [new("authorization", "Bearer test")], deadline ?? TimeSpan.FromSeconds(10), TimeProvider.System);

    private static ValidateRequest Request(string id, int padding = 0) => new()
    {
        RequestId = id,
        FixmedinsCode = "H21010200123",
        FeeDetails = { new FeeDetail { FeedetlSn = "1", MedListCodg = new string('x', padding) } },
    };

    [Fact]
    public async Task Unary_ManyCallsOnTwoConnections_EveryAnswerIsItsRequests()
    {
        using var transport = Transport();

        // Concurrent calls: the peer's header blocks refer to entries it indexed for earlier responses.
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => transport.UnaryAsync("/test.Peer/Echo", Request($"echo-{i}"), CancellationToken.None)));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"echo-{i}"), answers.Select(a => a.Response.RequestId));
        Assert.All(answers, a => Assert.Equal("node", a.Response.CatalogVersion));
        Assert.Equal(2, transport.ConnectionsOpened);
    }

    [Fact]
    public async Task Unary_HeaderBlockOverSeveralFrames_ReadWholeAndTheNextFrameFound()
    {
        using var transport = Transport();

        // A 40-kB response header: HEADERS and CONTINUATION frames, then DATA and the trailers after them.
        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => transport.UnaryAsync("/test.Peer/Large", Request($"large-{i}"), CancellationToken.None)));

        Assert.Equal(["large-0", "large-1", "large-2"], answers.Select(a => a.Response.RequestId));
    }

    [Fact]
    public async Task Unary_TrailersOnlyError_ItsStatusAndDecodedMessage()
    {
        using var transport = Transport();

        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => transport.UnaryAsync("/test.Peer/Fail", Request("fail"), CancellationToken.None));

        Assert.Equal(GrpcStatusCode.NotFound, error.StatusCode);
        Assert.Equal("没有这个机构 (no such institution)", error.Detail);
    }

    [Fact]
    public async Task Unary_NotAGrpcPath_HttpStatusMappedToUnimplemented()
    {
        using var transport = Transport();

        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => transport.UnaryAsync("/test.Peer/Nothing", Request("none"), CancellationToken.None));

        Assert.Equal(GrpcStatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Unary_PeerNeverAnswers_DeadlineExceededAndTheConnectionStillServes()
    {
        using var transport = Transport(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => transport.UnaryAsync("/test.Peer/Slow", Request("slow"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(GrpcStatusCode.DeadlineExceeded, error.StatusCode);
        var after = await transport.UnaryAsync("/test.Peer/Echo", Request("after"), CancellationToken.None);
        Assert.Equal("after", after.Response.RequestId);
    }

    [Fact]
    public async Task Unary_RequestsLargerThanThePeersWindows_SentWholeAndAnswered()
    {
        using var transport = Transport();

        // 1 MB each, four at once on two connections: far over the peer's 64-kB stream and connection windows, so
        // the client sends as the peer opens them (WINDOW_UPDATE) and must not interleave a message's frames wrongly.
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => transport.UnaryAsync("/test.Peer/Echo", Request($"big-{i}", padding: 1_000_000), CancellationToken.None)));

        Assert.Equal(["big-0", "big-1", "big-2", "big-3"], answers.Select(a => a.Response.RequestId));
    }

    [Fact]
    public async Task Stream_ManyMessagesThenEnd_EachAnsweredThenOk()
    {
        using var transport = Transport();
        var observer = new Observer();
        using var stream = transport.OpenStream("/test.Peer/Stream", "H21010200123", observer);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => stream.WriteAsync(Request($"stream-{i}"), CancellationToken.None).AsTask()));
        await stream.CompleteAsync();
        var ended = await observer.Ended.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(ended);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"stream-{i}").Order(StringComparer.Ordinal), observer.Answers.Order(StringComparer.Ordinal));
    }

    private sealed class Observer : IBatchStreamObserver
    {
        public ConcurrentQueue<string> Answers { get; } = new();

        public TaskCompletionSource<Exception?> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnAnswer(ValidateResponse response, long receivedAt) => Answers.Enqueue(response.RequestId);

        public void OnEnded(Exception? error) => Ended.TrySetResult(error);
    }
}
