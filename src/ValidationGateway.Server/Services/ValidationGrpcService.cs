using System.Buffers;
using System.Diagnostics;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Validation;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Audit;
using ValidationGateway.Server.Metrics;
using ValidationGateway.Server.Security;

namespace ValidationGateway.Server.Services;

/// <summary><c>validationgateway.v1.ValidationService</c>: Validate and ValidateStream over the engine.</summary>
internal sealed class ValidationGrpcService(
    ValidationEngine engine, AuditedValidation audited, ApiKeyAuthenticator authenticator, InstitutionRateLimiter limiter, GatewayMetrics metrics)
{
    public const string ValidatePath = "/validationgateway.v1.ValidationService/Validate";
    public const string ValidateStreamPath = "/validationgateway.v1.ValidationService/ValidateStream";

    /// <summary>Batches of one stream being validated at once; further reading waits (HTTP/2 flow control then slows the client).</summary>
    private const int MaxInFlightPerStream = 64;

    /// <summary>Fewest bytes a fee detail line takes on the wire: its tag and a zero length (an empty message).</summary>
    private const int MinEncodedLine = 2;

    public void Register(GrpcServiceRegistry registry)
    {
        registry.AddUnary<ValidateRequest, ValidateResponse>(ValidatePath, ValidateRequest.Parser, ValidateAsync, CheckLineCount);
        registry.AddDuplexStreaming<ValidateRequest, ValidateResponse>(ValidateStreamPath, ValidateRequest.Parser, ValidateStreamAsync, CheckLineCount);
    }

    /// <summary>Counts the lines on the wire before parsing: within the message size limit a request of empty lines
    /// would otherwise build hundreds of thousands of objects before the line limit refuses it. Messages too short
    /// to hold more lines than the limit are not scanned.</summary>
    private void CheckLineCount(in ReadOnlySequence<byte> message)
    {
        if (message.Length > (long)engine.MaxLinesPerBatch * MinEncodedLine)
        {
            engine.CheckLineCount(ProtobufWire.CountField(message, ValidateRequest.FeeDetailsFieldNumber));
        }
    }

    private ValueTask<ValidateResponse> ValidateAsync(ValidateRequest request, GrpcServerCallContext context)
    {
        var caller = authenticator.AuthenticateAsync(context.GetMetadata("authorization"), context.CancellationToken);
        if (caller.IsCompletedSuccessfully)
        {
            CallAuthorization.RequireInstitution(caller.Result, request.FixmedinsCode);
            limiter.Acquire(request.FixmedinsCode);
            return Counted(audited.ValidateAsync(request, context.CancellationToken));
        }

        return ValidateAfterAuthenticationAsync(caller, request, context.CancellationToken);
    }

    private async ValueTask<ValidateResponse> ValidateAfterAuthenticationAsync(ValueTask<CallerIdentity> pending, ValidateRequest request, CancellationToken cancellationToken)
    {
        CallAuthorization.RequireInstitution(await pending.ConfigureAwait(false), request.FixmedinsCode);
        limiter.Acquire(request.FixmedinsCode);
        return await Counted(audited.ValidateAsync(request, cancellationToken)).ConfigureAwait(false);
    }

    /// <remarks>
    /// The key is checked once when the stream opens and each batch's institution against it. Each batch is
    /// validated as soon as it arrives and answered when done, so answers may overtake each other; clients match
    /// them by request_id. A batch that cannot be validated at all ends the stream with its status, because a
    /// stream has no per-message status: at once, also while the stream waits for the client's next batch (a client
    /// that sends one batch and waits for its answer would otherwise wait until its deadline). The batches still
    /// running then finish, are answered and observed before the status goes out, so none outlives the call.
    /// </remarks>
    private async Task ValidateStreamAsync(IGrpcStreamReader<ValidateRequest> requests, IGrpcStreamWriter<ValidateResponse> responses, GrpcServerCallContext context)
    {
        var ct = context.CancellationToken;
        var caller = await authenticator.AuthenticateAsync(context.GetMetadata("authorization"), ct).ConfigureAwait(false);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var inFlight = new List<Task>();
        try
        {
            await foreach (var request in requests.WithCancellation(failed.Token).ConfigureAwait(false))
            {
                var read = Stopwatch.GetTimestamp();
                CallAuthorization.RequireInstitution(caller, request.FixmedinsCode);
                limiter.Acquire(request.FixmedinsCode);
                var pending = Counted(audited.ValidateAsync(request, ct));
                if (pending.IsCompletedSuccessfully)
                {
                    await responses.WriteAsync(pending.Result, ct).ConfigureAwait(false);
                    metrics.RecordStreamMessage(ValidateStreamPath, Stopwatch.GetElapsedTime(read));
                    continue;
                }

                inFlight.Add(AnswerAsync(pending, read, responses, failed, ct));
                inFlight.RemoveAll(t => t.IsCompletedSuccessfully);
                if (inFlight.Count >= MaxInFlightPerStream)
                {
                    // Back-pressure: stop reading until a batch is answered, so one stream cannot queue unbounded work.
                    // A failed batch also ends the wait, and the read that follows stops (failed is cancelled).
                    await Task.WhenAny(inFlight).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception)
        {
            await Task.WhenAll(inFlight).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (exception is OperationCanceledException && !ct.IsCancellationRequested && inFlight.Find(t => t.IsFaulted) is { } batch)
            {
                // The read was stopped by a failed batch: the call ends with that batch's status.
                await batch.ConfigureAwait(false);
            }

            throw;
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    private ValueTask<ValidateResponse> Counted(ValueTask<ValidateResponse> pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            metrics.RecordAnswer(pending.Result);
            return pending;
        }

        return CountedAsync(pending);
    }

    private async ValueTask<ValidateResponse> CountedAsync(ValueTask<ValidateResponse> pending)
    {
        var response = await pending.ConfigureAwait(false);
        metrics.RecordAnswer(response);
        return response;
    }

    private async Task AnswerAsync(ValueTask<ValidateResponse> pending, long read, IGrpcStreamWriter<ValidateResponse> responses, CancellationTokenSource failed, CancellationToken ct)
    {
        try
        {
            var response = await pending.ConfigureAwait(false);
            await responses.WriteAsync(response, ct).ConfigureAwait(false);
            metrics.RecordStreamMessage(ValidateStreamPath, Stopwatch.GetElapsedTime(read));
        }
        catch
        {
            // Stops the stream's read loop, which then ends the call with this batch's status.
            await failed.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}
