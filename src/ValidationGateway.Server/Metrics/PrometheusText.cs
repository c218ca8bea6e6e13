using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace ValidationGateway.Server.Metrics;

/// <summary>The Prometheus text exposition format 0.0.4: names, escaping, numbers.</summary>
internal static class PrometheusText
{
    /// <summary>The <c>Content-Type</c> of a scrape.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// The metric name of <paramref name="instrument"/> as OpenTelemetry's Prometheus exporters spell it: dots and other
    /// invalid characters become <c>_</c>, the unit becomes a suffix (<c>s</c> → <c>_seconds</c>, <c>By</c> →
    /// <c>_bytes</c>; annotations like <c>{request}</c> add nothing), and counters end in <c>_total</c>.
    /// </summary>
    public static string MetricName(Instrument instrument, bool counter)
    {
        var builder = new StringBuilder(instrument.Name.Length + 16);
        for (var i = 0; i < instrument.Name.Length; i++)
        {
            var c = instrument.Name[i];
            builder.Append(IsNameChar(c, i == 0, allowColon: true) ? c : '_');
        }

        var suffix = instrument.Unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => "",
        };
        AppendSuffix(builder, suffix);
        if (counter)
        {
            AppendSuffix(builder, "_total");
        }

        return builder.ToString();
    }

    /// <summary>Appends a label name, invalid characters replaced by <c>_</c>.</summary>
    public static void AppendLabelName(StringBuilder builder, string name)
    {
        if (name.Length == 0)
        {
            builder.Append('_');
            return;
        }

        for (var i = 0; i < name.Length; i++)
        {
            builder.Append(IsNameChar(name[i], i == 0, allowColon: false) ? name[i] : '_');
        }
    }

    /// <summary>Appends a label value with <c>\</c>, <c>"</c> and line feed escaped.</summary>
    public static void AppendLabelValue(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '"' => builder.Append("\\\""),
                '\n' => builder.Append(@"\n"),
                _ => builder.Append(c),
            };
        }
    }

    /// <summary>Appends HELP text with <c>\</c> and line feed escaped.</summary>
    public static void AppendHelp(StringBuilder builder, string text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '\n' => builder.Append(@"\n"),
                _ => builder.Append(c),
            };
        }
    }

    /// <summary>A sample value or bucket bound: shortest round-trip form, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static bool IsNameChar(char c, bool first, bool allowColon) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (allowColon && c == ':') || (!first && c is >= '0' and <= '9');

    private static void AppendSuffix(StringBuilder builder, string suffix)
    {
        if (suffix.Length > 0 && !builder.ToString().EndsWith(suffix, StringComparison.Ordinal))
        {
            builder.Append(suffix);
        }
    }
}
