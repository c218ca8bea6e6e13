namespace ValidationGateway.Core.Actors;

/// <summary>Settings of an <see cref="ActorRegistry{TKey, TActor}"/>.</summary>
public sealed class ActorRegistryOptions
{
    /// <summary>An actor unused this long, with an empty mailbox, is deactivated. Default 10 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often idle actors are collected; zero turns the timer off (call <c>DeactivateIdleAsync</c> yourself). Default 1 minute.</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Errors naming each bad setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section)
    {
        var errors = new List<string>();
        if (IdleTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{section}:IdleTimeout must be positive (was {IdleTimeout})");
        }

        if (CollectionInterval < TimeSpan.Zero)
        {
            errors.Add($"{section}:CollectionInterval must be zero (off) or positive (was {CollectionInterval})");
        }

        return errors;
    }
}
