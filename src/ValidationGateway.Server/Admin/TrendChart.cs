using System.Globalization;
using System.Text;
using ValidationGateway.Core.Compliance;

namespace ValidationGateway.Server.Admin;

/// <summary>
/// The institution's trend as inline SVG drawn on the server: per day a stacked bar of pass / warn / reject lines
/// (left axis) and the valid-national-code share as a line (right axis, 0–100%).
/// </summary>
/// <remarks>Colours are SVG attributes, not style attributes, so the pages' content security policy needs no inline styles.</remarks>
internal static class TrendChart
{
    private const double Width = 880, Height = 300, Left = 56, Right = 56, Top = 40, Bottom = 44;
    public const string PassColour = "#2e7d32", WarnColour = "#f9a825", RejectColour = "#c62828", ShareColour = "#1565c0";

    public static string Render(IReadOnlyList<InstitutionDayStats> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var bottom = Top + plotHeight;
        var max = NiceMax(days.Count == 0 ? 0 : days.Max(d => d.Lines));
        var band = days.Count == 0 ? plotWidth : plotWidth / days.Count;
        var barWidth = Math.Max(2, Math.Min(36, band * 0.6));

        var svg = new StringBuilder(4096 + (days.Count * 600));
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"trend-chart\" class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-labelledby=\"trend-chart-title\" data-days=\"{days.Count}\" font-family=\"sans-serif\" font-size=\"11\">")
            .Append("<title id=\"trend-chart-title\">每日明细数（通过/提醒/拒付）与有效国家编码占比 Lines per day and valid-code share</title>");

        // Grid and left axis (lines), right axis (share).
        for (var i = 0; i <= 4; i++)
        {
            var y = bottom - (plotHeight * i / 4);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(y)}\" x2=\"{Left + plotWidth}\" y2=\"{F(y)}\" stroke=\"#e0e0e0\" stroke-width=\"1\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\" fill=\"#555\">{max * i / 4}</text>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + plotWidth + 6}\" y=\"{F(y + 4)}\" fill=\"{ShareColour}\">{25 * i}%</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Top - 10}\" text-anchor=\"end\" fill=\"#555\">明细数</text>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + plotWidth + 6}\" y=\"{Top - 10}\" fill=\"{ShareColour}\">有效编码</text>");

        var labelEvery = Math.Max(1, (int)Math.Ceiling(days.Count / 14.0));
        var points = new StringBuilder();
        var drawn = false;
        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var centre = Left + (band * i) + (band / 2);
            var x = centre - (barWidth / 2);
            var y = bottom;
            var date = AdminHtml.Date(day.Day);
            foreach (var (count, colour, kind, label) in new[] { (day.LinesPass, PassColour, "pass", "通过"), (day.LinesWarn, WarnColour, "warn", "提醒"), (day.LinesReject, RejectColour, "reject", "拒付") })
            {
                if (count == 0)
                {
                    continue;
                }

                var h = plotHeight * count / max;
                y -= h;
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar bar-{kind}\" data-day=\"{date}\" data-count=\"{count}\" x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(barWidth)}\" height=\"{F(h)}\" fill=\"{colour}\"><title>{date} {label} {count}</title></rect>");
            }

            if (i % labelEvery == 0 || i == days.Count - 1)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(centre)}\" y=\"{F(bottom + 16)}\" text-anchor=\"middle\" fill=\"#555\">{day.Day.ToString("MM-dd", CultureInfo.InvariantCulture)}</text>");
            }

            if (day.Lines == 0)
            {
                // A day without traffic has no share: the line breaks there rather than bridging it.
                Segment(svg, points);
            }
            else
            {
                var sy = bottom - (plotHeight * day.ValidCodeShare);
                points.Append(CultureInfo.InvariantCulture, $"{F(centre)},{F(sy)} ");
                drawn = true;
                svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"share-point\" data-day=\"{date}\" cx=\"{F(centre)}\" cy=\"{F(sy)}\" r=\"3.5\" fill=\"{ShareColour}\"><title>{date} 有效编码 {AdminHtml.Percent(day.ValidCodeShare)}</title></circle>");
            }
        }

        Segment(svg, points);
        if (!drawn)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"empty\" x=\"{F(Left + (plotWidth / 2))}\" y=\"{F(Top + (plotHeight / 2))}\" text-anchor=\"middle\" fill=\"#888\" font-size=\"14\">所选期间无上传数据 No traffic in this range</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(bottom)}\" x2=\"{Left + plotWidth}\" y2=\"{F(bottom)}\" stroke=\"#888\" stroke-width=\"1\"/>");
        Legend(svg, Left, 14);
        return svg.Append("</svg>").ToString();
    }

    private static void Segment(StringBuilder svg, StringBuilder points)
    {
        if (points.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"share-line\" points=\"{points.ToString().TrimEnd()}\" fill=\"none\" stroke=\"{ShareColour}\" stroke-width=\"2\"/>");
            points.Clear();
        }
    }

    private static void Legend(StringBuilder svg, double x, double y)
    {
        foreach (var (colour, label) in new[] { (PassColour, "通过 Pass"), (WarnColour, "提醒 Warn"), (RejectColour, "拒付 Reject") })
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(y - 9)}\" width=\"12\" height=\"12\" fill=\"{colour}\"/><text x=\"{F(x + 17)}\" y=\"{F(y + 1)}\" fill=\"#333\">{label}</text>");
            x += 96;
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{F(y - 3)}\" x2=\"{F(x + 14)}\" y2=\"{F(y - 3)}\" stroke=\"{ShareColour}\" stroke-width=\"2\"/><circle cx=\"{F(x + 7)}\" cy=\"{F(y - 3)}\" r=\"3\" fill=\"{ShareColour}\"/><text x=\"{F(x + 19)}\" y=\"{F(y + 1)}\" fill=\"#333\">有效国家编码占比 Valid-code share</text>");
    }

    /// <summary>The smallest 1, 2 or 5 × 10ⁿ not below <paramref name="value"/>, divisible by the 4 grid steps.</summary>
    private static long NiceMax(long value)
    {
        if (value <= 4)
        {
            return 4;
        }

        for (long scale = 1; ; scale *= 10)
        {
            foreach (var step in new long[] { 1, 2, 4, 5, 8 })
            {
                var candidate = step * scale;
                if (candidate >= value && candidate % 4 == 0)
                {
                    return candidate;
                }
            }
        }
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
