using System.Collections.Frozen;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Storage.Files;

/// <summary>
/// Streams a catalog import file (CSV, TSV or XLSX; DESIGN.md §4 columns) as <see cref="CatalogRow"/>s, straight
/// into a store's transaction, and collects every error (file, row, column).
/// </summary>
/// <remarks>
/// <para>
/// Holds one row at a time: rows are yielded as they are parsed, so a store writes them while the file is still
/// being read. Once an error is found no further row is yielded, but the rest of the file is still parsed so that
/// every error is reported; at the end the enumeration throws <see cref="ImportFileRejectedException"/> carrying
/// them all, which rolls back the consumer's transaction: nothing of a bad file is written.
/// </para>
/// <para>
/// Duplicate (code, begndate) keys are found without keeping the rows: the first row number of each key is kept
/// under a 128-bit digest of the key (a 32-byte dictionary entry per row instead of the row). Codes are trimmed but not
/// format-checked, because the validator tells malformed from unknown codes and herbal and provincial codes vary.
/// </para>
/// <para>Not thread-safe; one reader per file, its rows enumerated once, on one thread.</para>
/// </remarks>
public sealed class CatalogFileReader : IDisposable
{
    /// <summary>Longest national code accepted (<c>med_list_codg</c> is text 50).</summary>
    public const int MaxCodeLength = 50;

    private const int CancellationCheckInterval = 4096;
    private const int ProgressInterval = 1024;

    /// <summary>Rows after which the duplicate index is sized for the whole file, from the bytes those rows took.</summary>
    private const int SizingSample = 16_384;
    private const int MaxPresizedRows = 50_000_000;

    private static readonly FrozenDictionary<string, string> ChargeLevels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["01"] = "01",
        ["02"] = "02",
        ["03"] = "03",
        ["1"] = "01",
        ["2"] = "02",
        ["3"] = "03",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly TabularFileReader _reader;
    private readonly ImportErrorCollector _errors;
    private readonly CatalogItemKind _kind;
    private readonly bool _headerIsComplete;
    private readonly IProgress<FileReadPosition>? _progress;
    private bool _rowsStarted;

    private CatalogFileReader(TabularFileReader reader, CatalogItemKind kind, IProgress<FileReadPosition>? progress)
    {
        _reader = reader;
        _kind = kind;
        _progress = progress;
        _errors = new ImportErrorCollector(reader.FileName);
        _headerIsComplete = _errors.CheckHeader(reader, CatalogColumns.Code);
    }

    /// <summary>The file as the operator named it.</summary>
    public string File => _reader.FileName;

    /// <summary>The kind every row is given.</summary>
    public CatalogItemKind Kind => _kind;

    /// <summary>Every error found so far (all of them once the rows have been enumerated), in file order.</summary>
    public IReadOnlyList<ImportError> Errors => _errors.Errors;

    /// <summary>Data rows read so far, good or bad.</summary>
    public long RowsRead { get; private set; }

    /// <summary>Bytes of the file read so far, for progress (runs ahead of the rows by the read buffers).</summary>
    public long BytesRead => _reader.BytesRead;

    /// <summary>Size of the file in bytes.</summary>
    public long Length => _reader.Length;

    /// <summary>Opens the file and checks its header; header errors are in <see cref="Errors"/> at once.</summary>
    /// <param name="path">The file.</param>
    /// <param name="kind">The kind every row is given.</param>
    /// <param name="progress">Told, on the reading thread, every 1,024 rows read (good or bad) and once at the end of the file.</param>
    /// <exception cref="TabularFileException">The file is missing, of an unsupported type or unreadable.</exception>
    public static CatalogFileReader Open(string path, CatalogItemKind kind, IProgress<FileReadPosition>? progress = null)
    {
        var reader = TabularFileReader.Open(path);
        try
        {
            return new CatalogFileReader(reader, kind, progress);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The rows of the file, parsed as they are enumerated. Can be enumerated once.
    /// </summary>
    /// <exception cref="ImportFileRejectedException">At the end of the file (or at once for a bad header) when the file has any error.</exception>
    /// <exception cref="TabularFileException">The file became unreadable part-way.</exception>
    public IEnumerable<CatalogRow> ReadRows(CancellationToken cancellationToken = default)
    {
        if (_rowsStarted)
        {
            throw new InvalidOperationException("The rows of a catalog file can be read only once.");
        }

        _rowsStarted = true;
        return Iterate(cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    private IEnumerable<CatalogRow> Iterate(CancellationToken cancellationToken)
    {
        if (!_headerIsComplete)
        {
            throw new ImportFileRejectedException(File, _errors.Errors.ToArray());
        }

        var firstRowOf = new Dictionary<KeyDigest, int>();
        foreach (var row in _reader.ReadRows())
        {
            if (++RowsRead % ProgressInterval == 0)
            {
                _progress?.Report(new FileReadPosition(BytesRead, Length, RowsRead, Finished: false));
                if (RowsRead % CancellationCheckInterval == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (RowsRead == SizingSample && BytesRead > 0)
                {
                    // Growing by doubling holds the old and the new table at once (1.5x the final size at the last
                    // resize); sizing once from the rows so far avoids that. The read position runs ahead of the rows
                    // by the buffers, so the estimate is low rather than high; 25% covers that and varying row widths.
                    var estimate = (double)RowsRead * Length / BytesRead * 1.25;
                    firstRowOf.EnsureCapacity((int)Math.Min(estimate, MaxPresizedRows));
                }
            }

            var (parsed, keyIsValid) = ParseRow(new FieldReader(row, _errors), _kind, _errors);
            if (keyIsValid)
            {
                ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(firstRowOf, Digest(parsed.Code, parsed.BeginDate), out var seen);
                if (seen)
                {
                    _errors.Add(row.RowNumber, CatalogColumns.Code,
                        $"code '{parsed.Code}' with begndate {Describe(parsed.BeginDate)} appears twice, in rows {first} and {row.RowNumber}");
                }
                else
                {
                    first = row.RowNumber;
                }
            }

            if (_errors.Count == 0)
            {
                yield return parsed;
            }
        }

        _progress?.Report(new FileReadPosition(Length, Length, RowsRead, Finished: true));
        if (_errors.Count != 0)
        {
            throw new ImportFileRejectedException(File, _errors.Errors.ToArray());
        }
    }

    /// <summary>The first 128 bits of SHA-256 over the key: exact in practice (a collision among 10⁷ keys has odds near 10⁻²⁵).</summary>
    /// <remarks>
    /// SHA-256 because the BCL has no 128-bit non-cryptographic hash (System.IO.Hashing is a package the feed does
    /// not have) and a 64-bit one could report a false duplicate; it costs well under a microsecond per row.
    /// </remarks>
    private static KeyDigest Digest(string code, DateOnly? beginDate)
    {
        var chars = MemoryMarshal.AsBytes(code.AsSpan());
        Span<byte> input = stackalloc byte[(MaxCodeLength * sizeof(char)) + sizeof(int) + 1];
        chars.CopyTo(input);
        var day = beginDate?.DayNumber ?? -1;
        MemoryMarshal.Write(input[chars.Length..], in day);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input[..(chars.Length + sizeof(int))], digest);
        return new KeyDigest(MemoryMarshal.Read<ulong>(digest), MemoryMarshal.Read<ulong>(digest[sizeof(ulong)..]));
    }

    /// <returns>The row, and whether its key (code, begndate) parsed cleanly, so duplicates are found even in bad rows.</returns>
    private static (CatalogRow Row, bool KeyIsValid) ParseRow(FieldReader fields, CatalogItemKind kind, ImportErrorCollector errors)
    {
        if (fields.Row.Problem is { } problem)
        {
            errors.Add(fields.Row.RowNumber, "", problem);
        }

        var errorsBefore = errors.Count;
        var code = fields.RequiredText(CatalogColumns.Code, MaxCodeLength);
        var beginDate = fields.Date(CatalogColumns.BeginDate);
        var keyIsValid = errors.Count == errorsBefore;
        var endDate = fields.Date(CatalogColumns.EndDate);
        if (beginDate is { } begin && endDate is { } end && end < begin)
        {
            fields.Error(CatalogColumns.EndDate, $"enddate {Describe(end)} is before begndate {Describe(begin)}");
        }

        var row = new CatalogRow
        {
            Kind = kind,
            Code = code,
            Name = fields.Text(CatalogColumns.Name),
            BeginDate = beginDate,
            EndDate = endDate,
            Valid = fields.Flag(CatalogColumns.Valid, defaultValue: true),
            ChargeLevel = fields.Choice(CatalogColumns.ChargeLevel, ChargeLevels, "", "01, 02 or 03 (class A, B, C; 1, 2, 3 also accepted)"),
            RestrictedUse = fields.Flag(CatalogColumns.RestrictedUse, defaultValue: false),
            PriceCap = fields.NonNegativeDecimal(CatalogColumns.PriceCap),
            Level1Price = fields.NonNegativeDecimal(CatalogColumns.Level1Price),
            Level2Price = fields.NonNegativeDecimal(CatalogColumns.Level2Price),
            Level3Price = fields.NonNegativeDecimal(CatalogColumns.Level3Price),
        };
        return (row, keyIsValid);
    }

    private static string Describe(DateOnly? date) =>
        date is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "(empty)";

    /// <summary>A 128-bit key digest as two 8-byte halves: UInt128 is 16-byte aligned, which makes a dictionary entry 48 bytes instead of 32.</summary>
    private readonly record struct KeyDigest(ulong Low, ulong High)
    {
        public bool Equals(KeyDigest other) => Low == other.Low && High == other.High;

        // The digest is uniform already.
        public override int GetHashCode() => (int)Low;
    }
}
