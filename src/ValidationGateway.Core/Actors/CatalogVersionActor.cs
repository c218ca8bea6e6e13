using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Core.Actors;

/// <summary>Holds the immutable snapshot of one published catalog version, built once on activation.</summary>
public sealed class CatalogVersionActor : Actor
{
    /// <summary>Wraps a built snapshot.</summary>
    public CatalogVersionActor(CatalogSnapshot snapshot) => Snapshot = snapshot;

    /// <summary>The version's tables (immutable; read without the mailbox).</summary>
    public CatalogSnapshot Snapshot { get; }
}
