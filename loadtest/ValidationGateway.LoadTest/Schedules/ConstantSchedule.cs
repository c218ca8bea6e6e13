using System.Globalization;

namespace ValidationGateway.LoadTest.Schedules;

/// <summary>A fixed arrival rate.</summary>
internal sealed class ConstantSchedule(double rate, double durationSeconds) : IArrivalSchedule
{
    public double DurationSeconds => durationSeconds;

    public string Description => string.Create(CultureInfo.InvariantCulture, $"constant {rate:0.#}/s for {durationSeconds:0.#} s");

    public double RateAt(double seconds) => seconds < 0 || seconds >= durationSeconds ? 0 : rate;
}
