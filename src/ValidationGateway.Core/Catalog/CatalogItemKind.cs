namespace ValidationGateway.Core.Catalog;

/// <summary>The national catalog a row comes from (download transactions 1301–1309).</summary>
public enum CatalogItemKind
{
    /// <summary>Western and Chinese patent drugs (1301).</summary>
    Drug = 1,
    /// <summary>Herbal pieces and formula granules (1302).</summary>
    Herb = 2,
    /// <summary>Medical consumables (1306).</summary>
    Consumable = 3,
    /// <summary>Medical service items (1305).</summary>
    Service = 4,
    /// <summary>Diagnoses, ICD-10 医保版 (1307).</summary>
    Diagnosis = 5,
    /// <summary>Operations, ICD-9-CM-3 医保版 (1308).</summary>
    Operation = 6,
    /// <summary>Outpatient chronic and special diseases (1309).</summary>
    Disease = 7,
}
