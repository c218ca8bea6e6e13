namespace ValidationGateway.Storage.Files;

/// <summary>One data row of a tabular file, read by column name.</summary>
internal sealed class TabularRow
{
    private readonly IReadOnlyDictionary<string, int> _columns;
    private readonly string[] _fields;

    internal TabularRow(IReadOnlyDictionary<string, int> columns, TabularRecord record)
    {
        _columns = columns;
        _fields = record.Fields;
        RowNumber = record.RowNumber;
        Problem = record.Problem;
    }

    /// <summary>1-based row in the file; the header is row 1.</summary>
    public int RowNumber { get; }

    /// <summary>Set when the row was malformed (e.g. a stray quote in CSV) and read as best it could.</summary>
    public string? Problem { get; }

    /// <summary>The trimmed value of a column (case-insensitive name); empty when the column or the cell is absent.</summary>
    public string this[string column] =>
        _columns.TryGetValue(column, out var index) && index < _fields.Length ? _fields[index] : "";
}
