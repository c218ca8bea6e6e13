using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;

namespace ValidationGateway.LoadTest.Running;

/// <summary>One <c>ValidateStream</c> call of one institution, reopened after a failure; pending batches by request_id.</summary>
/// <remarks>Thread-safe: the lock guards the current call and the pending table. Answers arrive through
/// <see cref="IBatchStreamObserver"/>, on whatever thread the transport reads them.</remarks>
internal sealed class StreamSlot(IGrpcTransport transport, string institution)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskCompletionSource<Answer>> _pending = new(StringComparer.Ordinal);
    private Call? _call;
    private int _opened;

    public int Opened => Volatile.Read(ref _opened);

    public async Task<Answer> SendAsync(ValidateRequest request, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<Answer>(TaskCreationOptions.RunContinuationsAsynchronously);
        Call call;
        lock (_gate)
        {
            if (_call is null)
            {
                _call = new Call(this);
                _call.Stream = transport.OpenStream(StreamTarget.Path, institution, _call);
                _opened++;
            }

            call = _call;
            _pending[request.RequestId] = answer;
        }

        try
        {
            await call.Stream!.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail(call, ex);
            throw;
        }

        using var registration = cancellationToken.Register(() => answer.TrySetCanceled(cancellationToken));
        return await answer.Task.ConfigureAwait(false);
    }

    public async Task CloseAsync()
    {
        Call? call;
        lock (_gate)
        {
            call = _call;
        }

        if (call is null)
        {
            return;
        }

        await call.Stream!.CompleteAsync().ConfigureAwait(false);
        await Task.WhenAny(call.Ended, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        Fail(call, new GrpcStatusException(GrpcStatusCode.Cancelled, "the stream was closed at the end of the run"));
    }

    private void Answered(ValidateResponse response, long receivedAt)
    {
        TaskCompletionSource<Answer>? answer;
        lock (_gate)
        {
            _pending.Remove(response.RequestId, out answer);
        }

        answer?.TrySetResult(new Answer(response, receivedAt));
    }

    private void Fail(Call call, Exception error)
    {
        List<TaskCompletionSource<Answer>>? failed = null;
        lock (_gate)
        {
            if (!ReferenceEquals(_call, call))
            {
                return;
            }

            _call = null;
            failed = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var answer in failed)
        {
            answer.TrySetException(error);
        }

        call.Stream?.Dispose();
    }

    /// <summary>One opened stream: its answers go to the slot's pending batches; its end fails those left.</summary>
    private sealed class Call(StreamSlot slot) : IBatchStreamObserver
    {
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IBatchStream? Stream { get; set; }

        public Task Ended => _ended.Task;

        public void OnAnswer(ValidateResponse response, long receivedAt) => slot.Answered(response, receivedAt);

        public void OnEnded(Exception? error)
        {
            _ended.TrySetResult();
            slot.Fail(this, error ?? new GrpcStatusException(GrpcStatusCode.Internal, "the stream ended OK with batches unanswered"));
        }
    }
}
