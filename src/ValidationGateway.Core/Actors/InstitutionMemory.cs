namespace ValidationGateway.Core.Actors;

/// <summary>What an institution actor remembers across batches: per visit, the lines and items charged; per patient-day, quantities.</summary>
/// <remarks>
/// Not thread-safe: touched only inside an <see cref="InstitutionActor"/>'s mailbox while holding <see cref="Gate"/>
/// (the actors of one institution on an old and a new catalog version share it). Bounded by
/// <see cref="VisitMemoryOptions"/>: entries idle longer than the TTL expire, and past the size caps the least
/// recently used go first.
/// </remarks>
public sealed class InstitutionMemory
{
    private readonly VisitMemoryOptions _options;
    private readonly TimeProvider _time;
    private readonly Bounded<string, Visit> _visits;
    private readonly Bounded<(string Patient, int Day), PatientDay> _days;

    /// <summary>Creates empty memory.</summary>
    public InstitutionMemory(VisitMemoryOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _visits = new Bounded<string, Visit>(options.MaxVisits, StringComparer.Ordinal, static v => v.Clear());
        _days = new Bounded<(string, int), PatientDay>(options.MaxPatientDays, EqualityComparer<(string, int)>.Default, static d => d.Quantities.Clear());
    }

    /// <summary>Held while the memory is read or changed.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Visits remembered.</summary>
    public int VisitCount => _visits.Count;

    /// <summary>Patient-days remembered.</summary>
    public int PatientDayCount => _days.Count;

    /// <summary>The visit's memory, created if new.</summary>
    public Visit GetVisit(string mdtrtId) => _visits.GetOrAdd(mdtrtId, Now(), static _ => new Visit());

    /// <summary>The patient-day's memory, created if new.</summary>
    public PatientDay GetPatientDay(string psnNo, int dayNumber) => _days.GetOrAdd((psnNo, dayNumber), Now(), static _ => new PatientDay());

    /// <summary>Drops entries idle past the TTL and entries over the caps.</summary>
    public void Expire()
    {
        var cutoff = Now() - _options.Ttl.Ticks;
        _visits.Expire(cutoff);
        _days.Expire(cutoff);
    }

    private long Now() => _time.GetUtcNow().UtcTicks;

    /// <summary>One visit (mdtrt_id): lines seen and items charged by accepted lines.</summary>
    public sealed class Visit
    {
        /// <summary>feedetl_sn → content hash of the line first accepted under it.</summary>
        public Dictionary<string, int> Lines { get; } = new(StringComparer.Ordinal);

        /// <summary>National code → number of accepted lines charging it.</summary>
        public Dictionary<string, int> Codes { get; } = new(StringComparer.Ordinal);

        /// <summary>Sum of accepted self-pay (class 03) line amounts.</summary>
        public decimal SelfPayTotal { get; set; }

        internal void Clear()
        {
            Lines.Clear();
            Codes.Clear();
            SelfPayTotal = 0;
        }
    }

    /// <summary>One patient on one calendar day at this institution.</summary>
    public sealed class PatientDay
    {
        /// <summary>National code → accepted quantity.</summary>
        public Dictionary<string, decimal> Quantities { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>A dictionary with expiry by idle time and a size cap, evicting in least-recently-used order (approximately).</summary>
    /// <remarks>Evicted entries are cleared and reused for the next new key, so a full memory in steady state allocates nothing.</remarks>
    private sealed class Bounded<TKey, TValue>(int capacity, IEqualityComparer<TKey> comparer, Action<TValue> reset)
        where TKey : notnull
        where TValue : class
    {
        private readonly Dictionary<TKey, Entry> _map = new(comparer);
        private readonly Queue<TKey> _order = new();
        private readonly Stack<Entry> _free = new();

        public int Count => _map.Count;

        public TValue GetOrAdd(TKey key, long now, Func<TKey, TValue> create)
        {
            if (_map.TryGetValue(key, out var entry))
            {
                entry.LastUsed = now;
                return entry.Value;
            }

            while (_map.Count >= capacity && _order.TryDequeue(out var oldest))
            {
                // At the cap: the oldest insertion goes, even if touched since (approximate LRU, O(1)).
                Release(oldest);
            }

            entry = _free.TryPop(out var reused) ? reused : new Entry(create(key));
            entry.LastUsed = now;
            entry.InsertedAsOf = now;
            _map[key] = entry;
            _order.Enqueue(key);
            return entry.Value;
        }

        public void Expire(long cutoff)
        {
            // Walk from the oldest insertion; an entry touched since is moved to the back instead of dropped.
            for (var budget = _order.Count; budget > 0 && _order.TryPeek(out var key); budget--)
            {
                if (!_map.TryGetValue(key, out var entry))
                {
                    _order.Dequeue();
                    continue;
                }

                if (entry.LastUsed > cutoff)
                {
                    if (entry.InsertedAsOf >= entry.LastUsed)
                    {
                        break; // the oldest entry is fresh: everything behind it is fresher
                    }

                    _order.Dequeue();
                    entry.InsertedAsOf = entry.LastUsed;
                    _order.Enqueue(key);
                    continue;
                }

                _order.Dequeue();
                Release(key);
            }
        }

        private void Release(TKey key)
        {
            if (_map.Remove(key, out var entry))
            {
                reset(entry.Value);
                _free.Push(entry);
            }
        }

        private sealed class Entry(TValue value)
        {
            public TValue Value { get; } = value;

            public long LastUsed { get; set; }

            public long InsertedAsOf { get; set; }
        }
    }
}
