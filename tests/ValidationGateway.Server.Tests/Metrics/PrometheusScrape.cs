using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ValidationGateway.Server.Tests.Metrics;

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4, used to check the exporter beside promtool: it throws on any
/// line outside the grammar and on the rules the format states (TYPE before samples, one HELP and TYPE per family,
/// families contiguous, no repeated series, counters named *_total, histogram buckets cumulative up to le="+Inf"
/// equal to _count).
/// </summary>
public sealed partial class PrometheusScrape
{
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _help = new(StringComparer.Ordinal);
    private readonly List<PrometheusSample> _samples = [];

    private PrometheusScrape()
    {
    }

    public IReadOnlyList<PrometheusSample> Samples => _samples;

    public IReadOnlyDictionary<string, string> Types => _types;

    public IReadOnlyDictionary<string, string> Help => _help;

    /// <summary>The value of the one sample named <paramref name="name"/> with exactly <paramref name="labels"/>, or 0 when absent (a counter not yet touched).</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var matches = _samples.Where(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Label(l.Name) == l.Value)).ToList();
        Assert.True(matches.Count <= 1, $"{name}: more than one series matches");
        return matches.Count == 0 ? 0 : matches[0].Value;
    }

    public static PrometheusScrape Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[^1] != '\n')
        {
            throw new FormatException("the exposition must end with a line feed");
        }

        var scrape = new PrometheusScrape();
        var seenSeries = new HashSet<string>(StringComparer.Ordinal);
        var finishedFamilies = new HashSet<string>(StringComparer.Ordinal);
        string? currentFamily = null;
        var lineNumber = 0;
        foreach (var line in text.Split('\n')[..^1])
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var meta = MetaLine().Match(line);
                if (!meta.Success)
                {
                    if (line.StartsWith("# HELP", StringComparison.Ordinal) || line.StartsWith("# TYPE", StringComparison.Ordinal))
                    {
                        throw new FormatException($"line {lineNumber}: malformed {line}");
                    }

                    continue;
                }

                var family = meta.Groups["name"].Value;
                if (family != currentFamily)
                {
                    Enter(ref currentFamily, family, finishedFamilies, lineNumber);
                }

                if (meta.Groups["kind"].Value == "TYPE")
                {
                    var type = meta.Groups["rest"].Value;
                    if (type is not ("counter" or "gauge" or "histogram" or "summary" or "untyped"))
                    {
                        throw new FormatException($"line {lineNumber}: unknown type '{type}'");
                    }

                    if (!scrape._types.TryAdd(family, type))
                    {
                        throw new FormatException($"line {lineNumber}: second TYPE for {family}");
                    }

                    if (scrape._samples.Any(s => FamilyOf(s.Name, type) == family))
                    {
                        throw new FormatException($"line {lineNumber}: TYPE for {family} after its samples");
                    }
                }
                else if (!scrape._help.TryAdd(family, Unescape(meta.Groups["rest"].Value, help: true)))
                {
                    throw new FormatException($"line {lineNumber}: second HELP for {family}");
                }

                continue;
            }

            var (name, labels, value) = ParseSample(line, lineNumber);
            var familyName = scrape._types.Keys.FirstOrDefault(f => FamilyOf(name, scrape._types[f]) == f) ?? name;
            if (familyName != currentFamily)
            {
                Enter(ref currentFamily, familyName, finishedFamilies, lineNumber);
            }

            var canonical = name + "{" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";
            if (!seenSeries.Add(canonical))
            {
                throw new FormatException($"line {lineNumber}: series {canonical} repeated");
            }

            scrape._samples.Add(new PrometheusSample(name, labels, value));
        }

        scrape.CheckFamilies();
        return scrape;
    }

    private static void Enter(ref string? current, string family, HashSet<string> finished, int lineNumber)
    {
        if (current is not null)
        {
            finished.Add(current);
        }

        if (finished.Contains(family))
        {
            throw new FormatException($"line {lineNumber}: family {family} is not contiguous");
        }

        current = family;
    }

    private static string FamilyOf(string sampleName, string type) => type switch
    {
        "histogram" => Strip(sampleName, "_bucket", "_sum", "_count"),
        "summary" => Strip(sampleName, "_sum", "_count"),
        _ => sampleName,
    };

    private static string Strip(string name, params string[] suffixes)
    {
        foreach (var suffix in suffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    /// <summary>name, then optionally {label="value",…} (trailing comma allowed), a space, the value, optionally a space and an integer timestamp.</summary>
    private static (string Name, Dictionary<string, string> Labels, double Value) ParseSample(string line, int lineNumber)
    {
        var position = 0;
        var name = Take(line, ref position, NameStart, NameRest, allowColon: true)
            ?? throw new FormatException($"line {lineNumber}: no metric name: {line}");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (position < line.Length && line[position] != '}')
            {
                var label = Take(line, ref position, NameStart, NameRest, allowColon: false)
                    ?? throw new FormatException($"line {lineNumber}: bad label name: {line}");
                if (position + 1 >= line.Length || line[position] != '=' || line[position + 1] != '"')
                {
                    throw new FormatException($"line {lineNumber}: expected =\" after {label}: {line}");
                }

                position += 2;
                var start = position;
                while (position < line.Length && line[position] != '"')
                {
                    position += line[position] == '\\' ? 2 : 1;
                }

                if (position >= line.Length)
                {
                    throw new FormatException($"line {lineNumber}: unterminated label value: {line}");
                }

                if (!labels.TryAdd(label, Unescape(line[start..position], help: false)))
                {
                    throw new FormatException($"line {lineNumber}: label {label} repeated");
                }

                position++;
                if (position < line.Length && line[position] == ',')
                {
                    position++;
                }
                else if (position < line.Length && line[position] != '}')
                {
                    throw new FormatException($"line {lineNumber}: labels not separated by commas: {line}");
                }
            }

            if (position >= line.Length)
            {
                throw new FormatException($"line {lineNumber}: unterminated labels: {line}");
            }

            position++;
        }

        var rest = line[position..];
        if (!rest.StartsWith(' '))
        {
            throw new FormatException($"line {lineNumber}: expected a space before the value: {line}");
        }

        var parts = rest[1..].Split(' ');
        if (parts.Length > 2 || (parts.Length == 2 && !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"line {lineNumber}: expected value [timestamp]: {line}");
        }

        return (name, labels, ParseValue(parts[0], lineNumber));
    }

    private static bool NameStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool NameRest(char c) => NameStart(c) || c is >= '0' and <= '9';

    private static string? Take(string line, ref int position, Func<char, bool> first, Func<char, bool> rest, bool allowColon)
    {
        var start = position;
        while (position < line.Length && ((position == start ? first(line[position]) : rest(line[position])) || (allowColon && line[position] == ':')))
        {
            position++;
        }

        return position == start ? null : line[start..position];
    }

    private static double ParseValue(string text, int lineNumber) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"line {lineNumber}: bad value '{text}'"),
    };

    private static string Unescape(string text, bool help)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                builder.Append(text[i]);
                continue;
            }

            var next = ++i < text.Length ? text[i] : throw new FormatException("dangling backslash");
            builder.Append(next switch
            {
                '\\' => '\\',
                'n' => '\n',
                '"' when !help => '"',
                _ => throw new FormatException($"bad escape \\{next}"),
            });
        }

        return builder.ToString();
    }

    private void CheckFamilies()
    {
        foreach (var (family, type) in _types)
        {
            if (type == "counter" && !family.EndsWith("_total", StringComparison.Ordinal))
            {
                throw new FormatException($"counter {family} does not end in _total");
            }

            if (type != "histogram")
            {
                continue;
            }

            var buckets = _samples.Where(s => s.Name == family + "_bucket").GroupBy(s => SeriesOf(s, "le"));
            foreach (var series in buckets)
            {
                var ordered = series.Select(s => (Le: ParseValue(s.Label("le"), 0), s.Value)).ToList();
                if (ordered.Count == 0 || !double.IsPositiveInfinity(ordered[^1].Le))
                {
                    throw new FormatException($"{family}{{{series.Key}}}: last bucket is not le=\"+Inf\"");
                }

                for (var i = 1; i < ordered.Count; i++)
                {
                    if (ordered[i].Le <= ordered[i - 1].Le || ordered[i].Value < ordered[i - 1].Value)
                    {
                        throw new FormatException($"{family}{{{series.Key}}}: buckets not increasing or not cumulative");
                    }
                }

                var count = _samples.SingleOrDefault(s => s.Name == family + "_count" && SeriesOf(s, null) == series.Key)
                    ?? throw new FormatException($"{family}{{{series.Key}}}: no _count");
                _ = _samples.SingleOrDefault(s => s.Name == family + "_sum" && SeriesOf(s, null) == series.Key)
                    ?? throw new FormatException($"{family}{{{series.Key}}}: no _sum");
                if (count.Value != ordered[^1].Value)
                {
                    throw new FormatException($"{family}{{{series.Key}}}: _count {count.Value} differs from le=\"+Inf\" {ordered[^1].Value}");
                }
            }
        }
    }

    private static string SeriesOf(PrometheusSample sample, string? except) =>
        string.Join(",", sample.Labels.Where(l => l.Key != except).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));

    [GeneratedRegex(@"^# (?<kind>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?: (?<rest>.*))?$")]
    private static partial Regex MetaLine();
}
