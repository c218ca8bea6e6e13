using System.Globalization;

namespace ValidationGateway.LoadTest.Schedules;

/// <summary>
/// The 08:00–11:00 outpatient morning compressed into the run: settlement rises as clinics open, peaks around
/// 09:00–09:30 and eases toward 11:00. <c>--peak R</c> sets the rate at the top of the curve.
/// </summary>
/// <remarks>
/// The curve is a typical shape of outpatient settlement volume by quarter hour (relative to the busiest quarter),
/// interpolated linearly; it is a model, not data from a particular hospital.
/// </remarks>
internal sealed class OutpatientPeakSchedule(double peakRate, double durationSeconds) : IArrivalSchedule
{
    /// <summary>Relative load at 08:00, 08:15, …, 11:00 (13 points, 12 quarter hours).</summary>
    internal static readonly double[] Curve = [0.45, 0.65, 0.82, 0.93, 1.00, 0.98, 0.95, 0.90, 0.84, 0.76, 0.66, 0.55, 0.45];

    public double DurationSeconds => durationSeconds;

    public string Description => string.Create(CultureInfo.InvariantCulture, $"outpatient peak 08:00–11:00 in {durationSeconds:0.#} s, top {peakRate:0.#}/s");

    public double RateAt(double seconds)
    {
        if (seconds < 0 || seconds >= durationSeconds)
        {
            return 0;
        }

        var position = seconds / durationSeconds * (Curve.Length - 1);
        var i = (int)position;
        var fraction = position - i;
        var next = Math.Min(i + 1, Curve.Length - 1);
        return peakRate * (Curve[i] + ((Curve[next] - Curve[i]) * fraction));
    }

    /// <summary>Expected arrivals over the whole schedule (trapezoid integral of the curve).</summary>
    public double ExpectedArrivals()
    {
        var segment = durationSeconds / (Curve.Length - 1);
        var sum = 0.0;
        for (var i = 0; i < Curve.Length - 1; i++)
        {
            sum += (Curve[i] + Curve[i + 1]) / 2 * segment;
        }

        return sum * peakRate;
    }

    /// <summary>The morning clock time a point of the run stands for, e.g. 09:30.</summary>
    public string ClockAt(double seconds) =>
        TimeOnly.FromTimeSpan(TimeSpan.FromHours(8) + TimeSpan.FromHours(3 * Math.Clamp(seconds / durationSeconds, 0, 1))).ToString("HH:mm", CultureInfo.InvariantCulture);
}
