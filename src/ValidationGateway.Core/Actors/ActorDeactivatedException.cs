namespace ValidationGateway.Core.Actors;

/// <summary>Work was posted to an actor that has been deactivated; get a fresh activation from the registry and retry.</summary>
public sealed class ActorDeactivatedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ActorDeactivatedException() : base("the actor has been deactivated") { }

    /// <summary>Creates the exception with a message.</summary>
    public ActorDeactivatedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ActorDeactivatedException(string message, Exception innerException) : base(message, innerException) { }
}
