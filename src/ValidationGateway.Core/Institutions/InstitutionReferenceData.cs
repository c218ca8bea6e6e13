using System.Collections.Frozen;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Institutions;

/// <summary>An institution's registration, approved mappings and registered practitioners, ready for lookups.</summary>
/// <remarks>Immutable; an actor swaps a new instance whole when the data changes.</remarks>
public sealed class InstitutionReferenceData
{
    private readonly FrozenDictionary<string, MappingEntry[]> _mappings;
    private readonly FrozenSet<string> _doctors;
    private readonly FrozenSet<string> _pharmacists;

    /// <summary>Builds the lookups.</summary>
    /// <param name="institution">Registration.</param>
    /// <param name="mappings">Approved mappings.</param>
    /// <param name="practitioners">Registered practitioners.</param>
    /// <param name="codes">Code shapes used to work out each mapping's item type once, here, rather than per line.</param>
    public InstitutionReferenceData(InstitutionRecord institution, IEnumerable<MappingRow> mappings, IEnumerable<PractitionerRow> practitioners, Codes.CodeFormatProfile? codes = null)
    {
        ArgumentNullException.ThrowIfNull(institution);
        ArgumentNullException.ThrowIfNull(mappings);
        ArgumentNullException.ThrowIfNull(practitioners);
        Institution = institution;
        var mappingList = mappings.ToList();
        MappingCount = mappingList.Count;
        _mappings = mappingList
            .GroupBy(m => m.LocalCode, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(m => new MappingEntry(m, codes)).ToArray(), StringComparer.Ordinal);
        var practitionerList = practitioners.Where(p => p.InstitutionCode == institution.Code).ToList();
        PractitionerCount = practitionerList.Count;
        _doctors = practitionerList.Where(p => p.Valid && p.Kind == PractitionerKind.Doctor).Select(p => p.Code).ToFrozenSet(StringComparer.Ordinal);
        _pharmacists = practitionerList.Where(p => p.Valid && p.Kind == PractitionerKind.Pharmacist).Select(p => p.Code).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The institution's registration (level, type).</summary>
    public InstitutionRecord Institution { get; }

    /// <summary>Approved mappings held.</summary>
    public int MappingCount { get; }

    /// <summary>Practitioner registrations held (valid or not).</summary>
    public int PractitionerCount { get; }

    /// <summary>True when a doctor code is registered and valid at this institution.</summary>
    public bool IsRegisteredDoctor(string code) => _doctors.Contains(code);

    /// <summary>True when a pharmacist code is registered and valid at this institution.</summary>
    public bool IsRegisteredPharmacist(string code) => _pharmacists.Contains(code);

    /// <summary>Mappings of a local code (all validity periods).</summary>
    public ReadOnlySpan<MappingEntry> MappingsOf(string localCode) => _mappings.TryGetValue(localCode, out var list) ? list : [];

    /// <summary>A local-to-national mapping in lookup form.</summary>
    public readonly struct MappingEntry
    {
        internal MappingEntry(MappingRow row, Codes.CodeFormatProfile? codes)
        {
            NationalCode = row.NationalCode;
            ItemType = row.ItemType;
            _effective = row.ItemType != ItemType.Unspecified || codes is null ? row.ItemType : codes.ItemTypeOf(codes.DetectListFamily(row.NationalCode));
            _effectiveKnown = row.ItemType != ItemType.Unspecified || codes is not null;
            BeginDay = row.BeginDate?.DayNumber ?? int.MinValue;
            EndDay = row.EndDate?.DayNumber ?? int.MaxValue;
        }

        private readonly ItemType _effective;
        private readonly bool _effectiveKnown;

        /// <summary>The national code the local code maps to.</summary>
        public string NationalCode { get; }

        /// <summary>Item type declared with the mapping.</summary>
        public ItemType ItemType { get; }

        /// <summary>First day (DateOnly.DayNumber).</summary>
        public int BeginDay { get; }

        /// <summary>Last day (DateOnly.DayNumber).</summary>
        public int EndDay { get; }

        /// <summary>The declared item type, else the one the national code's family implies (worked out when the data was loaded).</summary>
        public ItemType EffectiveItemType(Codes.CodeFormatProfile codes) =>
            _effectiveKnown ? _effective : codes.ItemTypeOf(codes.DetectListFamily(NationalCode));

        /// <summary>True when the mapping applies on a day; with no known day every period applies.</summary>
        public bool AppliesOn(int? day) => day is not { } d || (d >= BeginDay && d <= EndDay);
    }
}
