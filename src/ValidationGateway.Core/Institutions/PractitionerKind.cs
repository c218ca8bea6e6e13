namespace ValidationGateway.Core.Institutions;

/// <summary>Kind of registered practitioner.</summary>
public enum PractitionerKind
{
    /// <summary>医保医师 (D…).</summary>
    Doctor = 1,
    /// <summary>Nurse (N…).</summary>
    Nurse = 2,
    /// <summary>Pharmacist (Y…).</summary>
    Pharmacist = 3,
}
