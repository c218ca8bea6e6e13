namespace ValidationGateway.Grpc.Tests;

/// <summary>The client's streaming request body: frames written while a write is in progress go out together.</summary>
public sealed class GrpcPushStreamContentTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WriteAsync_WhileAWriteIsInProgress_QueuedFramesGoOutTogetherWithOneFlush()
    {
        var body = new GatedStream();
        using var content = new GrpcPushStreamContent();
        var copy = content.CopyToAsync(body);
        var first = content.WriteAsync(new byte[] { 1, 1 }, CancellationToken.None);
        await body.WriteStarted(1).WaitAsync(Wait);

        var queued = Enumerable.Range(2, 4).Select(i => content.WriteAsync(new[] { (byte)i, (byte)i }, CancellationToken.None)).ToList();
        Assert.DoesNotContain(queued, t => t.IsCompleted);
        body.Release();
        await Task.WhenAll([first, .. queued]).WaitAsync(Wait);

        Assert.Equal([[1, 1], [2, 2, 3, 3, 4, 4, 5, 5]], body.Writes);
        Assert.Equal(3, body.Flushes); // the body's opening flush, then one per write
        await content.CompleteAsync().WaitAsync(Wait);
        await copy.WaitAsync(Wait);
    }

    [Fact]
    public async Task WriteAsync_TheWriteCarryingAFrameFails_EveryFrameItCarriedFails_LaterFramesStillGoOut()
    {
        var body = new GatedStream { FailWrite = 2 };
        using var content = new GrpcPushStreamContent();
        _ = content.CopyToAsync(body);
        var first = content.WriteAsync(new byte[] { 1 }, CancellationToken.None);
        await body.WriteStarted(1).WaitAsync(Wait);
        var second = content.WriteAsync(new byte[] { 2 }, CancellationToken.None);
        var third = content.WriteAsync(new byte[] { 3 }, CancellationToken.None);
        body.Release();

        await first.WaitAsync(Wait);
        Assert.Equal("write 2 failed", (await Assert.ThrowsAsync<IOException>(() => second.WaitAsync(Wait))).Message);
        Assert.Equal("write 2 failed", (await Assert.ThrowsAsync<IOException>(() => third.WaitAsync(Wait))).Message);

        await content.WriteAsync(new byte[] { 4 }, CancellationToken.None).WaitAsync(Wait);
        Assert.Equal([[1], [4]], body.Writes);
    }

    [Fact]
    public async Task CompleteAsync_WithFramesQueued_EndsTheBodyAfterThem_AndRefusesLaterWrites()
    {
        var body = new GatedStream();
        using var content = new GrpcPushStreamContent();
        var copy = content.CopyToAsync(body);
        var first = content.WriteAsync(new byte[] { 1 }, CancellationToken.None);
        await body.WriteStarted(1).WaitAsync(Wait);
        var second = content.WriteAsync(new byte[] { 2 }, CancellationToken.None);

        await content.CompleteAsync().WaitAsync(Wait);
        await Assert.ThrowsAsync<InvalidOperationException>(() => content.WriteAsync(new byte[] { 3 }, CancellationToken.None));
        Assert.False(copy.IsCompleted);

        body.Release();
        await Task.WhenAll(first, second, copy).WaitAsync(Wait);
        Assert.Equal([[1], [2]], body.Writes);
    }

    [Fact]
    public async Task WriteAsync_CallerCancelsWhileQueued_OnlyItsWaitEnds()
    {
        var body = new GatedStream();
        using var content = new GrpcPushStreamContent();
        _ = content.CopyToAsync(body);
        var first = content.WriteAsync(new byte[] { 1 }, CancellationToken.None);
        await body.WriteStarted(1).WaitAsync(Wait);
        using var cancel = new CancellationTokenSource();
        var second = content.WriteAsync(new byte[] { 2 }, cancel.Token);
        var third = content.WriteAsync(new byte[] { 3 }, CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(Wait));
        Assert.False(first.IsCompleted);

        body.Release();
        await Task.WhenAll(first, third).WaitAsync(Wait);
        Assert.Equal([[1], [2, 3]], body.Writes); // a frame already queued still goes out (the call goes on)
    }

    /// <summary>A request body whose first write waits until released; write number <see cref="FailWrite"/> throws.</summary>
    private sealed class GatedStream : Stream
    {
        private readonly GatedAttempts _writes = new("write");

        public List<byte[]> Writes { get; } = [];

        public int Flushes { get; private set; }

        public int FailWrite { get => _writes.Fail; init => _writes = new GatedAttempts("write") { Fail = value }; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public Task WriteStarted(int number) => _writes.Started(number);

        public void Release() => _writes.Release();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await _writes.BeginAsync().ConfigureAwait(false);
            lock (_writes.Gate)
            {
                Writes.Add(buffer.ToArray());
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            lock (_writes.Gate)
            {
                Flushes++;
            }

            return Task.CompletedTask;
        }

        public override void Flush() => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
