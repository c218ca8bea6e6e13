using System.Globalization;
using System.Text.RegularExpressions;
using ValidationGateway.Contracts.V1;
using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Tests;

/// <summary>
/// The gateway's line audit as README.md ("How a line is judged") and BatchValidator state it, restated independently
/// of the tool for the demo data (DemoDataSet: institutions and levels, HIS mappings, registered doctors and
/// pharmacists, knowledge points), with the code shapes of code-families.default.json and the per-visit and
/// per-patient-day memory: what the gateway should answer for each line of a stream of batches.
/// </summary>
internal sealed partial class GatewayOracle
{
    private const decimal SelfPayThreshold = 200m;

    private static readonly Dictionary<string, (int Level, bool Pharmacy)> Institutions = new(StringComparer.Ordinal)
    {
        ["H21010200123"] = (3, false),
        ["H21010200045"] = (2, false),
        ["H21010300018"] = (1, false),
        ["P45010301036"] = (1, true),
    };

    // DemoDataSet.KnowledgePoints.
    private static readonly Dictionary<string, string> GenderOnly = new(StringComparer.Ordinal) { ["ZD03AAA0043010100166"] = "2", ["XA11CCA351E002010101121"] = "2" };
    private static readonly Dictionary<string, int> AgeMax = new(StringComparer.Ordinal) { ["XN02BEB055X003010100129"] = 17 };
    private static readonly Dictionary<string, decimal> PerDay = new(StringComparer.Ordinal) { ["001201000010000"] = 4, ["002501030010000"] = 2 };
    private static readonly (string A, string B, string Rule)[] Pairs =
    [
        ("001102000010000", "001102000020000", "DUPLICATE_CHARGE"),
        ("001102000010000", "001102000010000", "DUPLICATE_CHARGE"),
        ("001201000010000", "C1402010020000101234", "CONSUMABLE_NOT_SEPARATELY_CHARGEABLE"),
    ];

    private readonly IReadOnlyList<CatalogItem> _catalog;
    private readonly Dictionary<string, Dictionary<string, int>> _visits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _selfPay = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, DateOnly), Dictionary<string, decimal>> _days = [];

    public GatewayOracle(IReadOnlyList<CatalogItem> catalog) => _catalog = catalog;

    /// <summary>Batch-level findings, and per line its findings (rule ids) and verdict.</summary>
    public (List<string> Batch, List<(List<string> Rules, Verdict Verdict)> Lines) Judge(ValidateRequest request)
    {
        var (level, pharmacy) = Institutions[request.FixmedinsCode];
        var division = request.FixmedinsCode.Substring(1, 6);
        var visit = request.Visit;
        var batch = new List<string>();
        if (pharmacy && (visit.PharCodg.Length == 0 || !Registered(visit.PharCodg, 'Y', division, 3)))
        {
            batch.Add(visit.PharCodg.Length == 0 ? "PHARMACIST_CODE_MISSING" : "PHARMACIST_NOT_REGISTERED");
        }

        if (!_visits.TryGetValue(visit.MdtrtId, out var charged))
        {
            _visits[visit.MdtrtId] = charged = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        var lines = new List<(List<string>, Verdict)>();
        foreach (var line in request.FeeDetails)
        {
            var (rules, warning) = JudgeLine(line, request, level, pharmacy, division, charged);
            lines.Add((rules, rules.Count == 0 ? Verdict.Pass : rules.All(warning.Contains) ? Verdict.Warn : Verdict.Reject));
        }

        return (batch, lines);
    }

    private (List<string> Rules, HashSet<string> Warnings) JudgeLine(FeeDetail line, ValidateRequest request, int level, bool pharmacy, string division, Dictionary<string, int> charged)
    {
        var f = new List<string>();
        var warnings = new HashSet<string>(StringComparer.Ordinal) { "RESTRICTED_USE_UNAPPROVED" };
        DateOnly? day = DateTime.TryParseExact(line.FeeOcurTime, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? DateOnly.FromDateTime(time) : null;
        if (day is null)
        {
            f.Add("FEE_TIME_INVALID");
        }

        var local = line.MedinsListCodg;
        if (local.Length == 0)
        {
            f.Add("LOCAL_CODE_MISSING");
        }

        var code = line.MedListCodg;
        var consumable = line.ItemType == ItemType.Consumable
            || (line.ItemType == ItemType.Unspecified && CatalogItem.TypeOfCode(MappedTo(local, pharmacy) ?? code) == ItemType.Consumable);

        // Amounts, once any is sent.
        var amountsSent = line.Cnt.Length + line.Pric.Length + line.DetItemFeeSumamt.Length > 0;
        var hasCount = decimal.TryParse(line.Cnt, NumberStyles.Number, CultureInfo.InvariantCulture, out var count);
        var hasPrice = decimal.TryParse(line.Pric, NumberStyles.Number, CultureInfo.InvariantCulture, out var price) && price >= 0;
        var hasAmount = decimal.TryParse(line.DetItemFeeSumamt, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount);
        if (amountsSent)
        {
            if (!hasCount || count == 0 || (count < 0 && line.InitFeedetlSn.Length == 0))
            {
                f.Add("QUANTITY_INVALID");
                hasCount = hasCount && count != 0;
            }

            if (!hasPrice || !hasAmount)
            {
                f.Add("AMOUNT_MISMATCH");
            }
            else if (hasCount && Math.Abs(amount - Math.Round(count * price, 2, MidpointRounding.AwayFromZero)) > 0.01m)
            {
                f.Add("AMOUNT_MISMATCH");
            }
        }

        if (!pharmacy && request.Scene != Scene.Pharmacy)
        {
            var doctor = line.BilgDrCodg;
            if (doctor.Length == 0)
            {
                f.Add("DOCTOR_CODE_MISSING");
            }
            else if (!DoctorShape().IsMatch(doctor))
            {
                f.Add("DOCTOR_CODE_MALFORMED");
            }
            else if (!Registered(doctor, 'D', division, 9) && doctor != "D210102000123")
            {
                f.Add("DOCTOR_NOT_REGISTERED");
            }
        }

        if (code.Length == 0)
        {
            f.Add(consumable ? "CONSUMABLE_CODE_MISSING" : "NATIONAL_CODE_MISSING");
            return (f, warnings);
        }

        if (consumable && !(code[0] == 'C' && code.Length > 1 && char.IsAsciiDigit(code[1])))
        {
            f.Add("CONSUMABLE_CODE_MISSING");
        }

        var rows = _catalog.Where(c => c.Code == code).ToList();
        if (rows.Count == 0)
        {
            f.Add(WellFormed(code) ? "NATIONAL_CODE_UNKNOWN" : "NATIONAL_CODE_MALFORMED");
            return (f, warnings);
        }

        var item = day is { } d ? rows.FirstOrDefault(r => r.IsValidOn(d)) : rows[0];
        if (item is null)
        {
            f.Add("NATIONAL_CODE_NOT_VALID_ON_DATE");
            return (f, warnings);
        }

        if (local.Length > 0)
        {
            var mapped = MappedTo(local, pharmacy);
            if (mapped is null)
            {
                f.Add("MAPPING_UNREGISTERED");
            }
            else if (mapped != code)
            {
                f.Add("MAPPING_MISMATCH");
            }
        }

        var caps = item.Caps;
        var cap = level switch
        {
            1 when caps.Level1 is not null => caps.Level1,
            2 when caps.Level2 is not null => caps.Level2,
            3 when caps.Level3 is not null => caps.Level3,
            _ => caps.General,
        };
        if (cap is { } c && hasPrice && price > c)
        {
            f.Add("PRICE_OVER_LIMIT");
        }

        if (item.Restricted && line.HospApprFlag != "1")
        {
            f.Add("RESTRICTED_USE_UNAPPROVED");
        }

        var visit = request.Visit;
        if (GenderOnly.TryGetValue(code, out var gender) && visit.Gend is "1" or "2" && visit.Gend != gender)
        {
            f.Add("GENDER_RESTRICTED");
        }

        if (day is { } on && AgeMax.TryGetValue(code, out var max) && DateOnly.TryParseExact(visit.Brdy, "yyyy-MM-dd", out var birth))
        {
            var age = on.Year - birth.Year - (on.Month < birth.Month || (on.Month == birth.Month && on.Day < birth.Day) ? 1 : 0);
            if (age > max)
            {
                f.Add("AGE_RESTRICTED");
            }
        }

        var selfPay = item.ChargeLevel == "03";
        if (selfPay && !line.SelfPayConsent && ((hasPrice && price > SelfPayThreshold) || (hasAmount && _selfPay.GetValueOrDefault(visit.MdtrtId) + amount > SelfPayThreshold)))
        {
            f.Add("SELF_PAY_CONSENT_REQUIRED");
        }

        foreach (var (a, b, rule) in Pairs)
        {
            var other = a == code ? b : b == code ? a : null;
            if (other is not null && charged.ContainsKey(other) && !f.Contains(rule))
            {
                f.Add(rule);
            }
        }

        Dictionary<string, decimal>? quantities = null;
        if (day is { } today && hasCount && PerDay.TryGetValue(code, out var perDay))
        {
            if (!_days.TryGetValue((visit.PsnNo, today), out quantities))
            {
                _days[(visit.PsnNo, today)] = quantities = new Dictionary<string, decimal>(StringComparer.Ordinal);
            }

            if (quantities.GetValueOrDefault(code) + count > perDay)
            {
                f.Add("FREQUENCY_EXCEEDED");
            }
        }

        if (f.All(warnings.Contains))
        {
            // Only accepted lines are remembered.
            charged[code] = charged.GetValueOrDefault(code) + 1;
            if (selfPay && hasAmount)
            {
                _selfPay[visit.MdtrtId] = _selfPay.GetValueOrDefault(visit.MdtrtId) + amount;
            }

            if (quantities is not null)
            {
                quantities[code] = quantities.GetValueOrDefault(code) + count;
            }
        }

        return (f, warnings);
    }

    private string? MappedTo(string local, bool pharmacy)
    {
        // Every catalog row the institution may charge, under HIS + national code (DemoDataSet.BuildMappings).
        if (!local.StartsWith("HIS", StringComparison.Ordinal))
        {
            return null;
        }

        var national = local[3..];
        var row = _catalog.FirstOrDefault(c => c.Code == national);
        return row is not null && (!pharmacy || row.Type is ItemType.Drug or ItemType.Herb) ? national : null;
    }

    private static bool Registered(string code, char prefix, string division, int count) =>
        code.Length == 13 && code[0] == prefix && code.Substring(1, 6) == division
        && int.TryParse(code.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= count;

    private static bool WellFormed(string code) => code[0] switch
    {
        'X' => WesternDrug().IsMatch(code),
        'Z' => PatentDrug().IsMatch(code),
        'T' or 'J' => true,
        'C' when char.IsAsciiDigit(code[1]) => ConsumableCode().IsMatch(code),
        _ when char.IsAsciiDigit(code[0]) => ServiceItem().IsMatch(code) && code.Length <= 50,
        _ => false,
    };

    [GeneratedRegex(@"^D\d{12}$")]
    private static partial Regex DoctorShape();

    [GeneratedRegex(@"^X[A-Z]\d{2}[A-Z]{2}[A-Z]\d{3}[A-Z]\d{3}\d{4}\d{5}$")]
    private static partial Regex WesternDrug();

    [GeneratedRegex(@"^Z[A-Z]\d{2}[A-Z]{2}[A-Z]\d{4}\d{4}\d{5}$")]
    private static partial Regex PatentDrug();

    [GeneratedRegex(@"^C(0[1-9]|1[0-7])\d{17}(\d{7})?$")]
    private static partial Regex ConsumableCode();

    [GeneratedRegex(@"^\d{15}(-[0-9A-Za-z/\-]+)?$")]
    private static partial Regex ServiceItem();
}
