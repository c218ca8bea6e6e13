namespace ValidationGateway.Core.Institutions;

/// <summary>A practitioner registered to an institution.</summary>
/// <param name="Code">National practitioner code, e.g. D210102000123.</param>
/// <param name="Kind">Doctor, nurse or pharmacist.</param>
/// <param name="InstitutionCode">fixmedins_code the practitioner is registered at.</param>
/// <param name="Name">Name (personal data: never logged).</param>
/// <param name="Valid">False when the registration is suspended or ended.</param>
public sealed record PractitionerRow(string Code, PractitionerKind Kind, string InstitutionCode, string Name, bool Valid);
