using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Core.Actors;

/// <summary>One institution on one catalog version: its reference data, the shared snapshot, and the cross-batch memory.</summary>
/// <remarks>
/// The snapshot and reference data are immutable (reference data is swapped whole by <see cref="Reload"/>).
/// <see cref="Memory"/> is mutable and touched only inside the mailbox: every batch is validated in
/// <see cref="Actor.RunExclusiveAsync{TState, TResult}"/>, so batches of one institution are judged one at a time,
/// in arrival order, and see each other's lines. When a new catalog version is published the institution's actor on
/// the new version is handed the same reference data and the same memory (a visit that spans the switch is still one
/// visit); while the old version drains, two actors can hold that memory, so it is also taken under its own gate.
/// </remarks>
public sealed class InstitutionActor : Actor
{
    [ThreadStatic]
    private static BatchOutcome? t_outcome;

    private volatile InstitutionReferenceData _reference;

    /// <summary>Creates the actor.</summary>
    public InstitutionActor(InstitutionActorKey key, InstitutionReferenceData reference, CatalogSnapshot snapshot, InstitutionMemory memory)
    {
        Key = key;
        _reference = reference;
        Snapshot = snapshot;
        Memory = memory;
    }

    /// <summary>The actor's identity.</summary>
    public InstitutionActorKey Key { get; }

    /// <summary>The institution's registration, mappings and practitioners.</summary>
    public InstitutionReferenceData Reference => _reference;

    /// <summary>The catalog version's tables.</summary>
    public CatalogSnapshot Snapshot { get; }

    /// <summary>Cross-batch memory; only touched inside the mailbox, holding its gate.</summary>
    public InstitutionMemory Memory { get; }

    /// <summary>Validates one batch inside the mailbox and builds its response.</summary>
    public ValueTask<ValidateResponse> ValidateAsync(BatchValidator validator, ValidateRequest request) =>
        RunExclusiveAsync(static s => s.Actor.ValidateCore(s.Validator, s.Request), new ValidateState(this, validator, request));

    /// <summary>Swaps in new reference data (mappings or practitioners changed); memory is kept.</summary>
    public void Reload(InstitutionReferenceData reference) => _reference = reference;

    private ValidateResponse ValidateCore(BatchValidator validator, ValidateRequest request)
    {
        // Runs synchronously inside the mailbox, so a per-thread outcome never outlives the call.
        var outcome = t_outcome ??= new BatchOutcome();
        lock (Memory.Gate)
        {
            validator.Validate(request, Snapshot, _reference, Memory, outcome);
        }

        return ResponseBuilder.Build(request, Snapshot.Version, outcome, validator.Rules);
    }

    private readonly record struct ValidateState(InstitutionActor Actor, BatchValidator Validator, ValidateRequest Request);
}
