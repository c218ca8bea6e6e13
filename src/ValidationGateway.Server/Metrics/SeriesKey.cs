using System.Globalization;
using System.Text;

namespace ValidationGateway.Server.Metrics;

/// <summary>A series' labels: up to two tags held as they came (no allocation), more rendered once into <see cref="Rest"/>.</summary>
/// <remarks>Tags are ordered by name, so the same labels in any order are the same series.</remarks>
internal readonly record struct SeriesKey(string? Name1, string? Value1, string? Name2, string? Value2, string? Rest)
{
    /// <summary>The key of <paramref name="tags"/>.</summary>
    public static SeriesKey From(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        switch (tags.Length)
        {
            case 0:
                return default;
            case 1:
                return new SeriesKey(tags[0].Key, Text(tags[0].Value), null, null, null);
            case 2:
                var (a, b) = string.CompareOrdinal(tags[0].Key, tags[1].Key) <= 0 ? (tags[0], tags[1]) : (tags[1], tags[0]);
                return new SeriesKey(a.Key, Text(a.Value), b.Key, Text(b.Value), null);
            default:
                return FromMany(tags);
        }
    }

    /// <summary>Appends <c>{name="value",…}</c> plus <paramref name="extra"/> (e.g. <c>le="0.5"</c>); nothing when there are no labels.</summary>
    public void AppendLabels(StringBuilder builder, string? extraName = null, string? extraValue = null)
    {
        var count = 0;
        if (Name1 is not null)
        {
            Append(builder, ref count, Name1, Value1!);
        }

        if (Name2 is not null)
        {
            Append(builder, ref count, Name2, Value2!);
        }

        if (Rest is not null)
        {
            builder.Append(count++ == 0 ? '{' : ',').Append(Rest);
        }

        if (extraName is not null)
        {
            Append(builder, ref count, extraName, extraValue!);
        }

        if (count > 0)
        {
            builder.Append('}');
        }
    }

    private static void Append(StringBuilder builder, ref int count, string name, string value)
    {
        builder.Append(count++ == 0 ? '{' : ',');
        PrometheusText.AppendLabelName(builder, name);
        builder.Append("=\"");
        PrometheusText.AppendLabelValue(builder, value);
        builder.Append('"');
    }

    private static SeriesKey FromMany(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var sorted = tags.ToArray();
        Array.Sort(sorted, static (x, y) => string.CompareOrdinal(x.Key, y.Key));
        var rest = new StringBuilder();
        for (var i = 2; i < sorted.Length; i++)
        {
            if (i > 2)
            {
                rest.Append(',');
            }

            PrometheusText.AppendLabelName(rest, sorted[i].Key);
            rest.Append("=\"");
            PrometheusText.AppendLabelValue(rest, Text(sorted[i].Value));
            rest.Append('"');
        }

        return new SeriesKey(sorted[0].Key, Text(sorted[0].Value), sorted[1].Key, Text(sorted[1].Value), rest.ToString());
    }

    private static string Text(object? value) => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
