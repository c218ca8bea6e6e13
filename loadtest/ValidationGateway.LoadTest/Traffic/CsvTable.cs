using System.Text;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>A small reader for the catalog and rules files: UTF-8 (BOM optional), header row, comma or tab separated, RFC 4180 quotes.</summary>
internal static class CsvTable
{
    /// <summary>Reads rows as column-name → value maps (names lower-cased); errors name the file and row.</summary>
    public static IEnumerable<(int Row, IReadOnlyDictionary<string, string> Values)> Read(TextReader reader, string fileName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var headerLine = reader.ReadLine() ?? throw new FormatException($"{fileName}: empty file");
        var separator = headerLine.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
        var header = Split(headerLine, separator).Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var row = 1;
        while (reader.ReadLine() is { } line)
        {
            row++;
            while (CountQuotes(line) % 2 == 1 && reader.ReadLine() is { } more)
            {
                line += "\n" + more;
            }

            if (line.Length == 0)
            {
                continue;
            }

            var fields = Split(line, separator);
            var values = new Dictionary<string, string>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                values[header[i]] = i < fields.Count ? fields[i].Trim() : "";
            }

            yield return (row, values);
        }
    }

    private static int CountQuotes(string line) => line.Count(c => c == '"');

    private static List<string> Split(string line, char separator)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
