using System.Buffers;
using System.IO.Pipelines;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ValidationGateway.Grpc.Tests;

/// <summary>The server's streaming response: messages written while a flush is in progress go out together with the next flush.</summary>
public sealed class GrpcServerStreamWriterTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WriteAsync_WhileAFlushIsInProgress_QueuedMessagesGoOutTogetherWithOneFlush()
    {
        var body = new GatedResponseBody();
        var writer = new GrpcServerStreamWriter<StringValue>(Call(body));
        var first = writer.WriteAsync(Text("a"));
        await body.FlushStarted(1).WaitAsync(Wait);

        List<Task> queued = [writer.WriteAsync(Text("b")), writer.WriteAsync(Text("cc")), writer.WriteAsync(Text("ddd"))];
        Assert.DoesNotContain(queued, t => t.IsCompleted);
        body.Release();
        await Task.WhenAll([first, .. queued]).WaitAsync(Wait);

        Assert.Equal([Frames("a"), Frames("b", "cc", "ddd")], body.Flushes);
        await writer.CompleteAsync().WaitAsync(Wait);
    }

    [Fact]
    public async Task WriteAsync_TheFlushCarryingAMessageFails_EveryMessageItCarriedFails_LaterMessagesStillGoOut()
    {
        var body = new GatedResponseBody { FailFlush = 2 };
        var writer = new GrpcServerStreamWriter<StringValue>(Call(body));
        var first = writer.WriteAsync(Text("a"));
        await body.FlushStarted(1).WaitAsync(Wait);
        var second = writer.WriteAsync(Text("b"));
        var third = writer.WriteAsync(Text("c"));
        body.Release();

        await first.WaitAsync(Wait);
        Assert.Equal("flush 2 failed", (await Assert.ThrowsAsync<IOException>(() => second.WaitAsync(Wait))).Message);
        Assert.Equal("flush 2 failed", (await Assert.ThrowsAsync<IOException>(() => third.WaitAsync(Wait))).Message);

        await writer.WriteAsync(Text("d")).WaitAsync(Wait);
        Assert.Equal([Frames("a"), Frames("d")], body.Flushes);
    }

    [Fact]
    public async Task WriteAsync_AMessageOverTheSendLimit_FailsOnlyItsOwnWrite_AndWritesNothingOfIt()
    {
        var body = new GatedResponseBody();
        var writer = new GrpcServerStreamWriter<StringValue>(Call(body, maxSendMessageSize: 8));
        var first = writer.WriteAsync(Text("a"));
        await body.FlushStarted(1).WaitAsync(Wait);

        var tooLarge = writer.WriteAsync(Text("0123456789"));
        var queued = writer.WriteAsync(Text("b"));
        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => tooLarge.WaitAsync(Wait));
        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.StatusCode);
        body.Release();

        await Task.WhenAll(first, queued).WaitAsync(Wait);
        Assert.Equal([Frames("a"), Frames("b")], body.Flushes);
        var idle = writer.WriteAsync(Text("0123456789"));
        Assert.Equal(GrpcStatusCode.ResourceExhausted, (await Assert.ThrowsAsync<GrpcStatusException>(() => idle.WaitAsync(Wait))).StatusCode);
        Assert.Equal(2, body.Flushes.Count);
    }

    [Fact]
    public async Task CompleteAsync_WithMessagesQueued_WaitsForThem_AndRefusesLaterWrites()
    {
        var body = new GatedResponseBody();
        var writer = new GrpcServerStreamWriter<StringValue>(Call(body));
        var first = writer.WriteAsync(Text("a"));
        await body.FlushStarted(1).WaitAsync(Wait);
        var second = writer.WriteAsync(Text("b"));

        var completed = writer.CompleteAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.WriteAsync(Text("c")).WaitAsync(Wait));
        Assert.False(completed.IsCompleted);

        body.Release();
        await Task.WhenAll(first, second, completed).WaitAsync(Wait);
        Assert.Equal([Frames("a"), Frames("b")], body.Flushes);
    }

    [Fact]
    public async Task WriteAsync_CallerCancelsWhileQueued_OnlyItsWaitEnds()
    {
        var body = new GatedResponseBody();
        var writer = new GrpcServerStreamWriter<StringValue>(Call(body));
        var first = writer.WriteAsync(Text("a"));
        await body.FlushStarted(1).WaitAsync(Wait);
        using var cancel = new CancellationTokenSource();
        var second = writer.WriteAsync(Text("b"), cancel.Token);
        var third = writer.WriteAsync(Text("c"));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(Wait));
        Assert.False(first.IsCompleted);

        body.Release();
        await Task.WhenAll(first, third).WaitAsync(Wait);
        Assert.Equal([Frames("a"), Frames("b", "c")], body.Flushes); // a message already queued still goes out
    }

    private static StringValue Text(string value) => new() { Value = value };

    private static byte[] Frames(params string[] values)
    {
        var frames = new ArrayBufferWriter<byte>();
        foreach (var value in values)
        {
            var message = Text(value).ToByteArray();
            frames.Write<byte>([0, 0, 0, 0, (byte)message.Length]);
            frames.Write(message);
        }

        return frames.WrittenSpan.ToArray();
    }

    private static GrpcServerCallContext Call(GatedResponseBody body, int? maxSendMessageSize = null)
    {
        var http = new DefaultHttpContext();
        http.Features.Set<IHttpResponseBodyFeature>(body);
        return new GrpcServerCallContext(
            http, "/test.Service/Stream", null, new GrpcTransportOptions { MaxSendMessageSize = maxSendMessageSize },
            requestGzip: false, CancellationToken.None, CancellationToken.None);
    }

    /// <summary>A response body whose first flush waits until released; flush number <see cref="FailFlush"/> throws.</summary>
    private sealed class GatedResponseBody : PipeWriter, IHttpResponseBodyFeature
    {
        private readonly ArrayBufferWriter<byte> _unflushed = new();
        private readonly GatedAttempts _flushes = new("flush");

        /// <summary>The bytes of each successful flush, in order.</summary>
        public List<byte[]> Flushes { get; } = [];

        public int FailFlush { get => _flushes.Fail; init => _flushes = new GatedAttempts("flush") { Fail = value }; }

        public Stream Stream => throw new NotSupportedException();

        public PipeWriter Writer => this;

        public Task FlushStarted(int number) => _flushes.Started(number);

        public void Release() => _flushes.Release();

        public override Memory<byte> GetMemory(int sizeHint = 0) => _unflushed.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => _unflushed.GetSpan(sizeHint);

        public override void Advance(int bytes) => _unflushed.Advance(bytes);

        public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            byte[] bytes;
            lock (_flushes.Gate)
            {
                bytes = _unflushed.WrittenSpan.ToArray();
                _unflushed.ResetWrittenCount();
            }

            await _flushes.BeginAsync().ConfigureAwait(false);
            lock (_flushes.Gate)
            {
                Flushes.Add(bytes);
            }

            return new FlushResult(isCanceled: false, isCompleted: false);
        }

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }

        public void DisableBuffering()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task CompleteAsync() => Task.CompletedTask;
    }
}
