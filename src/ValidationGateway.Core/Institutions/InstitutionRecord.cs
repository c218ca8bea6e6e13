namespace ValidationGateway.Core.Institutions;

/// <summary>A designated institution as registered with the gateway.</summary>
/// <param name="Code">fixmedins_code, e.g. H21010200123.</param>
/// <param name="Name">Institution name.</param>
/// <param name="Level">Hospital grade 1..3 (pharmacies: 1 unless told otherwise).</param>
/// <param name="Type">Hospital or pharmacy.</param>
public sealed record InstitutionRecord(string Code, string Name, int Level, InstitutionType Type)
{
    /// <summary>The 6-digit admin division at positions 2–7 of the code (GB/T 2260).</summary>
    public string AdminDivision => Code.Length >= 7 ? Code.Substring(1, 6) : "";
}
