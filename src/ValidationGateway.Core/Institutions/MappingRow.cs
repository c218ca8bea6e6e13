using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Institutions;

/// <summary>One approved local-to-national mapping of an institution (目录对照, national transaction 3301).</summary>
/// <remarks>Immutable. Dates are calendar dates; a missing begin or end date means open-ended.</remarks>
public sealed record MappingRow
{
    /// <summary>fixmedins_code of the institution that owns the mapping.</summary>
    public required string InstitutionCode { get; init; }

    /// <summary>The institution's local (HIS) code, <c>medins_list_codg</c>.</summary>
    public required string LocalCode { get; init; }

    /// <summary>The national code it maps to, <c>med_list_codg</c>.</summary>
    public required string NationalCode { get; init; }

    /// <summary>Item type declared with the mapping; unspecified when the file leaves it empty.</summary>
    public ItemType ItemType { get; init; }

    /// <summary>The institution's local item name.</summary>
    public string LocalName { get; init; } = "";

    /// <summary>First day the mapping applies, inclusive.</summary>
    public DateOnly? BeginDate { get; init; }

    /// <summary>Last day the mapping applies, inclusive.</summary>
    public DateOnly? EndDate { get; init; }
}
