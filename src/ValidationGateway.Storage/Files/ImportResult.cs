namespace ValidationGateway.Storage.Files;

/// <summary>The outcome of parsing one import file: its rows when the whole file is good, otherwise every error.</summary>
/// <typeparam name="T">Row type, e.g. <see cref="Core.Catalog.CatalogRow"/>.</typeparam>
/// <remarks>Immutable. When <see cref="Errors"/> is not empty, <see cref="Rows"/> is empty: nothing may be written.</remarks>
public sealed class ImportResult<T>
{
    internal ImportResult(string file, IReadOnlyList<T> rows, IReadOnlyList<ImportError> errors)
    {
        File = file;
        Errors = errors;
        Rows = errors.Count == 0 ? rows : [];
    }

    /// <summary>The file as the operator named it.</summary>
    public string File { get; }

    /// <summary>Parsed rows, in file order; empty when there is any error.</summary>
    public IReadOnlyList<T> Rows { get; }

    /// <summary>Every error found, in file order (row, then column).</summary>
    public IReadOnlyList<ImportError> Errors { get; }

    /// <summary>True when the file had no errors and its rows may be written.</summary>
    public bool Succeeded => Errors.Count == 0;
}
