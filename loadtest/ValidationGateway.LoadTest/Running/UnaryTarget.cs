using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Running;

/// <summary>Each batch is one <c>Validate</c> call, or with <c>baseline</c> one call of the gateway's empty handler
/// (<c>vgw serve --enable-baseline-endpoint</c>): same bytes, same client, no validation and no audit.</summary>
internal sealed class UnaryTarget(IGrpcTransport transport, bool baseline = false) : ICallTarget
{
    public const string Path = "/validationgateway.v1.ValidationService/Validate";

    public const string BaselinePath = "/validationgateway.v1.BenchmarkService/Empty";

    public bool StartsCheaply => transport.StartsCheaply;

    public string Kind => baseline ? "empty" : "unary";

    public bool JudgesAnswers => !baseline;

    public Task<Answer> SendAsync(ValidateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return transport.UnaryAsync(baseline ? BaselinePath : Path, request, cancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
