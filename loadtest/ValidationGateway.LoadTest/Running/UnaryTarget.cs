using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Running;

/// <summary>Each batch is one <c>Validate</c> call.</summary>
internal sealed class UnaryTarget(GrpcChannel channel) : ICallTarget
{
    public const string Path = "/validationgateway.v1.ValidationService/Validate";

    public string Kind => "unary";

    public Task<ValidateResponse> SendAsync(ValidateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return channel.Client.UnaryAsync(Path, request, ValidateResponse.Parser, channel.OptionsFor(request.FixmedinsCode, withDeadline: true), cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
