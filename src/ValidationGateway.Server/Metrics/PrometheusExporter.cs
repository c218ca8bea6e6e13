using System.Diagnostics.Metrics;
using System.Text;

namespace ValidationGateway.Server.Metrics;

/// <summary>
/// Listens to one <see cref="Meter"/> and renders its instruments in the Prometheus text format 0.0.4: counters as
/// <c>*_total</c>, histograms as <c>_bucket{le=…}</c>, <c>_sum</c>, <c>_count</c>, everything else as gauges.
/// </summary>
/// <remarks>
/// Thread-safe. Measurements are aggregated as they are recorded (no allocation once a series exists); observable
/// instruments are read at scrape time. Only the given meter instance is read, so two gateways in one process keep
/// apart; an OpenTelemetry SDK can listen to the same instruments by meter name alongside.
/// </remarks>
internal sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener _listener;
    private readonly List<InstrumentAggregate> _aggregates = [];
    private readonly Lock _gate = new();
    private readonly Lock _scrape = new();

    public PrometheusExporter(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && Add(new InstrumentAggregate(instrument)) is { } aggregate)
                {
                    listener.EnableMeasurementEvents(instrument, aggregate);
                }
            },
            MeasurementsCompleted = (_, state) =>
            {
                lock (_gate)
                {
                    _aggregates.Remove((InstrumentAggregate)state!);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentAggregate)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Every metric of the meter, observable instruments read now, in name order.</summary>
    public string Collect()
    {
        lock (_scrape)
        {
            InstrumentAggregate[] aggregates;
            lock (_gate)
            {
                aggregates = [.. _aggregates];
            }

            foreach (var aggregate in aggregates)
            {
                if (aggregate.IsObservable)
                {
                    aggregate.Clear();
                }
            }

            _listener.RecordObservableInstruments();
            Array.Sort(aggregates, static (x, y) => string.CompareOrdinal(x.Name, y.Name));
            var builder = new StringBuilder(8192);
            foreach (var aggregate in aggregates)
            {
                aggregate.WriteTo(builder);
            }

            return builder.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private InstrumentAggregate? Add(InstrumentAggregate aggregate)
    {
        lock (_gate)
        {
            // Two instruments spelled alike after renaming (a.b and a_b) would print one name twice: the first wins.
            foreach (var existing in _aggregates)
            {
                if (existing.Name == aggregate.Name)
                {
                    return null;
                }
            }

            _aggregates.Add(aggregate);
            return aggregate;
        }
    }
}
