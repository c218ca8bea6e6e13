namespace ValidationGateway.Storage.Files;

/// <summary>Column names of a practitioner import file (DESIGN.md §4).</summary>
public static class PractitionerColumns
{
    /// <summary>National practitioner code; required, ≤ 30 characters, shape not checked.</summary>
    public const string Code = "code";

    /// <summary>doctor, nurse or pharmacist (also 医师, 护士, 药师); required.</summary>
    public const string Kind = "kind";

    /// <summary>Institution the practitioner is registered at: H or P + 11 digits; required.</summary>
    public const string InstitutionCode = "fixmedins_code";

    /// <summary>Name (personal data).</summary>
    public const string Name = "name";

    /// <summary>1 valid (default) / 0 suspended or ended.</summary>
    public const string Valid = "valid";

    /// <summary>Every column, in the order of DESIGN.md §4.</summary>
    public static IReadOnlyList<string> All { get; } = [Code, Kind, InstitutionCode, Name, Valid];
}
