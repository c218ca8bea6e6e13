namespace ValidationGateway.Storage;

/// <summary>The store has no such item (version, institution).</summary>
public sealed class StoreNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreNotFoundException() { }

    /// <summary>Creates the exception with a message fit for an operator.</summary>
    public StoreNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public StoreNotFoundException(string message, Exception innerException) : base(message, innerException) { }
}
