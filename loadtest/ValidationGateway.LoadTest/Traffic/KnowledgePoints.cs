using System.Globalization;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>
/// Knowledge points from a rules file in the gateway's format (rule_id, code, code_b, gender, age_min, age_max): the
/// gender, age and once-per-visit items the future-rule faults need. Empty unless <c>--knowledge</c> is given.
/// </summary>
internal sealed class KnowledgePoints
{
    public static KnowledgePoints Empty { get; } = new([], [], []);

    public KnowledgePoints(
        IReadOnlyList<(string Code, string Gender)> gender,
        IReadOnlyList<(string Code, int? AgeMin, int? AgeMax)> age,
        IReadOnlyList<string> oncePerVisit)
    {
        Gender = gender;
        Age = age;
        OncePerVisit = oncePerVisit;
        Codes = gender.Select(g => g.Code).Concat(age.Select(a => a.Code)).Concat(oncePerVisit).ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlyList<(string Code, string Gender)> Gender { get; }

    public IReadOnlyList<(string Code, int? AgeMin, int? AgeMax)> Age { get; }

    /// <summary>Codes that may be charged once per visit (DUPLICATE_CHARGE with code_b = code).</summary>
    public IReadOnlyList<string> OncePerVisit { get; }

    /// <summary>Every code named by a point; kept off clean lines.</summary>
    public IReadOnlySet<string> Codes { get; }

    public static KnowledgePoints Read(TextReader reader, string fileName)
    {
        var gender = new List<(string, string)>();
        var age = new List<(string, int?, int?)>();
        var once = new List<string>();
        foreach (var (_, v) in CsvTable.Read(reader, fileName))
        {
            var code = v.GetValueOrDefault("code", "");
            switch (v.GetValueOrDefault("rule_id", ""))
            {
                case "GENDER_RESTRICTED" when v.GetValueOrDefault("gender", "") is "1" or "2":
                    gender.Add((code, v["gender"]));
                    break;
                case "AGE_RESTRICTED":
                    age.Add((code, Int(v.GetValueOrDefault("age_min", "")), Int(v.GetValueOrDefault("age_max", ""))));
                    break;
                case "DUPLICATE_CHARGE" when v.GetValueOrDefault("code_b", "") is var b && (b.Length == 0 || b == code):
                    once.Add(code);
                    break;
                default:
                    break;
            }
        }

        return new KnowledgePoints(gender, age, once);

        static int? Int(string text) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
    }
}
