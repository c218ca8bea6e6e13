namespace ValidationGateway.Storage.Files;

/// <summary>Collects every error of one import file, in the order found.</summary>
internal sealed class ImportErrorCollector(string file)
{
    private readonly List<ImportError> _errors = [];

    /// <summary>The file as the operator named it.</summary>
    public string File { get; } = file;

    /// <summary>Errors so far.</summary>
    public IReadOnlyList<ImportError> Errors => _errors;

    /// <summary>Number of errors so far.</summary>
    public int Count => _errors.Count;

    /// <summary>Records an error.</summary>
    public void Add(int row, string column, string message) => _errors.Add(new ImportError(File, row, column, message));

    /// <summary>
    /// Checks the header: one error per missing required column and per repeated column name.
    /// Returns false when the rows cannot be read meaningfully (no header, or a required column missing).
    /// </summary>
    public bool CheckHeader(TabularFileReader reader, params ReadOnlySpan<string> requiredColumns)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.HeaderRowNumber == 0)
        {
            Add(1, "", $"the file is empty; expected a header row with at least: {string.Join(", ", requiredColumns.ToArray())}");
            return false;
        }

        foreach (var duplicate in reader.DuplicateColumns)
        {
            Add(reader.HeaderRowNumber, duplicate, "column appears more than once in the header");
        }

        const int MaxColumnsShown = 12;
        var complete = true;
        foreach (var column in requiredColumns)
        {
            if (!reader.HasColumn(column))
            {
                var found = reader.Columns.Take(MaxColumnsShown + 1).ToList();
                var shown = string.Join(", ", found.Take(MaxColumnsShown)) + (found.Count > MaxColumnsShown ? ", …" : "");
                Add(reader.HeaderRowNumber, column, $"required column '{column}' is missing from the header (it has: {shown})");
                complete = false;
            }
        }

        return complete;
    }

    /// <summary>Creates the result: the rows when no error was found, otherwise every error and no rows.</summary>
    public ImportResult<T> ToResult<T>(IReadOnlyList<T> rows) => new(File, rows, _errors.ToArray());
}
