using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;

namespace ValidationGateway.LoadTest.Running;

/// <summary>One <c>ValidateStream</c> call of one institution, reopened after a failure; pending batches by request_id.</summary>
/// <remarks>Thread-safe: the lock guards the current call and the pending table; writes are serialized by the call.</remarks>
internal sealed class StreamSlot(GrpcChannel channel, string institution)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskCompletionSource<ValidateResponse>> _pending = new(StringComparer.Ordinal);
    private GrpcDuplexCall<ValidateRequest, ValidateResponse>? _call;
    private Task? _reader;
    private int _opened;

    public int Opened => Volatile.Read(ref _opened);

    public async Task<ValidateResponse> SendAsync(ValidateRequest request, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<ValidateResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        GrpcDuplexCall<ValidateRequest, ValidateResponse> call;
        lock (_gate)
        {
            if (_call is null)
            {
                _call = channel.Client.DuplexStreaming<ValidateRequest, ValidateResponse>(
                    StreamTarget.Path, ValidateResponse.Parser, channel.OptionsFor(institution, withDeadline: false), CancellationToken.None);
                _opened++;
                _reader = ReadAsync(_call);
            }

            call = _call;
            _pending[request.RequestId] = answer;
        }

        try
        {
            await call.WriteAsync(request, cancellationToken).ConfigureAwait(false);
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
        GrpcDuplexCall<ValidateRequest, ValidateResponse>? call;
        Task? reader;
        lock (_gate)
        {
            call = _call;
            reader = _reader;
        }

        if (call is null)
        {
            return;
        }

        await call.CompleteAsync().ConfigureAwait(false);
        if (reader is not null)
        {
            await Task.WhenAny(reader, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }

        Fail(call, new GrpcStatusException(GrpcStatusCode.Cancelled, "the stream was closed at the end of the run"));
    }

    private async Task ReadAsync(GrpcDuplexCall<ValidateRequest, ValidateResponse> call)
    {
        // Off the caller's stack: the first read waits for response headers.
        await Task.Yield();
        try
        {
            await foreach (var response in call.ReadAllAsync().ConfigureAwait(false))
            {
                TaskCompletionSource<ValidateResponse>? answer;
                lock (_gate)
                {
                    _pending.Remove(response.RequestId, out answer);
                }

                answer?.TrySetResult(response);
            }

            Fail(call, new GrpcStatusException(GrpcStatusCode.Internal, "the stream ended OK with batches unanswered"));
        }
        catch (Exception ex)
        {
            Fail(call, ex);
        }
    }

    private void Fail(GrpcDuplexCall<ValidateRequest, ValidateResponse> call, Exception error)
    {
        List<TaskCompletionSource<ValidateResponse>>? failed = null;
        lock (_gate)
        {
            if (!ReferenceEquals(_call, call))
            {
                return;
            }

            _call = null;
            _reader = null;
            failed = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var answer in failed)
        {
            answer.TrySetException(error);
        }

        call.Dispose();
    }
}
