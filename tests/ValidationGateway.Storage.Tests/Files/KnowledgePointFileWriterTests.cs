using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Rules;
using ValidationGateway.Storage.Files;
using ValidationGateway.Storage.Tests.TestSupport;

namespace ValidationGateway.Storage.Tests.Files;

/// <summary>`vgw rules export` writes what `vgw rules import` reads back unchanged.</summary>
public sealed class KnowledgePointFileWriterTests
{
    [Fact]
    public async Task Write_EveryRuleAndAwkwardNotes_ParsesBackToTheSamePoints()
    {
        KnowledgePoint[] points =
        [
            new() { Rule = RuleId.GenderRestricted, Code = "XA11CCA351E002010101121", Gender = "2", Note = "限绝经后女性，骨质疏松症" },
            new() { Rule = RuleId.GenderRestricted, Code = "XG04CBA001A001010101001", Gender = "1", Note = "say \"men only\"\nsecond line" },
            new() { Rule = RuleId.AgeRestricted, Code = "XR05CAA001A001010101001", AgeMax = 17 },
            new() { Rule = RuleId.AgeRestricted, Code = "XR05CAA001A001010101003", AgeMin = 65, AgeMax = 150 },
            new() { Rule = RuleId.DuplicateCharge, Code = "110200001", CodeB = "110200001" },
            new() { Rule = RuleId.DuplicateCharge, Code = "110200001", CodeB = "110200002" },
            new() { Rule = RuleId.FrequencyExceeded, Code = "120100001", MaxPerDay = 2.5m },
            new() { Rule = RuleId.ConsumableNotSeparatelyChargeable, Code = "330100001", CodeB = "C0101010010100103941" },
        ];
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "rules.csv");
        await using (var writer = new StreamWriter(path))
        {
            Assert.Equal(points.Length, await KnowledgePointFileWriter.WriteAsync(points.ToAsyncEnumerable(), writer, CancellationToken.None));
        }

        Assert.StartsWith("rule_id,code,code_b,gender,age_min,age_max,max_per_day,note\n", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        var result = KnowledgePointFileParser.Parse(path);
        Assert.Empty(result.Errors);
        Assert.Equal(points, result.Rows);
    }
}
