using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Rules;
using ValidationGateway.Storage.Files;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Files;

public sealed class KnowledgePointFileParserTests
{
    private const string Header = "rule_id,code,code_b,gender,age_min,age_max,max_per_day,note";

    private static readonly KnowledgePoint[] Expected =
    [
        new() { Rule = RuleId.GenderRestricted, Code = "XA11CCA351E002010101121", Gender = "2", Note = "限绝经后女性骨质疏松症。" },
        new() { Rule = RuleId.GenderRestricted, Code = "XG04CBA001A001010101001", Gender = "1" },
        new() { Rule = RuleId.AgeRestricted, Code = "XR05CAA001A001010101001", AgeMax = 17, Note = "儿童专用" },
        new() { Rule = RuleId.AgeRestricted, Code = "XR05CAA001A001010101002", AgeMin = 0, AgeMax = 150 },
        new() { Rule = RuleId.AgeRestricted, Code = "XR05CAA001A001010101003", AgeMin = 65 },
        new() { Rule = RuleId.DuplicateCharge, Code = "110200001", CodeB = "110200001" },
        new() { Rule = RuleId.DuplicateCharge, Code = "110200001", CodeB = "110200002" },
        new() { Rule = RuleId.FrequencyExceeded, Code = "120100001", MaxPerDay = 2.5m },
        new() { Rule = RuleId.ConsumableNotSeparatelyChargeable, Code = "330100001", CodeB = "C0101010010100103941" },
    ];

    [Fact]
    public void Parse_ValidCsv_ParsesEveryRuleWithItsFieldsAndChineseGenders()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("rules.csv", Header + "\n" +
            "GENDER_RESTRICTED,XA11CCA351E002010101121,,女,,,,限绝经后女性骨质疏松症。\n" +
            "gender_restricted,XG04CBA001A001010101001,,1,,,,\n" +
            "AGE_RESTRICTED,XR05CAA001A001010101001,,,,17,,儿童专用\n" +
            "AGE_RESTRICTED,XR05CAA001A001010101002,,,0,150,,\n" +
            "AGE_RESTRICTED,XR05CAA001A001010101003,,,65,,,\n" +
            "DUPLICATE_CHARGE,110200001,110200001,,,,,\n" +
            "DUPLICATE_CHARGE,110200001,110200002,,,,,\n" +
            "FREQUENCY_EXCEEDED,120100001,,,,,2.5,\n" +
            "CONSUMABLE_NOT_SEPARATELY_CHARGEABLE,330100001,C0101010010100103941,,,,,\n");

        var result = KnowledgePointFileParser.Parse(path);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(Expected, result.Rows);
    }

    [Fact]
    public void Parse_SameRowsAsXlsx_GivesSameRows()
    {
        using var directory = new TempDirectory();
        var path = directory.File("rules.xlsx");
        XlsxFile.Write(path,
            Header.Split(','),
            ["GENDER_RESTRICTED", "XA11CCA351E002010101121", null, 2, null, null, null, "限绝经后女性骨质疏松症。"],
            ["GENDER_RESTRICTED", "XG04CBA001A001010101001", null, "男"],
            ["AGE_RESTRICTED", "XR05CAA001A001010101001", null, null, null, 17, null, "儿童专用"],
            ["AGE_RESTRICTED", "XR05CAA001A001010101002", null, null, 0, 150],
            ["AGE_RESTRICTED", "XR05CAA001A001010101003", null, null, 65],
            ["DUPLICATE_CHARGE", 110200001, 110200001],
            ["DUPLICATE_CHARGE", 110200001, 110200002],
            ["FREQUENCY_EXCEEDED", 120100001, null, null, null, null, 2.5],
            ["CONSUMABLE_NOT_SEPARATELY_CHARGEABLE", 330100001, "C0101010010100103941"]);

        var result = KnowledgePointFileParser.Parse(path);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(Expected, result.Rows);
    }

    [Fact]
    public void Parse_RuleWithoutItsField_NamesTheMissingColumn()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("rules.csv", Header + "\n" +
            "GENDER_RESTRICTED,A1,,,,,,\n" +                       // 2: gender
            "AGE_RESTRICTED,A2,,,,,,\n" +                          // 3: age_min/age_max
            "DUPLICATE_CHARGE,A3,,,,,,\n" +                        // 4: code_b
            "FREQUENCY_EXCEEDED,A4,,,,,,\n" +                      // 5: max_per_day
            "CONSUMABLE_NOT_SEPARATELY_CHARGEABLE,A5,,,,,,\n");    // 6: code_b

        var result = KnowledgePointFileParser.Parse(path);

        Assert.Equal([(2, "gender"), (3, "age_max"), (4, "code_b"), (5, "max_per_day"), (6, "code_b")], result.Errors.Select(e => (e.Row, e.Column)));
        Assert.Contains("GENDER_RESTRICTED needs gender", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("age_min", result.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("FREQUENCY_EXCEEDED needs max_per_day", result.Errors[3].Message, StringComparison.Ordinal);
        Assert.Empty(result.Rows);
    }

    [Fact]
    public void Parse_BadValues_ReportsEveryErrorWithRowAndColumnAndNoRows()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("rules.csv", Header + "\n" +
            "GENDER_RESTRICTED,A1,,2,,,,\n" +                                       // 2: fine
            "NATIONAL_CODE_MISSING,A2,,,,,,\n" +                                    // 3: not a KP rule
            "CHEESE,,,,,,,\n" +                                                     // 4: rule, code
            "GENDER_RESTRICTED,A3,,F,,,,\n" +                                       // 5: gender
            "AGE_RESTRICTED,A4,,,18,6,,\n" +                                        // 6: max < min
            "AGE_RESTRICTED,A5,,,-1,151,,\n" +                                      // 7: both out of range
            "FREQUENCY_EXCEEDED,A6,,,,,0,\n" +                                      // 8: zero
            "FREQUENCY_EXCEEDED,A7,,,,,-2,\n" +                                     // 9: negative
            "GENDER_RESTRICTED,A1,,1,,,,\n" +                                       // 10: duplicate of row 2
            "DUPLICATE_CHARGE," + new string('A', 51) + "," + new string('B', 51) + ",,,,,\n"); // 11: both too long

        var result = KnowledgePointFileParser.Parse(path);

        Assert.Empty(result.Rows);
        Assert.Equal(
            [
                (3, "rule_id"),
                (4, "rule_id"), (4, "code"),
                (5, "gender"),
                (6, "age_max"),
                (7, "age_min"), (7, "age_max"),
                (8, "max_per_day"),
                (9, "max_per_day"),
                (10, "code"),
                (11, "code"), (11, "code_b"),
            ],
            result.Errors.Select(e => (e.Row, e.Column)));
        Assert.All(KnowledgePointFileParser.Rules, r => Assert.Contains(RuleIds.NameOf(r), result.Errors[0].Message, StringComparison.Ordinal));
        Assert.Contains("rows 2 and 10", result.Errors.Single(e => e.Row == 10).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingRequiredColumns_ReportsEachOnTheHeaderRow()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteText("rules.csv", "rule,item\nX,Y\n");

        var result = KnowledgePointFileParser.Parse(path);

        Assert.Equal([(1, "rule_id"), (1, "code")], result.Errors.Select(e => (e.Row, e.Column)));
    }
}
