namespace ValidationGateway.LoadTest.Schedules;

/// <summary>An arrival rate over the run's timeline (open loop).</summary>
internal interface IArrivalSchedule
{
    /// <summary>Length of the schedule in seconds.</summary>
    double DurationSeconds { get; }

    /// <summary>Short description for the report, e.g. "constant 2000/s".</summary>
    string Description { get; }

    /// <summary>Arrivals per second at <paramref name="seconds"/> from the start.</summary>
    double RateAt(double seconds);
}
