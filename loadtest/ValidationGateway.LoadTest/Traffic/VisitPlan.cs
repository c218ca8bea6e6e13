using System.Globalization;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>
/// What the gateway remembers of one visit as the tool builds its batches: the items charged on accepted lines and
/// their quantities (the patient is unique to the visit, so per-patient-day quantities are per visit), plus the
/// patient's gender and age from the visit. Clean lines must fit it; knowledge-point faults break exactly one point.
/// </summary>
/// <remarks>
/// Mirrors the gateway's memory: only lines that are not rejected are recorded (a rejected line is neither a charge
/// nor a quantity), so both clean lines and faults are judged against the same state the gateway will have.
/// Not thread-safe: owned by one generator (a primed visit is reused only by the generator that built it).
/// </remarks>
internal sealed class VisitPlan(KnowledgePoints knowledge, DateOnly feeDate, bool pharmacy)
{
    private readonly Dictionary<string, int> _charged = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _quantities = new(StringComparer.Ordinal);
    private string? _ageOf;
    private int? _age;

    /// <summary>The visit of the request(s); gender and birth date are read from it.</summary>
    public Visit Visit { get; set; } = new();

    public KnowledgePoints Knowledge => knowledge;

    public DateOnly FeeDate => feeDate;

    /// <summary>True for a pharmacy: it charges drugs and herbs only (its mappings cover nothing else).</summary>
    public bool Pharmacy => pharmacy;

    /// <summary>True when the institution may charge items of <paramref name="type"/> (it has mappings for them).</summary>
    public bool MayCharge(ItemType type) => !pharmacy || type is ItemType.Drug or ItemType.Herb;

    /// <summary>Quantity of <paramref name="code"/> already accepted for the patient on the fee date.</summary>
    public decimal Used(string code) => _quantities.GetValueOrDefault(code);

    /// <summary>True when charging <paramref name="count"/> of <paramref name="item"/> now breaks no knowledge point and the institution may charge it.</summary>
    public bool Allows(CatalogItem item, decimal count, bool ignoreGender = false, bool ignoreAge = false, bool ignoreQuantity = false, bool ignoreRepeat = false)
    {
        ArgumentNullException.ThrowIfNull(item);
        var code = item.Code;
        if (!MayCharge(item.Type))
        {
            return false;
        }

        if (!ignoreGender && knowledge.GenderOf.TryGetValue(code, out var gender) && Visit.Gend.Length > 0 && Visit.Gend != gender)
        {
            return false;
        }

        if (!ignoreAge && knowledge.AgeOf.ContainsKey(code) && !AgeFits(code, Age))
        {
            return false;
        }

        if (!ignoreQuantity && knowledge.MaxPerDay.TryGetValue(code, out var max) && Used(code) + count > max)
        {
            return false;
        }

        foreach (var other in knowledge.ExcludedWith(code))
        {
            if (_charged.ContainsKey(other) && !(ignoreRepeat && other == code))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The patient's age in whole years on the fee date, or null without a birth date.</summary>
    /// <remarks>Parsed once per birth date string (an age fault replaces the string).</remarks>
    public int? Age
    {
        get
        {
            var birthDate = Visit.Brdy;
            if (!ReferenceEquals(birthDate, _ageOf))
            {
                _age = DateOnly.TryParseExact(birthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth) ? AgeOn(birth, feeDate) : null;
                _ageOf = birthDate;
            }

            return _age;
        }
    }

    /// <summary>True when a patient of <paramref name="age"/> may be charged <paramref name="code"/>.</summary>
    public bool AgeFits(string code, int? age) =>
        age is not { } years || !knowledge.AgeOf.TryGetValue(code, out var range) || ((range.Min is not { } min || years >= min) && (range.Max is not { } max || years <= max));

    /// <summary>Books an accepted line (clean or warning only).</summary>
    public void Record(string code, decimal count)
    {
        ArgumentNullException.ThrowIfNull(code);
        _charged[code] = _charged.GetValueOrDefault(code) + 1;
        _quantities[code] = _quantities.GetValueOrDefault(code) + count;
    }

    /// <summary>Age in whole years on <paramref name="on"/>, as the gateway counts it.</summary>
    public static int AgeOn(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        return on.Month < birth.Month || (on.Month == birth.Month && on.Day < birth.Day) ? age - 1 : age;
    }
}
