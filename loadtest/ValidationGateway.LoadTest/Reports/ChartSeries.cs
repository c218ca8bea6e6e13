namespace ValidationGateway.LoadTest.Reports;

/// <summary>One line of a chart.</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double Y)> Points);
