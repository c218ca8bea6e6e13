using System.Collections.Frozen;
using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Storage.Files;

/// <summary>Parses a catalog import file (CSV, TSV or XLSX; DESIGN.md §4 columns) into <see cref="CatalogRow"/>s.</summary>
/// <remarks>
/// Stateless and thread-safe. Reads the file as a stream and reports every error (file, row, column); codes are
/// trimmed but not format-checked, because the validator tells malformed from unknown codes and herbal and
/// provincial codes vary.
/// </remarks>
public static class CatalogFileParser
{
    /// <summary>Longest national code accepted (<c>med_list_codg</c> is text 50).</summary>
    public const int MaxCodeLength = 50;

    private const int CancellationCheckInterval = 4096;

    private static readonly FrozenDictionary<string, string> ChargeLevels = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["01"] = "01",
        ["02"] = "02",
        ["03"] = "03",
        ["1"] = "01",
        ["2"] = "02",
        ["3"] = "03",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Parses the file at <paramref name="path"/> as rows of <paramref name="kind"/>.</summary>
    /// <returns>Every row when the whole file is good; otherwise every error and no rows.</returns>
    /// <exception cref="TabularFileException">The file is missing, of an unsupported type or unreadable.</exception>
    public static ImportResult<CatalogRow> Parse(string path, CatalogItemKind kind, CancellationToken cancellationToken = default)
    {
        var errors = new ImportErrorCollector(path);
        using var reader = TabularFileReader.Open(path);
        if (!errors.CheckHeader(reader, CatalogColumns.Code))
        {
            return errors.ToResult<CatalogRow>([]);
        }

        var rows = new List<CatalogRow>();
        var firstRowOf = new Dictionary<(string Code, DateOnly? BeginDate), int>();
        foreach (var row in reader.ReadRows())
        {
            if (row.RowNumber % CancellationCheckInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (parsed, keyIsValid) = ParseRow(new FieldReader(row, errors), kind, errors);
            if (keyIsValid)
            {
                if (firstRowOf.TryGetValue((parsed.Code, parsed.BeginDate), out var first))
                {
                    errors.Add(row.RowNumber, CatalogColumns.Code,
                        $"code '{parsed.Code}' with begndate {Describe(parsed.BeginDate)} appears twice, in rows {first} and {row.RowNumber}");
                }
                else
                {
                    firstRowOf.Add((parsed.Code, parsed.BeginDate), row.RowNumber);
                }
            }

            if (errors.Count == 0)
            {
                rows.Add(parsed);
            }
            else if (rows.Count != 0)
            {
                // The file will be rejected; stop holding rows nobody will write.
                rows.Clear();
                rows.TrimExcess();
            }
        }

        return errors.ToResult(rows);
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
}
