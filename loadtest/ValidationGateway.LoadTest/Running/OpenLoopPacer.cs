using ValidationGateway.LoadTest.Metrics;
using ValidationGateway.LoadTest.Schedules;

namespace ValidationGateway.LoadTest.Running;

/// <summary>
/// Hands out the intended start timestamps of arrivals that are due. Arrivals keep their place on the timeline
/// however late the sender gets to them, which is what keeps the open loop free of coordinated omission.
/// </summary>
/// <remarks>Single consumer (the dispatcher).</remarks>
internal sealed class OpenLoopPacer(ArrivalTimeline timeline, long origin, long frequency, long maxRequests)
{
    private long? _next;
    private long _issued;
    private bool _ended;

    /// <summary>The intended start of the next arrival not yet handed out, or null when the schedule has ended.</summary>
    public long? NextTimestamp
    {
        get
        {
            Fill();
            return _next;
        }
    }

    /// <summary>Appends every arrival due at or before <paramref name="now"/>; false once no arrival is left.</summary>
    public bool TakeDue(long now, List<long> due)
    {
        ArgumentNullException.ThrowIfNull(due);
        while (true)
        {
            Fill();
            if (_next is not { } next)
            {
                return false;
            }

            if (next > now)
            {
                return true;
            }

            due.Add(next);
            _next = null;
        }
    }

    private void Fill()
    {
        if (_next is not null || _ended)
        {
            return;
        }

        if (_issued >= maxRequests || !timeline.TryNext(out var seconds))
        {
            _ended = true;
            return;
        }

        _issued++;
        _next = LatencyMath.Offset(origin, seconds, frequency);
    }
}
