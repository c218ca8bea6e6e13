using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace ValidationGateway.Server.Metrics;

/// <summary>What the exporter keeps of one instrument: a cell per series, and how to print it.</summary>
/// <remarks>Records come from any thread without locks; <see cref="Clear"/> and <see cref="WriteTo"/> run under the exporter's scrape lock.</remarks>
internal sealed class InstrumentAggregate
{
    private readonly ConcurrentDictionary<SeriesKey, ValueCell> _values = new();
    private readonly ConcurrentDictionary<SeriesKey, HistogramCell> _histograms = new();
    private readonly IReadOnlyList<double> _bounds = GatewayMetrics.DurationBuckets;
    private readonly bool _sums;

    public InstrumentAggregate(Instrument instrument)
    {
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
        IsObservable = instrument.IsObservable;
        if (definition == typeof(Histogram<>))
        {
            Type = "histogram";
            _bounds = (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries
                ?? (instrument as Histogram<long>)?.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray()
                ?? (instrument as Histogram<int>)?.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray()
                ?? GatewayMetrics.DurationBuckets;
        }
        else if (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>))
        {
            Type = "counter";
        }
        else
        {
            Type = "gauge";
        }

        // Synchronous counters report increments; observed instruments and gauges report the value itself.
        _sums = definition == typeof(Counter<>) || definition == typeof(UpDownCounter<>);
        Name = PrometheusText.MetricName(instrument, Type == "counter");
        Help = instrument.Description ?? "";
    }

    /// <summary>The metric name (e.g. <c>vgw_grpc_requests_total</c>).</summary>
    public string Name { get; }

    /// <summary><c>counter</c>, <c>gauge</c> or <c>histogram</c>.</summary>
    public string Type { get; }

    public string Help { get; }

    /// <summary>Observed at scrape time (its series are rebuilt each scrape, so a gone label value disappears).</summary>
    public bool IsObservable { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = SeriesKey.From(tags);
        if (Type == "histogram")
        {
            _histograms.GetOrAdd(key, static (_, bounds) => new HistogramCell(bounds), _bounds).Record(value);
        }
        else if (_sums)
        {
            _values.GetOrAdd(key, static _ => new ValueCell()).Add(value);
        }
        else
        {
            _values.GetOrAdd(key, static _ => new ValueCell()).Set(value);
        }
    }

    public void Clear()
    {
        _values.Clear();
        _histograms.Clear();
    }

    public void WriteTo(StringBuilder builder)
    {
        if (Help.Length > 0)
        {
            builder.Append("# HELP ").Append(Name).Append(' ');
            PrometheusText.AppendHelp(builder, Help);
            builder.Append('\n');
        }

        builder.Append("# TYPE ").Append(Name).Append(' ').Append(Type).Append('\n');
        if (Type == "histogram")
        {
            WriteHistograms(builder);
            return;
        }

        foreach (var (labels, cell) in Sorted(_values))
        {
            builder.Append(Name).Append(labels).Append(' ').Append(PrometheusText.Number(cell.Value)).Append('\n');
        }
    }

    private static List<(string Labels, T Cell)> Sorted<T>(ConcurrentDictionary<SeriesKey, T> series)
    {
        var list = new List<(string, T)>(series.Count);
        var builder = new StringBuilder();
        foreach (var (key, cell) in series)
        {
            builder.Clear();
            key.AppendLabels(builder);
            list.Add((builder.ToString(), cell));
        }

        list.Sort(static (x, y) => string.CompareOrdinal(x.Item1, y.Item1));
        return list;
    }

    private void WriteHistograms(StringBuilder builder)
    {
        var series = new List<(SeriesKey Key, string Labels, HistogramCell Cell)>(_histograms.Count);
        var labels = new StringBuilder();
        foreach (var (key, cell) in _histograms)
        {
            labels.Clear();
            key.AppendLabels(labels);
            series.Add((key, labels.ToString(), cell));
        }

        series.Sort(static (x, y) => string.CompareOrdinal(x.Labels, y.Labels));
        foreach (var (key, text, cell) in series)
        {
            var sum = cell.Sum;
            var counts = cell.CumulativeCounts();
            for (var i = 0; i < counts.Length; i++)
            {
                builder.Append(Name).Append("_bucket");
                key.AppendLabels(builder, "le", i < _bounds.Count ? PrometheusText.Number(_bounds[i]) : "+Inf");
                builder.Append(' ').Append(counts[i]).Append('\n');
            }

            builder.Append(Name).Append("_sum").Append(text).Append(' ').Append(PrometheusText.Number(sum)).Append('\n');
            builder.Append(Name).Append("_count").Append(text).Append(' ').Append(counts[^1]).Append('\n');
        }
    }
}
