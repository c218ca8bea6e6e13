using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Core.Actors;

/// <summary>One institution on one catalog version: its registration and the shared snapshot it validates against.</summary>
/// <remarks>
/// Institution data and the snapshot are immutable and read without the mailbox. Per-visit memory for
/// cross-batch rules will live here and change only through <see cref="Actor.PostAsync{TResult}(Func{TResult})"/>.
/// </remarks>
public sealed class InstitutionActor : Actor
{
    /// <summary>Creates the actor.</summary>
    public InstitutionActor(InstitutionActorKey key, InstitutionRecord institution, CatalogSnapshot snapshot)
    {
        Key = key;
        Institution = institution;
        Snapshot = snapshot;
    }

    /// <summary>The actor's identity.</summary>
    public InstitutionActorKey Key { get; }

    /// <summary>The institution's registration.</summary>
    public InstitutionRecord Institution { get; }

    /// <summary>The catalog version's tables.</summary>
    public CatalogSnapshot Snapshot { get; }

    /// <summary>Validates one batch into <paramref name="outcome"/>.</summary>
    public void Validate(BatchValidator validator, ValidateRequest request, BatchOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.Validate(request, Snapshot, Institution, outcome);
    }
}
