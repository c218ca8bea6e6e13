namespace ValidationGateway.LoadTest.Schedules;

/// <summary>
/// Turns a rate schedule into arrival times: the k-th arrival (k = 1, 2, …) is placed where the integral of the rate
/// reaches k − ½, so a constant rate r gives arrivals at (k − ½)/r and any schedule gives round(∫rate) arrivals.
/// </summary>
/// <remarks>Integrates in 1 ms steps with the rate taken at each step's middle: exact for constant and step schedules
/// whose edges fall on whole milliseconds, and well within one arrival for the peak curve. Single consumer.</remarks>
internal sealed class ArrivalTimeline
{
    private const double Step = 0.001;
    private readonly IArrivalSchedule _schedule;
    private long _stepIndex;
    private double _cumulativeAtStepStart;
    private double _rate;
    private long _emitted;

    public ArrivalTimeline(IArrivalSchedule schedule)
    {
        _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule));
        _rate = schedule.RateAt(Step / 2);
    }

    /// <summary>Arrivals returned so far.</summary>
    public long Emitted => _emitted;

    /// <summary>The next arrival's offset from the start in seconds; false once the schedule has ended.</summary>
    public bool TryNext(out double seconds)
    {
        var target = _emitted + 0.5;
        while (true)
        {
            // Step edges from an integer index, so thousands of steps do not accumulate rounding drift.
            var stepStart = _stepIndex * Step;
            if (stepStart >= _schedule.DurationSeconds)
            {
                seconds = 0;
                return false;
            }

            var stepEnd = Math.Min((_stepIndex + 1) * Step, _schedule.DurationSeconds);
            var atStepEnd = _cumulativeAtStepStart + (_rate * (stepEnd - stepStart));
            if (_rate > 0 && atStepEnd >= target)
            {
                seconds = stepStart + ((target - _cumulativeAtStepStart) / _rate);
                _emitted++;
                return true;
            }

            _cumulativeAtStepStart = atStepEnd;
            _stepIndex++;
            _rate = _schedule.RateAt(Math.Min(stepEnd + (Step / 2), _schedule.DurationSeconds - 1e-9));
        }
    }
}
