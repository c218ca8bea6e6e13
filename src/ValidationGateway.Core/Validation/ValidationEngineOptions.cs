using ValidationGateway.Core.Actors;

namespace ValidationGateway.Core.Validation;

/// <summary>Settings of the validation engine (configuration section <c>Validation</c>).</summary>
public sealed class ValidationEngineOptions
{
    /// <summary>Most fee detail lines in one batch. Default 1000.</summary>
    public int MaxLinesPerBatch { get; set; } = 1000;

    /// <summary>How often the current published catalog version is re-read from the store. Default 5 s.</summary>
    public TimeSpan CatalogPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Institution actors (institution@version).</summary>
    public ActorRegistryOptions InstitutionActors { get; set; } = new();

    /// <summary>Bounds of each institution actor's cross-batch memory.</summary>
    public VisitMemoryOptions VisitMemory { get; set; } = new();

    /// <summary>Catalog version actors; long idle timeout because a snapshot is costly to rebuild.</summary>
    public ActorRegistryOptions CatalogActors { get; set; } = new() { IdleTimeout = TimeSpan.FromHours(1) };

    /// <summary>Errors naming each bad setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxLinesPerBatch is < 1 or > 100_000)
        {
            errors.Add($"Validation:MaxLinesPerBatch must be between 1 and 100000 (was {MaxLinesPerBatch})");
        }

        if (CatalogPollInterval <= TimeSpan.Zero)
        {
            errors.Add($"Validation:CatalogPollInterval must be positive (was {CatalogPollInterval})");
        }

        errors.AddRange(InstitutionActors.Validate("Validation:InstitutionActors"));
        errors.AddRange(CatalogActors.Validate("Validation:CatalogActors"));
        errors.AddRange(VisitMemory.Validate());
        return errors;
    }
}
