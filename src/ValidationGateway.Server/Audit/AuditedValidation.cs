using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;
using ValidationGateway.Core.Validation;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Audit;

/// <summary>Validation with the audit trail: every answer is recorded before it is returned, and a repeated request id
/// gets the stored answer with <c>replayed = true</c>, counted once.</summary>
internal sealed class AuditedValidation(ValidationEngine engine, AuditLog audit, IGatewayStore store, PersonalDataHasher hasher, TimeProvider time)
{
    public async ValueTask<ValidateResponse> ValidateAsync(ValidateRequest request, CancellationToken cancellationToken)
    {
        var receivedAt = time.GetUtcNow();
        var response = await engine.ValidateAsync(request, cancellationToken).ConfigureAwait(false);
        var record = AuditRecords.Build(request, response, receivedAt, hasher);
        if (await audit.AppendAsync(record, cancellationToken).ConfigureAwait(false))
        {
            return response;
        }

        // Already answered under this request id: the first answer stands (an idempotency key, not a new batch).
        var stored = await store.GetAuditResponseAsync(request.FixmedinsCode, request.RequestId, cancellationToken).ConfigureAwait(false);
        var replay = stored is null ? response : ValidateResponse.Parser.ParseFrom(stored);
        replay.Replayed = true;
        return replay;
    }
}
