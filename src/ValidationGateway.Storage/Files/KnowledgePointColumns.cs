namespace ValidationGateway.Storage.Files;

/// <summary>Column names of a knowledge-point (rules) import file (DESIGN.md §4).</summary>
public static class KnowledgePointColumns
{
    /// <summary>GENDER_RESTRICTED, AGE_RESTRICTED, DUPLICATE_CHARGE, FREQUENCY_EXCEEDED or CONSUMABLE_NOT_SEPARATELY_CHARGEABLE; required.</summary>
    public const string RuleId = "rule_id";

    /// <summary>The item the point is about; required, ≤ 50 characters.</summary>
    public const string Code = "code";

    /// <summary>Second item (DUPLICATE_CHARGE, CONSUMABLE_NOT_SEPARATELY_CHARGEABLE).</summary>
    public const string CodeB = "code_b";

    /// <summary>1 male / 2 female (also 男 / 女) (GENDER_RESTRICTED).</summary>
    public const string Gender = "gender";

    /// <summary>Lowest allowed age in whole years, 0–150 (AGE_RESTRICTED).</summary>
    public const string AgeMin = "age_min";

    /// <summary>Highest allowed age in whole years, 0–150 (AGE_RESTRICTED).</summary>
    public const string AgeMax = "age_max";

    /// <summary>Most quantity per patient per day, &gt; 0 (FREQUENCY_EXCEEDED).</summary>
    public const string MaxPerDay = "max_per_day";

    /// <summary>Free text, e.g. the published KP.</summary>
    public const string Note = "note";

    /// <summary>Every column, in the order of DESIGN.md §4.</summary>
    public static IReadOnlyList<string> All { get; } = [RuleId, Code, CodeB, Gender, AgeMin, AgeMax, MaxPerDay, Note];
}
