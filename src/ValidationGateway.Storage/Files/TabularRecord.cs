namespace ValidationGateway.Storage.Files;

/// <summary>One raw record of a tabular file: trimmed fields and where it starts.</summary>
/// <param name="RowNumber">1-based row (line for CSV, sheet row for XLSX) where the record starts.</param>
/// <param name="Fields">Trimmed field values; never null.</param>
/// <param name="Problem">Set when the record was malformed (e.g. a stray quote) and read as best it could.</param>
internal readonly record struct TabularRecord(int RowNumber, string[] Fields, string? Problem);
