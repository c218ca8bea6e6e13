namespace ValidationGateway.Server.Reports;

/// <summary>A daily report's file format, as <c>--format</c> and the download links name it.</summary>
internal enum ReportFormat
{
    /// <summary>UTF-8 CSV with a BOM and a header row.</summary>
    Csv,

    /// <summary>An XLSX workbook, first sheet.</summary>
    Xlsx,

    /// <summary>A JSON array of objects.</summary>
    Json,
}
