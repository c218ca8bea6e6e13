namespace ValidationGateway.Storage.Files;

/// <summary>
/// A streamed import file had errors; thrown at the end of its rows, after every error was collected, so the
/// transaction consuming them rolls back and nothing is written.
/// </summary>
public sealed class ImportFileRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImportFileRejectedException() : this("", []) { }

    /// <summary>Creates the exception with a message.</summary>
    public ImportFileRejectedException(string message) : this(message, []) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ImportFileRejectedException(string message, Exception innerException) : base(message, innerException)
    {
        File = "";
        Errors = [];
    }

    /// <summary>Creates the exception for <paramref name="file"/> and its errors.</summary>
    public ImportFileRejectedException(string file, IReadOnlyList<ImportError> errors)
        : base($"{errors.Count} error(s) in {file}; nothing was written")
    {
        File = file;
        Errors = errors;
    }

    /// <summary>The file as the operator named it.</summary>
    public string File { get; }

    /// <summary>Every error found, in file order.</summary>
    public IReadOnlyList<ImportError> Errors { get; }
}
