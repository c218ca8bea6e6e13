using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Rules;

/// <summary>One knowledge point of the rule library (两库), as imported by <c>vgw rules import</c> (DESIGN.md §4).</summary>
/// <remarks>Immutable; versioned with the catalog. Which fields matter depends on <see cref="Rule"/>.</remarks>
public sealed record KnowledgePoint
{
    /// <summary>GENDER_RESTRICTED, AGE_RESTRICTED, DUPLICATE_CHARGE, FREQUENCY_EXCEEDED or CONSUMABLE_NOT_SEPARATELY_CHARGEABLE.</summary>
    public required RuleId Rule { get; init; }

    /// <summary>The item the point is about (for CONSUMABLE_NOT_SEPARATELY_CHARGEABLE: the service item).</summary>
    public required string Code { get; init; }

    /// <summary>Second item: the one that may not be charged with <see cref="Code"/> (DUPLICATE_CHARGE; same code = not twice), or the included consumable.</summary>
    public string CodeB { get; init; } = "";

    /// <summary>GENDER_RESTRICTED: "1" male only, "2" female only.</summary>
    public string Gender { get; init; } = "";

    /// <summary>AGE_RESTRICTED: lowest allowed age in whole years, inclusive.</summary>
    public int? AgeMin { get; init; }

    /// <summary>AGE_RESTRICTED: highest allowed age in whole years, inclusive.</summary>
    public int? AgeMax { get; init; }

    /// <summary>FREQUENCY_EXCEEDED: most quantity per patient per calendar day at one institution.</summary>
    public decimal? MaxPerDay { get; init; }

    /// <summary>Source note (e.g. the published KP text).</summary>
    public string Note { get; init; } = "";
}
