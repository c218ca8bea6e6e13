using System.Globalization;

namespace ValidationGateway.LoadTest.Schedules;

/// <summary>Rates held for given times, one after another (<c>--step 1000:10s,2000:10s</c>).</summary>
internal sealed class StepSchedule : IArrivalSchedule
{
    private readonly (double Rate, double Seconds)[] _steps;

    public StepSchedule(IReadOnlyList<(double Rate, double Seconds)> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count == 0)
        {
            throw new ArgumentException("at least one step is needed", nameof(steps));
        }

        _steps = [.. steps];
        DurationSeconds = _steps.Sum(s => s.Seconds);
    }

    public double DurationSeconds { get; }

    public string Description => "step " + string.Join(", ", _steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Rate:0.#}/s for {s.Seconds:0.#} s")));

    public double RateAt(double seconds)
    {
        if (seconds < 0)
        {
            return 0;
        }

        var end = 0.0;
        foreach (var (rate, length) in _steps)
        {
            end += length;
            if (seconds < end)
            {
                return rate;
            }
        }

        return 0;
    }

    /// <summary>Parses <c>rate:duration[,rate:duration…]</c>, e.g. <c>1000:10s,2000:500ms</c>.</summary>
    public static bool TryParse(string text, out StepSchedule? schedule, out string error)
    {
        schedule = null;
        var steps = new List<(double, double)>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':');
            if (pieces.Length != 2
                || !double.TryParse(pieces[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate < 0
                || !DurationText.TryParse(pieces[1], out var length) || length <= TimeSpan.Zero)
            {
                error = $"--step: '{part}' is not rate:duration (e.g. 1000:10s)";
                return false;
            }

            steps.Add((rate, length.TotalSeconds));
        }

        if (steps.Count == 0)
        {
            error = "--step: no steps given";
            return false;
        }

        schedule = new StepSchedule(steps);
        error = "";
        return true;
    }
}
