using System.Collections.Frozen;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;

namespace ValidationGateway.Storage.Files;

/// <summary>Parses a practitioner registry file (CSV, TSV or XLSX; DESIGN.md §4) into <see cref="PractitionerRow"/>s.</summary>
/// <remarks>
/// Stateless and thread-safe. Reports every error (file, row, column). Practitioner codes are only checked for
/// presence and length: their national shapes are not settled (DOMAIN.md tags them weak). Institution codes
/// must have the solid H/P + 11 digits shape.
/// </remarks>
public static class PractitionerFileParser
{
    /// <summary>Longest practitioner code accepted (<c>bilg_dr_codg</c> is text 30).</summary>
    public const int MaxCodeLength = 30;

    private const int CancellationCheckInterval = 4096;
    private const string KindsExpected = "doctor, nurse or pharmacist (医师, 护士, 药师)";

    private static readonly FrozenDictionary<string, PractitionerKind> Kinds = new Dictionary<string, PractitionerKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["doctor"] = PractitionerKind.Doctor,
        ["nurse"] = PractitionerKind.Nurse,
        ["pharmacist"] = PractitionerKind.Pharmacist,
        ["医师"] = PractitionerKind.Doctor,
        ["医生"] = PractitionerKind.Doctor,
        ["护士"] = PractitionerKind.Nurse,
        ["药师"] = PractitionerKind.Pharmacist,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses the file at <paramref name="path"/>.</summary>
    /// <returns>Every row when the whole file is good; otherwise every error and no rows.</returns>
    /// <exception cref="TabularFileException">The file is missing, of an unsupported type or unreadable.</exception>
    public static ImportResult<PractitionerRow> Parse(string path, CancellationToken cancellationToken = default)
    {
        var errors = new ImportErrorCollector(path);
        using var reader = TabularFileReader.Open(path);
        if (!errors.CheckHeader(reader, PractitionerColumns.Code, PractitionerColumns.Kind, PractitionerColumns.InstitutionCode))
        {
            return errors.ToResult<PractitionerRow>([]);
        }

        var rows = new List<PractitionerRow>();
        var firstRowOf = new Dictionary<(string Code, string InstitutionCode), int>();
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
            var code = fields.RequiredText(PractitionerColumns.Code, MaxCodeLength);
            var institution = fields.RequiredText(PractitionerColumns.InstitutionCode);
            if (institution.Length != 0 &&
                !CodeFormatProfile.Default.IsWellFormed(CodeFamily.Hospital, institution) &&
                !CodeFormatProfile.Default.IsWellFormed(CodeFamily.Pharmacy, institution))
            {
                fields.Error(PractitionerColumns.InstitutionCode,
                    $"'{TabularFileReader.Shorten(institution)}' is not an institution code; expected H or P + 11 digits, e.g. H21010200123");
            }

            if (errors.Count == errorsBefore && !firstRowOf.TryAdd((code, institution), row.RowNumber))
            {
                fields.Error(PractitionerColumns.Code,
                    $"practitioner '{TabularFileReader.Shorten(code)}' at {institution} appears twice, in rows {firstRowOf[(code, institution)]} and {row.RowNumber}");
            }

            var parsed = new PractitionerRow(
                code,
                fields.RequiredChoice(PractitionerColumns.Kind, Kinds, PractitionerKind.Doctor, KindsExpected),
                institution,
                fields.Text(PractitionerColumns.Name),
                fields.Flag(PractitionerColumns.Valid, defaultValue: true));

            if (errors.Count == 0)
            {
                rows.Add(parsed);
            }
            else if (rows.Count != 0)
            {
                rows.Clear();
                rows.TrimExcess();
            }
        }

        return errors.ToResult(rows);
    }
}
