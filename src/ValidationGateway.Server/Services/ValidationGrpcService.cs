using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Validation;
using ValidationGateway.Grpc;

namespace ValidationGateway.Server.Services;

/// <summary><c>validationgateway.v1.ValidationService</c>: Validate and ValidateStream over the engine.</summary>
internal sealed class ValidationGrpcService(ValidationEngine engine)
{
    public const string ValidatePath = "/validationgateway.v1.ValidationService/Validate";
    public const string ValidateStreamPath = "/validationgateway.v1.ValidationService/ValidateStream";

    public void Register(GrpcServiceRegistry registry)
    {
        registry.AddUnary<ValidateRequest, ValidateResponse>(ValidatePath, ValidateRequest.Parser, ValidateAsync);
        registry.AddDuplexStreaming<ValidateRequest, ValidateResponse>(ValidateStreamPath, ValidateRequest.Parser, ValidateStreamAsync);
    }

    private ValueTask<ValidateResponse> ValidateAsync(ValidateRequest request, GrpcServerCallContext context) =>
        engine.ValidateAsync(request, context.CancellationToken);

    /// <remarks>
    /// Each batch is validated as soon as it arrives and answered when done, so answers may overtake each other;
    /// clients match them by request_id. A batch that cannot be validated at all ends the stream with its status,
    /// because a stream has no per-message status.
    /// </remarks>
    private async Task ValidateStreamAsync(IGrpcStreamReader<ValidateRequest> requests, IGrpcStreamWriter<ValidateResponse> responses, GrpcServerCallContext context)
    {
        var ct = context.CancellationToken;
        var inFlight = new List<Task>();
        await foreach (var request in requests.WithCancellation(ct).ConfigureAwait(false))
        {
            var pending = engine.ValidateAsync(request, ct);
            if (pending.IsCompletedSuccessfully)
            {
                await responses.WriteAsync(pending.Result, ct).ConfigureAwait(false);
                continue;
            }

            inFlight.Add(AnswerAsync(pending, responses, ct));
            inFlight.RemoveAll(t => t.IsCompletedSuccessfully);
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    private static async Task AnswerAsync(ValueTask<ValidateResponse> pending, IGrpcStreamWriter<ValidateResponse> responses, CancellationToken ct)
    {
        var response = await pending.ConfigureAwait(false);
        await responses.WriteAsync(response, ct).ConfigureAwait(false);
    }
}
