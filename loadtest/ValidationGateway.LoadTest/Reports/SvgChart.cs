using System.Globalization;
using System.Net;
using System.Text;

namespace ValidationGateway.LoadTest.Reports;

/// <summary>Draws line charts as inline SVG (no namespace URL, no script, no external font), so the report opens offline.</summary>
internal static class SvgChart
{
    private const int Width = 860;
    private const int Height = 300;
    private const int Left = 64;
    private const int Right = 16;
    private const int Top = 28;
    private const int Bottom = 44;

    /// <param name="xTicks">Optional fixed ticks (position, label); otherwise five even ticks.</param>
    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series, IReadOnlyList<(double X, string Label)>? xTicks = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var points = series.SelectMany(s => s.Points).ToList();
        var minX = points.Count == 0 ? 0 : points.Min(p => p.X);
        var maxX = points.Count == 0 ? 1 : points.Max(p => p.X);
        var maxY = points.Count == 0 ? 1 : points.Max(p => p.Y);
        if (maxX <= minX)
        {
            maxX = minX + 1;
        }

        maxY = NiceCeiling(maxY <= 0 ? 1 : maxY * 1.05);
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        double Px(double x) => Left + ((x - minX) / (maxX - minX) * plotWidth);
        double Py(double y) => Top + plotHeight - (y / maxY * plotHeight);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{Esc(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"18\" class=\"title\">{Esc(title)}</text>");
        for (var i = 0; i <= 4; i++)
        {
            var y = maxY * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Py(y))}\" y2=\"{F(Py(y))}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Py(y) + 4)}\" text-anchor=\"end\" class=\"tick\">{Num(y)}</text>");
        }

        var ticks = xTicks ?? [.. Enumerable.Range(0, 6).Select(i => (minX + ((maxX - minX) * i / 5), Num(minX + ((maxX - minX) * i / 5))))];
        foreach (var (x, label) in ticks)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(Px(x))}\" x2=\"{F(Px(x))}\" y1=\"{Top + plotHeight}\" y2=\"{Top + plotHeight + 4}\" class=\"axis\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Px(x))}\" y=\"{Top + plotHeight + 16}\" text-anchor=\"middle\" class=\"tick\">{Esc(label)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Top + plotHeight}\" y2=\"{Top + plotHeight}\" class=\"axis\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Top + plotHeight}\" class=\"axis\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 6}\" text-anchor=\"middle\" class=\"label\">{Esc(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{Top + (plotHeight / 2)}\" text-anchor=\"middle\" class=\"label\" transform=\"rotate(-90 14 {Top + (plotHeight / 2)})\">{Esc(yLabel)}</text>");

        var legendX = Width - Right - (series.Count * 120);
        for (var s = 0; s < series.Count; s++)
        {
            var line = series[s];
            if (line.Points.Count > 0)
            {
                svg.Append("<polyline fill=\"none\" stroke-width=\"1.6\" stroke=\"").Append(line.Color).Append("\" points=\"");
                foreach (var (x, y) in line.Points)
                {
                    svg.Append(F(Px(x))).Append(',').Append(F(Py(y))).Append(' ');
                }

                svg.Append("\"/>");
            }

            var lx = legendX + (s * 120);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx}\" y=\"10\" width=\"12\" height=\"4\" fill=\"{line.Color}\"/><text x=\"{lx + 16}\" y=\"16\" class=\"tick\">{Esc(line.Name)}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static double NiceCeiling(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Num(double value) => value switch
    {
        >= 10_000 => value.ToString("#,0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };

    private static string Esc(string text) => WebUtility.HtmlEncode(text);
}
