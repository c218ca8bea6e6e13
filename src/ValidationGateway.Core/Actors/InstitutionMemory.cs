using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ValidationGateway.Core.Actors;

/// <summary>What an institution actor remembers across batches: per visit, the lines and items charged; per patient-day, quantities.</summary>
/// <remarks>
/// <para>Not thread-safe: touched only inside an <see cref="InstitutionActor"/>'s mailbox while holding <see cref="Gate"/>
/// (the actors of one institution on an old and a new catalog version share it). Bounded by
/// <see cref="VisitMemoryOptions"/>: entries idle longer than the TTL expire, and past the size caps the least
/// recently used go first (approximately: see <see cref="ExpiringTable{TPayload}"/>).</para>
/// <para>Storage holds no object per visit, line, code or patient-day and no request string: five tables of unmanaged
/// structs keyed by 64-bit XXH64 hashes of the strings (visits by mdtrt_id; lines by visit and feedetl_sn; charged
/// codes by visit and national code; patient-days by psn_no and day; quantities by patient-day and national code).
/// The collector neither traces nor copies such arrays, so a memory of 200,000 visits adds nothing to an ephemeral
/// collection; the objects it replaced (about 25 per visit) were promoted through every generation. A visit's lines and
/// codes are chained to it and go when it expires or is evicted; a visit or patient-day with few entries is searched
/// along its own chain, not through the hash buckets (<see cref="OwnedTable{TValue}"/>). The tables start empty and
/// grow as they fill, a chunk at a time once large (<see cref="ChainedSlots{TEntry}"/>).</para>
/// <para>Strings are compared by hash only. Two different strings with the same 64-bit hash are taken for one: two
/// visits (or patients) would share their memory, and within one visit two line serials or two codes would be
/// confused, giving a false DUPLICATE_LINE, DUPLICATE_CHARGE or CONSUMABLE_NOT_SEPARATELY_CHARGEABLE finding or an
/// overstated quantity. For n distinct strings the chance of any such pair is about n²/2⁶⁵: about 10⁻⁹ for the
/// 200,000 visits of a full memory, below 10⁻¹³ among the lines of a visit of 1,000 lines. The hash seed is drawn at
/// random per process, so colliding strings cannot be prepared offline.</para>
/// </remarks>
public sealed class InstitutionMemory
{
    private static readonly ulong Seed = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(sizeof(ulong)));

    private readonly VisitMemoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ExpiringTable<VisitState> _visits;
    private readonly ExpiringTable<OwnerChain> _days;
    private readonly OwnedTable<int> _lines = new();
    private readonly OwnedTable<int> _codes = new();
    private readonly OwnedTable<decimal> _quantities = new();

    /// <summary>Creates empty memory.</summary>
    public InstitutionMemory(VisitMemoryOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _visits = new ExpiringTable<VisitState>(options.MaxVisits, ReleaseVisit);
        _days = new ExpiringTable<OwnerChain>(options.MaxPatientDays, ReleasePatientDay);
    }

    /// <summary>Held while the memory is read or changed.</summary>
    public Lock Gate { get; } = new();

    /// <summary>Visits remembered.</summary>
    public int VisitCount => _visits.Count;

    /// <summary>Patient-days remembered.</summary>
    public int PatientDayCount => _days.Count;

    /// <summary>Lines remembered, over all visits.</summary>
    internal int LineCount => _lines.Count;

    /// <summary>Distinct (visit, code) pairs remembered.</summary>
    internal int ChargedCodeCount => _codes.Count;

    /// <summary>Distinct (patient-day, code) quantities remembered.</summary>
    internal int QuantityCount => _quantities.Count;

    /// <summary>Visit slots the tables are sized for (grows as it fills, never past <see cref="VisitMemoryOptions.MaxVisits"/>).</summary>
    internal int VisitSlots => _visits.Allocated;

    /// <summary>The visit's memory, created if new.</summary>
    /// <remarks>The handle is valid until the next <see cref="GetVisit"/> or <see cref="Expire"/> (which may evict it); using it later throws.</remarks>
    public Visit GetVisit(ReadOnlySpan<char> mdtrtId)
    {
        var slot = _visits.GetOrAdd(Key(mdtrtId), 0, Now());
        return new Visit(this, slot, _visits.Generation(slot));
    }

    /// <summary>The patient-day's memory, created if new.</summary>
    /// <remarks>The handle is valid until the next <see cref="GetPatientDay"/> or <see cref="Expire"/> (which may evict it); using it later throws.</remarks>
    public PatientDay GetPatientDay(ReadOnlySpan<char> psnNo, int dayNumber)
    {
        var slot = _days.GetOrAdd(Key(psnNo), dayNumber, Now());
        return new PatientDay(this, slot, _days.Generation(slot));
    }

    /// <summary>Drops entries idle past the TTL and entries over the caps.</summary>
    public void Expire()
    {
        var cutoff = Now() - _options.Ttl.Ticks;
        _visits.Expire(cutoff);
        _days.Expire(cutoff);
    }

    private static ulong Key(ReadOnlySpan<char> text) => XxHash64.Hash(text, Seed);

    private long Now() => _time.GetUtcNow().UtcTicks;

    private void ReleaseVisit(int slot)
    {
        ref var visit = ref _visits.Payload(slot);
        _lines.RemoveAll(ref visit.Lines);
        _codes.RemoveAll(ref visit.Codes);
    }

    private void ReleasePatientDay(int slot) => _quantities.RemoveAll(ref _days.Payload(slot));

    private ref VisitState VisitAt(int slot, int generation)
    {
        if (_visits.Generation(slot) != generation)
        {
            throw new InvalidOperationException("The visit was expired or evicted after it was looked up.");
        }

        return ref _visits.Payload(slot);
    }

    private ref OwnerChain PatientDayAt(int slot, int generation)
    {
        if (_days.Generation(slot) != generation)
        {
            throw new InvalidOperationException("The patient-day was expired or evicted after it was looked up.");
        }

        return ref _days.Payload(slot);
    }

    /// <summary>One visit (mdtrt_id): lines seen and items charged by accepted lines. A handle into the memory, not a copy.</summary>
    public readonly struct Visit
    {
        private readonly InstitutionMemory _memory;
        private readonly int _slot;
        private readonly int _generation;

        internal Visit(InstitutionMemory memory, int slot, int generation)
        {
            _memory = memory;
            _slot = slot;
            _generation = generation;
        }

        /// <summary>Sum of accepted self-pay (class 03) line amounts.</summary>
        public decimal SelfPayTotal => _memory.VisitAt(_slot, _generation).SelfPayTotal;

        /// <summary>The content hash of the line first accepted under <paramref name="feedetlSn"/>, if any.</summary>
        public bool TryGetLine(ReadOnlySpan<char> feedetlSn, out int contentHash)
        {
            ref var visit = ref _memory.VisitAt(_slot, _generation);
            return _memory._lines.TryGetValue(_slot, Key(feedetlSn), visit.Lines, out contentHash);
        }

        /// <summary>Remembers the content hash of the line accepted under <paramref name="feedetlSn"/>.</summary>
        public void SetLine(ReadOnlySpan<char> feedetlSn, int contentHash)
        {
            ref var visit = ref _memory.VisitAt(_slot, _generation);
            _memory._lines.GetOrAdd(_slot, Key(feedetlSn), ref visit.Lines) = contentHash;
        }

        /// <summary>Number of accepted lines of this visit charging <paramref name="nationalCode"/>.</summary>
        public int ChargedCount(ReadOnlySpan<char> nationalCode)
        {
            ref var visit = ref _memory.VisitAt(_slot, _generation);
            return _memory._codes.TryGetValue(_slot, Key(nationalCode), visit.Codes, out var count) ? count : 0;
        }

        /// <summary>Whether an accepted line of this visit charged <paramref name="nationalCode"/>.</summary>
        public bool HasCharged(ReadOnlySpan<char> nationalCode) => ChargedCount(nationalCode) > 0;

        /// <summary>Counts one more accepted line charging <paramref name="nationalCode"/>.</summary>
        public void AddCharge(ReadOnlySpan<char> nationalCode)
        {
            ref var visit = ref _memory.VisitAt(_slot, _generation);
            _memory._codes.GetOrAdd(_slot, Key(nationalCode), ref visit.Codes)++;
        }

        /// <summary>Adds an accepted self-pay line's amount to <see cref="SelfPayTotal"/>.</summary>
        public void AddSelfPay(decimal amount) => _memory.VisitAt(_slot, _generation).SelfPayTotal += amount;
    }

    /// <summary>One patient on one calendar day at this institution. A handle into the memory, not a copy.</summary>
    public readonly struct PatientDay
    {
        private readonly InstitutionMemory _memory;
        private readonly int _slot;
        private readonly int _generation;

        internal PatientDay(InstitutionMemory memory, int slot, int generation)
        {
            _memory = memory;
            _slot = slot;
            _generation = generation;
        }

        /// <summary>Accepted quantity of <paramref name="nationalCode"/> on this day; zero if none.</summary>
        public decimal QuantityOf(ReadOnlySpan<char> nationalCode)
        {
            ref var chain = ref _memory.PatientDayAt(_slot, _generation);
            return _memory._quantities.TryGetValue(_slot, Key(nationalCode), chain, out var quantity) ? quantity : 0m;
        }

        /// <summary>Adds <paramref name="quantity"/> of <paramref name="nationalCode"/> to this day.</summary>
        public void AddQuantity(ReadOnlySpan<char> nationalCode, decimal quantity)
        {
            ref var chain = ref _memory.PatientDayAt(_slot, _generation);
            _memory._quantities.GetOrAdd(_slot, Key(nationalCode), ref chain) += quantity;
        }
    }

    /// <summary>A visit's entry payload: its self-pay total and its line and code chains.</summary>
    private struct VisitState
    {
        public decimal SelfPayTotal;
        public OwnerChain Lines;
        public OwnerChain Codes;
    }
}
