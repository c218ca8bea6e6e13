using System.Collections.Frozen;

namespace ValidationGateway.Core.Institutions;

/// <summary>An institution's registration, approved mappings and registered practitioners, ready for lookups.</summary>
/// <remarks>Immutable; an actor swaps a new instance whole when the data changes. Mappings are packed (<see cref="MappingTable"/>).</remarks>
public sealed class InstitutionReferenceData
{
    private const long MaxKeptScratchBytes = 1 << 20;

    [ThreadStatic]
    private static MappingTable.Builder? t_builder;

    private readonly MappingTable _mappings;
    private readonly FrozenSet<string> _doctors;
    private readonly FrozenSet<string> _pharmacists;

    /// <summary>Builds the lookups.</summary>
    /// <param name="institution">Registration.</param>
    /// <param name="mappings">Approved mappings, in any order (a local code's periods are kept by begin date, open first).</param>
    /// <param name="practitioners">Registered practitioners.</param>
    /// <param name="codes">Code shapes used to work out each mapping's item type once, here, rather than per line.</param>
    public InstitutionReferenceData(InstitutionRecord institution, IEnumerable<MappingRow> mappings, IEnumerable<PractitionerRow> practitioners, Codes.CodeFormatProfile? codes = null)
    {
        ArgumentNullException.ThrowIfNull(institution);
        ArgumentNullException.ThrowIfNull(mappings);
        ArgumentNullException.ThrowIfNull(practitioners);
        Institution = institution;

        // One builder per thread, reused: loading 2,000 institutions in a row grows its scratch arrays once, not 2,000
        // times. A builder grown past 1 MiB by an unusually large institution is not kept.
        var builder = t_builder ?? new MappingTable.Builder();
        t_builder = null;
        try
        {
            foreach (var mapping in mappings)
            {
                builder.Add(mapping, codes);
            }

            _mappings = builder.Count == 0 ? MappingTable.Empty : builder.Build();
        }
        finally
        {
            builder.Clear();
            t_builder = builder.ScratchBytes <= MaxKeptScratchBytes ? builder : null;
        }

        var practitionerList = practitioners.Where(p => p.InstitutionCode == institution.Code).ToList();
        PractitionerCount = practitionerList.Count;
        _doctors = practitionerList.Where(p => p.Valid && p.Kind == PractitionerKind.Doctor).Select(p => p.Code).ToFrozenSet(StringComparer.Ordinal);
        _pharmacists = practitionerList.Where(p => p.Valid && p.Kind == PractitionerKind.Pharmacist).Select(p => p.Code).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The institution's registration (level, type).</summary>
    public InstitutionRecord Institution { get; }

    /// <summary>Approved mappings held.</summary>
    public int MappingCount => _mappings.Count;

    /// <summary>Distinct local codes with a mapping.</summary>
    public int LocalCodeCount => _mappings.LocalCodeCount;

    /// <summary>Bytes held by the packed mapping table (its arrays and side tables): what the mappings cost.</summary>
    public long MappingTableBytes => _mappings.TableBytes;

    /// <summary>Practitioner registrations held (valid or not).</summary>
    public int PractitionerCount { get; }

    /// <summary>True when a doctor code is registered and valid at this institution.</summary>
    public bool IsRegisteredDoctor(string code) => _doctors.Contains(code);

    /// <summary>True when a pharmacist code is registered and valid at this institution.</summary>
    public bool IsRegisteredPharmacist(string code) => _pharmacists.Contains(code);

    /// <summary>Mappings of a local code (all validity periods, by begin date, open first), read in place without allocating.</summary>
    public MappingList MappingsOf(ReadOnlySpan<char> localCode) => _mappings.Find(localCode);
}
