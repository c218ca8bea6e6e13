using ValidationGateway.LoadTest.Cli;
using ValidationGateway.LoadTest.Correctness;
using ValidationGateway.LoadTest.Metrics;
using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Reports;

/// <summary>Turns the run's counters into a <see cref="RunResult"/>.</summary>
internal static class ResultBuilder
{
    public static RunResult Build(
        LoadOptions options,
        DateTimeOffset startedAt,
        double measuredSeconds,
        string catalog,
        MetricsSnapshot metrics,
        CorrectnessSnapshot correctness,
        AuditResult audit,
        GeneratorLoad generator,
        int connectionsOpened,
        int streamsOpened)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(correctness);
        var rows = correctness.ByKind
            .OrderBy(k => k.Key == CorrectnessTally.Clean ? 0 : 1).ThenBy(k => k.Key, StringComparer.Ordinal)
            .Select(k =>
            {
                var kind = FaultCatalog.Find(k.Key);
                return new FaultRow(
                    k.Key,
                    kind?.RuleId ?? "(none)",
                    kind?.Requires ?? "",
                    k.Value.Lines,
                    k.Value.Caught,
                    k.Value.Missed,
                    k.Value.Unexpected,
                    new SortedDictionary<string, long>(k.Value.Answers, StringComparer.Ordinal),
                    k.Value.Examples.ToList());
            })
            .ToList();
        return new RunResult(
            "vgw-load",
            startedAt,
            options.Target.ToString(),
            options.CommandLine,
            options.OpenLoop ? "open" : "closed",
            options.Stream ? $"stream ({options.StreamsPerInstitution} per institution)" : options.Baseline ? "empty handler (baseline, answers not judged)" : "unary",
            options.Schedule?.Description ?? $"closed loop, {options.Concurrency} workers",
            options.Concurrency,
            measuredSeconds,
            new LineCountDistribution(options.Lines).Description,
            options.Faults.Description,
            catalog,
            options.Institutions,
            options.FeeDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            connectionsOpened,
            streamsOpened,
            metrics.Sent,
            metrics.Completed,
            metrics.Failed,
            measuredSeconds > 0 ? metrics.Completed / measuredSeconds : 0,
            LatencySummary.Of(metrics.Latency),
            LatencySummary.Of(metrics.DispatchLag),
            generator,
            metrics.ErrorsByStatus,
            metrics.ErrorSamples,
            metrics.Verdicts,
            new CorrectnessResult(correctness.BatchesChecked, correctness.Misses, correctness.FalseAlarms, correctness.Unexpected, correctness.AllCorrect, rows, correctness.BatchProblems),
            audit,
            metrics.Seconds,
            Distribution(metrics.Latency));
    }

    /// <summary>Latency at percentiles spaced evenly on a "nines" scale (0, 90, 99, 99.9, …) up to what the sample size supports.</summary>
    public static IReadOnlyList<PercentilePoint> Distribution(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var points = new List<PercentilePoint>();
        if (histogram.Count == 0)
        {
            return points;
        }

        var maxNines = Math.Min(5, Math.Log10(histogram.Count));
        for (var nines = 0.0; nines <= maxNines + 1e-9; nines += 0.1)
        {
            var percentile = 100 * (1 - Math.Pow(10, -nines));
            points.Add(new PercentilePoint(Math.Round(percentile, 4), LatencyMath.Ms(histogram.ValueAtPercentile(percentile))));
        }

        points.Add(new PercentilePoint(100, LatencyMath.Ms(histogram.Max)));
        return points;
    }
}
