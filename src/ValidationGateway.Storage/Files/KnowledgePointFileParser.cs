using System.Collections.Frozen;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Storage.Files;

/// <summary>Parses a knowledge-point (rule library) file (CSV, TSV or XLSX; DESIGN.md §4) into <see cref="KnowledgePoint"/>s.</summary>
/// <remarks>
/// Stateless and thread-safe. Reports every error (file, row, column), including the column a row's rule needs
/// but leaves empty. Fields a rule does not use are kept as given. The same (rule_id, code, code_b) twice is an
/// error: two gender or age limits for one item would contradict or shadow each other.
/// </remarks>
public static class KnowledgePointFileParser
{
    /// <summary>Longest code accepted in <c>code</c> and <c>code_b</c> (national codes are text 50).</summary>
    public const int MaxCodeLength = 50;

    /// <summary>Highest age accepted in <c>age_min</c> and <c>age_max</c>.</summary>
    public const int MaxAge = 150;

    private const int CancellationCheckInterval = 4096;

    /// <summary>The rules a knowledge point can feed, in DESIGN.md §4 order.</summary>
    public static IReadOnlyList<RuleId> Rules { get; } =
    [
        RuleId.GenderRestricted,
        RuleId.AgeRestricted,
        RuleId.DuplicateCharge,
        RuleId.FrequencyExceeded,
        RuleId.ConsumableNotSeparatelyChargeable,
    ];

    private static readonly string RulesExpected = string.Join(", ", Rules.Select(RuleIds.NameOf));

    private static readonly FrozenDictionary<string, string> Genders = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["1"] = "1",
        ["2"] = "2",
        ["男"] = "1",
        ["女"] = "2",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Parses the file at <paramref name="path"/>.</summary>
    /// <returns>Every knowledge point when the whole file is good; otherwise every error and none.</returns>
    /// <exception cref="TabularFileException">The file is missing, of an unsupported type or unreadable.</exception>
    public static ImportResult<KnowledgePoint> Parse(string path, CancellationToken cancellationToken = default)
    {
        var errors = new ImportErrorCollector(path);
        using var reader = TabularFileReader.Open(path);
        if (!errors.CheckHeader(reader, KnowledgePointColumns.RuleId, KnowledgePointColumns.Code))
        {
            return errors.ToResult<KnowledgePoint>([]);
        }

        var points = new List<KnowledgePoint>();
        var firstRowOf = new Dictionary<(RuleId Rule, string Code, string CodeB), int>();
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
            var rule = ReadRule(fields);
            var code = fields.RequiredText(KnowledgePointColumns.Code, MaxCodeLength);
            var codeB = fields.Text(KnowledgePointColumns.CodeB, MaxCodeLength);
            if (errors.Count == errorsBefore && !firstRowOf.TryAdd((rule, code, codeB), row.RowNumber))
            {
                fields.Error(KnowledgePointColumns.Code,
                    $"{RuleIds.NameOf(rule)} for code '{TabularFileReader.Shorten(code)}'{(codeB.Length == 0 ? "" : $" and code_b '{TabularFileReader.Shorten(codeB)}'")} appears twice, in rows {firstRowOf[(rule, code, codeB)]} and {row.RowNumber}");
            }

            var point = new KnowledgePoint
            {
                Rule = rule,
                Code = code,
                CodeB = codeB,
                Gender = fields.Choice(KnowledgePointColumns.Gender, Genders, "", "1 (male) or 2 (female); 男 or 女 also accepted"),
                AgeMin = fields.Integer(KnowledgePointColumns.AgeMin, 0, MaxAge),
                AgeMax = fields.Integer(KnowledgePointColumns.AgeMax, 0, MaxAge),
                MaxPerDay = fields.PositiveDecimal(KnowledgePointColumns.MaxPerDay),
                Note = fields.Text(KnowledgePointColumns.Note),
            };
            if (point.AgeMin is { } min && point.AgeMax is { } max && max < min)
            {
                fields.Error(KnowledgePointColumns.AgeMax, $"age_max {max} is below age_min {min}");
            }

            RequireRuleFields(fields, rule);

            if (errors.Count == 0)
            {
                points.Add(point);
            }
            else if (points.Count != 0)
            {
                points.Clear();
                points.TrimExcess();
            }
        }

        return errors.ToResult(points);
    }

    private static RuleId ReadRule(FieldReader fields)
    {
        var value = fields.RequiredText(KnowledgePointColumns.RuleId);
        if (value.Length == 0)
        {
            return RuleId.Unspecified;
        }

        if (RuleIds.TryParse(value.ToUpperInvariant(), out var rule) && Rules.Contains(rule))
        {
            return rule;
        }

        fields.Error(KnowledgePointColumns.RuleId, $"'{TabularFileReader.Shorten(value)}' is not a knowledge-point rule; expected one of {RulesExpected}");
        return RuleId.Unspecified;
    }

    /// <summary>Reports the columns <paramref name="rule"/> needs that the row leaves empty (a bad value was reported already).</summary>
    private static void RequireRuleFields(FieldReader fields, RuleId rule)
    {
        var row = fields.Row;
        var name = rule == RuleId.Unspecified ? "" : RuleIds.NameOf(rule);
        switch (rule)
        {
            case RuleId.GenderRestricted when row[KnowledgePointColumns.Gender].Length == 0:
                fields.Error(KnowledgePointColumns.Gender, $"{name} needs gender: 1 (male) or 2 (female)");
                break;
            case RuleId.AgeRestricted when row[KnowledgePointColumns.AgeMin].Length == 0 && row[KnowledgePointColumns.AgeMax].Length == 0:
                fields.Error(KnowledgePointColumns.AgeMax, $"{name} needs age_min, age_max or both (whole years, 0 to {MaxAge})");
                break;
            case RuleId.DuplicateCharge when row[KnowledgePointColumns.CodeB].Length == 0:
                fields.Error(KnowledgePointColumns.CodeB, $"{name} needs code_b: the item that may not be charged with code (code itself: not twice in one visit)");
                break;
            case RuleId.ConsumableNotSeparatelyChargeable when row[KnowledgePointColumns.CodeB].Length == 0:
                fields.Error(KnowledgePointColumns.CodeB, $"{name} needs code_b: the consumable included in service item code");
                break;
            case RuleId.FrequencyExceeded when row[KnowledgePointColumns.MaxPerDay].Length == 0:
                fields.Error(KnowledgePointColumns.MaxPerDay, $"{name} needs max_per_day: the most quantity per patient per day, more than 0");
                break;
        }
    }
}
