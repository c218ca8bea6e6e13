namespace ValidationGateway.Storage.Files;

/// <summary>One problem in an import file, located by file, row and column.</summary>
/// <param name="File">The file as the operator named it.</param>
/// <param name="Row">1-based row in the file; the header is row 1.</param>
/// <param name="Column">Column name from the header, or empty when the problem is not about one column.</param>
/// <param name="Message">What is wrong and what was expected.</param>
public sealed record ImportError(string File, int Row, string Column, string Message)
{
    /// <summary><c>file:row:column: message</c> (<c>file:row: message</c> without a column), as compilers print errors.</summary>
    public override string ToString() =>
        Column.Length == 0 ? $"{File}:{Row}: {Message}" : $"{File}:{Row}:{Column}: {Message}";
}
