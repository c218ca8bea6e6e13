namespace ValidationGateway.Storage.Files;

/// <summary>An import file that cannot be read at all (missing, unsupported type, not UTF-8, corrupt workbook).</summary>
/// <remarks>Problems with individual rows are <see cref="ImportError"/>s, not exceptions.</remarks>
public sealed class TabularFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TabularFileException() { }

    /// <summary>Creates the exception with a message naming the file.</summary>
    public TabularFileException(string message) : base(message) { }

    /// <summary>Creates the exception with a message naming the file, and its cause.</summary>
    public TabularFileException(string message, Exception innerException) : base(message, innerException) { }
}
