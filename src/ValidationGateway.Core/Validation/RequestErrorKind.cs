namespace ValidationGateway.Core.Validation;

/// <summary>Why a request could not be validated at all (as opposed to findings about its lines).</summary>
public enum RequestErrorKind
{
    /// <summary>A required field is missing or a value is out of bounds (INVALID_ARGUMENT).</summary>
    InvalidArgument = 1,
    /// <summary>Unknown institution or catalog version (NOT_FOUND).</summary>
    NotFound = 2,
    /// <summary>No catalog version is published yet, or the store cannot be reached (UNAVAILABLE).</summary>
    Unavailable = 3,
}
