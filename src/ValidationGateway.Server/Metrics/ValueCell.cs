namespace ValidationGateway.Server.Metrics;

/// <summary>One series' value: a running sum (counters) or the last value set (gauges, observed counters).</summary>
/// <remarks>Lock-free; written from any thread.</remarks>
internal sealed class ValueCell
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Add(double amount)
    {
        double initial, computed;
        do
        {
            initial = Volatile.Read(ref _value);
            computed = initial + amount;
        }
        while (Interlocked.CompareExchange(ref _value, computed, initial) != initial);
    }

    public void Set(double value) => Volatile.Write(ref _value, value);
}
