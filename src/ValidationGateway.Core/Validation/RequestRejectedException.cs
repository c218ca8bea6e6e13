namespace ValidationGateway.Core.Validation;

/// <summary>The request as a whole cannot be validated; the transport maps <see cref="Kind"/> to a status.</summary>
/// <remarks>Raised before any work on lines; messages are Chinese-first, name the field, and are safe to show a client.</remarks>
public sealed class RequestRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RequestRejectedException(RequestErrorKind kind, string message) : base(message) => Kind = kind;

    /// <summary>Creates the exception.</summary>
    public RequestRejectedException() : this(RequestErrorKind.InvalidArgument, "invalid request") { }

    /// <summary>Creates the exception.</summary>
    public RequestRejectedException(string message) : this(RequestErrorKind.InvalidArgument, message) { }

    /// <summary>Creates the exception.</summary>
    public RequestRejectedException(string message, Exception innerException) : base(message, innerException) => Kind = RequestErrorKind.InvalidArgument;

    /// <summary>What kind of error it is.</summary>
    public RequestErrorKind Kind { get; }
}
