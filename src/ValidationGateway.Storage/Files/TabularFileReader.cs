using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using ExcelDataReader;

namespace ValidationGateway.Storage.Files;

/// <summary>
/// Streams a CSV (.csv), tab-separated (.tsv, .txt) or Excel (.xlsx, first sheet) file: the first row is the
/// header, the rest are data rows read by column name.
/// </summary>
/// <remarks>
/// Reads forward only and holds one record at a time. Header names match case-insensitively after trimming
/// (a UTF-8 byte order mark is dropped); unknown columns are ignored; blank rows are skipped; values are trimmed.
/// Not thread-safe; one reader per file.
/// </remarks>
internal sealed class TabularFileReader : IDisposable
{
    /// <summary>File extensions this reader understands.</summary>
    public static readonly IReadOnlyList<string> SupportedExtensions = [".csv", ".tsv", ".txt", ".xlsx"];

    private static readonly Lazy<bool> CodePages = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    });

    private readonly IEnumerator<TabularRecord> _records;
    private readonly StrongBox<FileStream?> _stream;
    private readonly Dictionary<string, int> _columns = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _columnNames = [];
    private readonly List<string> _duplicateColumns = [];
    private bool _rowsStarted;
    private bool _finished;

    private TabularFileReader(string fileName, IEnumerable<TabularRecord> records, StrongBox<FileStream?> stream, long length)
    {
        FileName = fileName;
        Length = length;
        _stream = stream;
        _records = records.GetEnumerator();
        try
        {
            if (MoveNext(out var header))
            {
                HeaderRowNumber = header.RowNumber;
                for (var i = 0; i < header.Fields.Length; i++)
                {
                    var name = header.Fields[i].Trim('\uFEFF', ' ', '\t');
                    if (name.Length == 0)
                    {
                        continue;
                    }

                    if (_columns.TryAdd(name, i))
                    {
                        _columnNames.Add(name);
                    }
                    else
                    {
                        _duplicateColumns.Add(name);
                    }
                }
            }
        }
        catch
        {
            _records.Dispose();
            throw;
        }
    }

    /// <summary>The file as the caller named it, for messages.</summary>
    public string FileName { get; }

    /// <summary>Row number of the header; 0 when the file has no rows at all.</summary>
    public int HeaderRowNumber { get; }

    /// <summary>Size of the file in bytes when it was opened.</summary>
    public long Length { get; }

    /// <summary>
    /// Bytes of the file read so far (the file position, so it runs ahead of the rows by the readers' buffers;
    /// for a workbook, the position in the compressed file). <see cref="Length"/> once the rows are exhausted.
    /// </summary>
    /// <remarks>For progress reports; read it on the thread that reads the rows.</remarks>
    public long BytesRead => _stream.Value is { CanSeek: true } stream ? Math.Min(stream.Position, Length) : _finished ? Length : 0;

    /// <summary>Header names (trimmed, as spelled in the file), in file order, each once.</summary>
    public IReadOnlyList<string> Columns => _columnNames;

    /// <summary>Header names that appear more than once; the first occurrence is the one read.</summary>
    public IReadOnlyList<string> DuplicateColumns => _duplicateColumns;

    /// <summary>Opens a file and reads its header.</summary>
    /// <exception cref="TabularFileException">Missing, unsupported or unreadable file; the message names it.</exception>
    public static TabularFileReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var extension = Path.GetExtension(path);
        var stream = new StrongBox<FileStream?>();
        IEnumerable<TabularRecord> records = extension.ToUpperInvariant() switch
        {
            ".CSV" => ReadDelimited(path, ',', CsvMode.Rfc4180, stream),
            // Tab-separated exports carry no quoting; a quote is data.
            ".TSV" or ".TXT" => ReadDelimited(path, '\t', CsvMode.NoEscape, stream),
            ".XLSX" => ReadWorkbook(path, stream),
            _ => throw new TabularFileException(
                $"{path}: unsupported file type '{extension}'; use CSV (.csv, UTF-8), tab-separated text (.tsv, .txt) or an Excel workbook (.xlsx)."),
        };

        if (!File.Exists(path))
        {
            throw new TabularFileException($"{path}: file not found.");
        }

        return new TabularFileReader(path, records, stream, new FileInfo(path).Length);
    }

    /// <summary>True when the header has the column (case-insensitive).</summary>
    public bool HasColumn(string name) => _columns.ContainsKey(name);

    /// <summary>The data rows after the header, skipping blank rows. Can be enumerated once.</summary>
    /// <exception cref="TabularFileException">The file became unreadable part-way (I/O error, corrupt workbook).</exception>
    public IEnumerable<TabularRow> ReadRows()
    {
        if (_rowsStarted)
        {
            throw new InvalidOperationException("The rows of a tabular file can be read only once.");
        }

        _rowsStarted = true;
        return Iterate();

        IEnumerable<TabularRow> Iterate()
        {
            while (MoveNext(out var record))
            {
                yield return new TabularRow(_columns, record);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _records.Dispose();

    private bool MoveNext(out TabularRecord record)
    {
        try
        {
            while (_records.MoveNext())
            {
                record = _records.Current;
                if (Array.Exists(record.Fields, f => f.Length != 0))
                {
                    return true;
                }
            }

            _finished = true;
            record = default;
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DecoderFallbackException
                                       or CsvFormatException or ExcelDataReader.Exceptions.ExcelReaderException
                                       or InvalidDataException or NotSupportedException)
        {
            throw new TabularFileException(Describe(FileName, ex), ex);
        }
    }

    private static string Describe(string path, Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => $"{path}: file not found.",
        UnauthorizedAccessException => $"{path}: permission denied.",
        DecoderFallbackException => $"{path}: {ex.Message}; save the file as UTF-8 (in Excel: CSV UTF-8) and import it again.",
        ExcelDataReader.Exceptions.ExcelReaderException or InvalidDataException or NotSupportedException =>
            $"{path}: not a readable .xlsx workbook ({ex.Message}).",
        _ => $"{path}: cannot be read ({ex.Message}).",
    };

    private static IEnumerable<TabularRecord> ReadDelimited(string path, char separator, CsvMode mode, StrongBox<FileStream?> opened)
    {
        // The reader scans ahead in blocks, so a malformed record may be reported before it is returned: keep
        // the problems by line and attach each to its record.
        var problems = new Dictionary<long, string>();
        var options = new CsvReaderOptions
        {
            Separator = separator,
            Mode = mode,
            HasHeader = false,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            DetectSeparatorHint = false,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            FormatProvider = CultureInfo.InvariantCulture,
            PoolStrings = true,
            OnMalformedRecord = record => problems.TryAdd(record.LineNumber, Describe(record.Reason)),
        };

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        opened.Value = stream;
        using var reader = CsvReader.Create(stream, options, leaveOpen: false);
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = (reader.GetString(i) ?? "").Trim();

                // Invalid UTF-8 decodes to U+FFFD: a GBK file read as UTF-8 would import garbled names silently.
                if (fields[i].Contains('\uFFFD', StringComparison.Ordinal))
                {
                    throw new DecoderFallbackException($"line {reader.LineNumber} is not valid UTF-8");
                }
            }

            var line = reader.LineNumber;
            problems.Remove(line, out var problem);
            yield return new TabularRecord(checked((int)line), fields, problem);
        }
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "malformed CSV: a quote inside an unquoted field; quote the whole field and double the inner quote (\"\")",
        CsvMalformedReason.TextAfterClosingQuote => "malformed CSV: text after the closing quote of a field",
        CsvMalformedReason.UnterminatedQuote => "malformed CSV: a quoted field is never closed; the rest of the file was read into it",
        _ => $"malformed CSV ({reason})",
    };

    private static IEnumerable<TabularRecord> ReadWorkbook(string path, StrongBox<FileStream?> opened)
    {
        // ExcelReaderConfiguration's constructor looks up code page 1252 (its fallback for legacy .xls), which
        // .NET only has once the code pages provider is registered.
        _ = CodePages.Value;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        opened.Value = stream;
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        var row = 0;
        while (reader.Read())
        {
            row++;
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = CellText(reader.GetValue(i));
            }

            yield return new TabularRecord(row, fields, null);
        }
    }

    private static string CellText(object? value) => value switch
    {
        null => "",
        string s => s.Trim(),
        // Numbers arrive as doubles; going through decimal gives 12.5 rather than 12.499999999999998 and never
        // an exponent for ordinary codes and prices.
        double d when Math.Abs(d) < 7.9e27 && !double.IsNaN(d) => ((decimal)d).ToString(CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero
            ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => value.ToString()?.Trim() ?? "",
    };

    internal static string Shorten(string? value)
    {
        const int MaxShown = 40;
        value ??= "";
        return value.Length <= MaxShown ? value : string.Concat(value.AsSpan(0, MaxShown), "…");
    }
}
