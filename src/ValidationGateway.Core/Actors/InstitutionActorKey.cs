namespace ValidationGateway.Core.Actors;

/// <summary>Identity of an institution actor: one institution on one catalog version (the design card's grain key).</summary>
/// <param name="InstitutionCode">fixmedins_code.</param>
/// <param name="CatalogVersion">Published catalog version.</param>
public readonly record struct InstitutionActorKey(string InstitutionCode, string CatalogVersion)
{
    /// <inheritdoc />
    public override string ToString() => $"{InstitutionCode}@{CatalogVersion}";
}
