namespace ValidationGateway.Storage;

/// <summary>A write that contradicts the store's state (e.g. importing into a published version).</summary>
public sealed class StoreConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StoreConflictException() { }

    /// <summary>Creates the exception with a message fit for an operator.</summary>
    public StoreConflictException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public StoreConflictException(string message, Exception innerException) : base(message, innerException) { }
}
