using System.Collections.Frozen;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Institutions;

namespace ValidationGateway.Storage.Files;

/// <summary>Parses an institution's approved-mapping file (CSV, TSV or XLSX; DESIGN.md §4) into <see cref="MappingRow"/>s.</summary>
/// <remarks>
/// Stateless and thread-safe. Reports every error (file, row, column). Codes are trimmed and length-checked, not
/// format-checked: a mapping to a malformed code is a finding at validation time, not an import error.
/// </remarks>
public static class MappingFileParser
{
    /// <summary>Longest local code accepted (<c>medins_list_codg</c> is text 150).</summary>
    public const int MaxLocalCodeLength = 150;

    /// <summary>Longest national code accepted (<c>med_list_codg</c> is text 50).</summary>
    public const int MaxNationalCodeLength = 50;

    private const int CancellationCheckInterval = 4096;
    private const string ItemTypesExpected = "drug, herb, service or consumable (药品, 中药饮片, 医疗服务, 医用耗材), or empty";

    private static readonly FrozenDictionary<string, ItemType> ItemTypes = new Dictionary<string, ItemType>(StringComparer.OrdinalIgnoreCase)
    {
        ["drug"] = ItemType.Drug,
        ["herb"] = ItemType.Herb,
        ["service"] = ItemType.Service,
        ["consumable"] = ItemType.Consumable,
        ["药品"] = ItemType.Drug,
        ["中药饮片"] = ItemType.Herb,
        ["医疗服务"] = ItemType.Service,
        ["医疗服务项目"] = ItemType.Service,
        ["医用耗材"] = ItemType.Consumable,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses the file at <paramref name="path"/> as mappings of institution <paramref name="institutionCode"/>.</summary>
    /// <returns>Every row when the whole file is good; otherwise every error and no rows.</returns>
    /// <exception cref="TabularFileException">The file is missing, of an unsupported type or unreadable.</exception>
    public static ImportResult<MappingRow> Parse(string path, string institutionCode, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(institutionCode);
        var errors = new ImportErrorCollector(path);
        using var reader = TabularFileReader.Open(path);
        if (!errors.CheckHeader(reader, MappingColumns.LocalCode, MappingColumns.NationalCode))
        {
            return errors.ToResult<MappingRow>([]);
        }

        var rows = new List<MappingRow>();
        var firstRowOf = new Dictionary<(string LocalCode, DateOnly? BeginDate), int>();
        foreach (var row in reader.ReadRows())
        {
            if (row.RowNumber % CancellationCheckInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var fields = new FieldReader(row, errors);
            if (row.Problem is { } problem)
            {
                errors.Add(row.RowNumber, "", problem);
            }

            var errorsBefore = errors.Count;
            var localCode = fields.RequiredText(MappingColumns.LocalCode, MaxLocalCodeLength);
            var (beginDate, endDate) = fields.DateRange(MappingColumns.BeginDate, MappingColumns.EndDate);
            if (errors.Count == errorsBefore)
            {
                if (!firstRowOf.TryAdd((localCode, beginDate), row.RowNumber))
                {
                    fields.Error(MappingColumns.LocalCode,
                        $"local code '{TabularFileReader.Shorten(localCode)}' with begndate {FieldReader.Describe(beginDate)} appears twice, in rows {firstRowOf[(localCode, beginDate)]} and {row.RowNumber}");
                }
            }

            var owner = row[MappingColumns.InstitutionCode];
            if (owner.Length != 0 && !string.Equals(owner, institutionCode, StringComparison.Ordinal))
            {
                fields.Error(MappingColumns.InstitutionCode, $"row belongs to institution '{TabularFileReader.Shorten(owner)}', but mappings of {institutionCode} are being imported");
            }

            var parsed = new MappingRow
            {
                InstitutionCode = institutionCode,
                LocalCode = localCode,
                NationalCode = fields.RequiredText(MappingColumns.NationalCode, MaxNationalCodeLength),
                ItemType = fields.Choice(MappingColumns.ItemType, ItemTypes, ItemType.Unspecified, ItemTypesExpected),
                LocalName = fields.Text(MappingColumns.LocalName),
                BeginDate = beginDate,
                EndDate = endDate,
            };

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
}
