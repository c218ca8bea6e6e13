namespace ValidationGateway.Core.Codes;

/// <summary>The families of national codes (DOMAIN.md §2). Their shapes are data (<see cref="CodeFormatProfile"/>).</summary>
public enum CodeFamily
{
    /// <summary>No family's detection pattern matched.</summary>
    Unknown = 0,
    /// <summary>西药, X + 22.</summary>
    WesternDrug,
    /// <summary>中成药, Z + 19.</summary>
    PatentDrug,
    /// <summary>Herbal pieces, granules, in-house preparations: catalog membership only.</summary>
    Herbal,
    /// <summary>医用耗材, C + 19 (or 26).</summary>
    Consumable,
    /// <summary>医疗服务项目, 15 digits with an optional provincial suffix.</summary>
    ServiceItem,
    /// <summary>ICD-10 医保版 diagnosis.</summary>
    Diagnosis,
    /// <summary>ICD-9-CM-3 医保版 operation.</summary>
    Operation,
    /// <summary>门诊慢特病 M-code.</summary>
    ChronicDisease,
    /// <summary>Designated hospital, H + 11.</summary>
    Hospital,
    /// <summary>Designated retail pharmacy, P + 11.</summary>
    Pharmacy,
    /// <summary>医保医师, D + 12.</summary>
    Doctor,
    /// <summary>Nurse, N + 12 (assumed).</summary>
    Nurse,
    /// <summary>Pharmacist, Y + 12 (assumed).</summary>
    Pharmacist,
}
