namespace ValidationGateway.Core.Institutions;

/// <summary>Kind of designated institution.</summary>
public enum InstitutionType
{
    /// <summary>定点医疗机构 (H… code).</summary>
    Hospital = 1,
    /// <summary>定点零售药店 (P… code).</summary>
    Pharmacy = 2,
}
