using System.Globalization;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>
/// Every fault the tool knows, as data; each breaks exactly one rule of the line audit (README "How a line is
/// judged") and keeps the rest of the line clean, so the answer must be exactly its rule id. Adding a fault = adding
/// a row here.
/// </summary>
internal static class FaultCatalog
{
    /// <summary>The gateway's default <c>Rules:SelfPayConsentThreshold</c> (yuan).</summary>
    public const decimal SelfPayConsentThreshold = 200m;

    /// <summary>What the mapping faults need from the gateway's reference data.</summary>
    public const string Mappings = "mappings (local = prefix + national code)";

    /// <summary>What the practitioner faults need from the gateway's reference data.</summary>
    public const string Doctors = "registered doctors";

    private const string Knowledge = "knowledge points";
    private static readonly string[] BadTimes = ["2026-13-45 25:61:00", "2026/11/22 09:30", "20261122093000", "", "yesterday 9am"];

    public static IReadOnlyList<FaultKind> All { get; } =
    [
        Error("missing", "NATIONAL_CODE_MISSING", "", "national code (med_list_codg) left empty on a drug, herb or service line", Missing),
        Error("local", "LOCAL_CODE_MISSING", "", "institution-local code (medins_list_codg) left empty", (_, line) =>
        {
            line.MedinsListCodg = "";
            return true;
        }),
        Error("malformed", "NATIONAL_CODE_MALFORMED", "", "national code of no known family, or a valid code cut short", Malformed),
        Error("unknown", "NATIONAL_CODE_UNKNOWN", "", "well-formed national code that is not in the catalog", Unknown),
        Error("expired", "NATIONAL_CODE_NOT_VALID_ON_DATE", "", "code in the catalog but ended or invalidated before the fee date", Expired),
        Error("time", "FEE_TIME_INVALID", "", "fee_ocur_time not yyyy-MM-dd HH:mm:ss", (ctx, line) =>
        {
            line.FeeOcurTime = BadTimes[ctx.Random.Next(BadTimes.Length)];
            return true;
        }),
        Error("consumable", "CONSUMABLE_CODE_MISSING", "", "separately charged consumable (item_type consumable) without a national code", UncodedConsumable),
        Error("overprice", "PRICE_OVER_LIMIT", "", "unit price three times the highest cap (+1) of an item capped at every level", OverPrice),
        Error("amount", "AMOUNT_MISMATCH", "", "det_item_fee_sumamt 10.00 off cnt × pric", (_, line) =>
        {
            line.DetItemFeeSumamt = (decimal.Parse(line.DetItemFeeSumamt, CultureInfo.InvariantCulture) + 10m).ToString("0.00", CultureInfo.InvariantCulture);
            return true;
        }),
        Error("quantity-invalid", "QUANTITY_INVALID", "", "cnt 0, or negative without init_feedetl_sn (amount kept consistent)", QuantityInvalid),
        Error("mapping-unregistered", "MAPPING_UNREGISTERED", Mappings, "local code the institution never mapped", (ctx, line) =>
        {
            line.MedinsListCodg = ctx.Pool.LocalPrefix + "UNMAPPED" + ctx.Digits(8);
            return true;
        }),
        Error("mapping-mismatch", "MAPPING_MISMATCH", Mappings, "local code mapped to another national code of the same type", MappingMismatch),
        Error("doctor-missing", "DOCTOR_CODE_MISSING", Doctors, "bilg_dr_codg left empty on a hospital line", (ctx, line) =>
        {
            if (ctx.Plan.Pharmacy)
            {
                return false;
            }

            line.BilgDrCodg = "";
            return true;
        }),
        Error("doctor-unregistered", "DOCTOR_NOT_REGISTERED", Doctors, "well-formed doctor code (D + division + 99xxxx) the hospital never registered", (ctx, line) =>
        {
            if (ctx.Plan.Pharmacy)
            {
                return false;
            }

            line.BilgDrCodg = "D" + ctx.Division + "99" + ctx.Digits(4);
            return true;
        }),
        Error("gender", "GENDER_RESTRICTED", Knowledge, "gender-restricted item charged for the other gender", Gender),
        Error("age", "AGE_RESTRICTED", Knowledge, "age-restricted item charged outside its age range", Age),
        Error("duplicate", "DUPLICATE_CHARGE", Knowledge, "once-per-visit item charged again in a later batch of the same visit", Duplicate),
        Error("frequency", "FREQUENCY_EXCEEDED", Knowledge, "item with a daily limit charged over it for the patient (one line, cnt = what is left + 1)", Frequency),
        Error("self-pay-consent", "SELF_PAY_CONSENT_REQUIRED", "a class-03 item", "self-pay item priced over the consent threshold (200) without self_pay_consent", SelfPayConsent),
        new("restricted-use", "RESTRICTED_USE_UNAPPROVED", Verdict.Warn, "a restricted-use item", "restricted-use item without hospital approval (hosp_appr_flag 0): a warning", [], RestrictedUse),
    ];

    /// <summary>Looks a fault up by its <c>--faults</c> name.</summary>
    public static FaultKind? Find(string name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private static FaultKind Error(string name, string rule, string requires, string description, Func<FaultContext, FeeDetail, bool> apply) =>
        new(name, rule, Verdict.Reject, requires, description, [], apply);

    private static bool Missing(FaultContext ctx, FeeDetail line)
    {
        if (line.ItemType is ItemType.Consumable)
        {
            // A consumable without a code is its own rule (CONSUMABLE_CODE_MISSING); keep this fault unambiguous.
            if (ctx.AnyAllowed(ItemType.Drug) is not { } drug)
            {
                return false;
            }

            FeeLines.Fill(line, drug, ctx.Random, 1);
        }

        line.MedListCodg = "";
        return true;
    }

    private static bool Malformed(FaultContext ctx, FeeDetail line)
    {
        var code = line.MedListCodg;
        // A cut-short code keeps its family but breaks its shape; herbal codes have no shape and service codes with a
        // provincial suffix stay well-formed when cut, so those get a code of no family instead. A consumable line
        // keeps a consumable-family code (else the gateway also says CONSUMABLE_CODE_MISSING).
        var cut = line.ItemType is not ItemType.Herb && !code.Contains('-', StringComparison.Ordinal) && code.Length > 5;
        var candidate = cut && (line.ItemType is ItemType.Consumable || ctx.Random.Next(2) == 0)
            ? code[..^1]
            : "Q" + ctx.Digits(10);
        if (ctx.Pool.AllCodes.Contains(candidate) || (line.ItemType is ItemType.Consumable && !cut))
        {
            return false;
        }

        line.MedListCodg = candidate;
        return true;
    }

    private static bool Unknown(FaultContext ctx, FeeDetail line)
    {
        // Shapes that are valid but unused by real catalogs: ATC group Z, service chapter 99, consumable class 17 with a 9999 group.
        var candidate = line.ItemType switch
        {
            ItemType.Service => "99" + ctx.Digits(13),
            ItemType.Consumable => "C179999" + ctx.Digits(13),
            _ => "XZ99ZZZ999Z999" + ctx.Digits(9),
        };
        if (ctx.Pool.AllCodes.Contains(candidate))
        {
            return false;
        }

        line.MedListCodg = candidate;
        if (line.ItemType is ItemType.Herb)
        {
            line.ItemType = ItemType.Drug;
        }

        return true;
    }

    private static bool Expired(FaultContext ctx, FeeDetail line)
    {
        if (ctx.PickFitting(ctx.Pool.Expired, e => ctx.Plan.MayCharge(e.Item.Type)) is not { } entry)
        {
            return false;
        }

        FeeLines.Fill(line, entry, ctx.Random, 1);
        return true;
    }

    private static bool UncodedConsumable(FaultContext ctx, FeeDetail line)
    {
        if (ctx.AnyAllowed(ItemType.Consumable) is not { } consumable)
        {
            return false;
        }

        FeeLines.Fill(line, consumable, ctx.Random, 1);
        line.MedListCodg = "";
        return true;
    }

    private static bool OverPrice(FaultContext ctx, FeeDetail line)
    {
        if (ctx.PickFitting(ctx.Pool.Capped, e => ctx.Plan.Allows(e.Item, 1)) is not { } entry)
        {
            return false;
        }

        FeeLines.Fill(line, entry, ctx.Random, 1);
        FeeLines.SetAmounts(line, 1, Math.Round((entry.Item.HighestCap!.Value * 3) + 1, 2));
        return true;
    }

    private static bool QuantityInvalid(FaultContext ctx, FeeDetail line)
    {
        var price = decimal.Parse(line.Pric, CultureInfo.InvariantCulture);
        // 0, or a negative count that is not a refund of an earlier line (no init_feedetl_sn); the amount agrees either way.
        FeeLines.SetAmounts(line, ctx.Random.Next(2) == 0 ? 0 : -1, price);
        return true;
    }

    private static bool MappingMismatch(FaultContext ctx, FeeDetail line)
    {
        var code = line.MedListCodg;
        if (ctx.PickFitting(ctx.Pool.Valid(line.ItemType), e => e.Item.Code != code) is not { } other)
        {
            return false;
        }

        line.MedinsListCodg = other.LocalCode;
        return true;
    }

    private static bool Gender(FaultContext ctx, FeeDetail line)
    {
        var visit = ctx.Request.Visit;
        var candidates = ctx.Knowledge.Gender.Where(g => ctx.Pool.Find(g.Code) is { } e && ctx.Plan.Allows(e.Item, 1, ignoreGender: true)).ToList();
        if (visit is null || candidates.Count == 0)
        {
            return false;
        }

        var (code, gender) = candidates[ctx.Random.Next(candidates.Count)];
        if (visit.Gend == gender)
        {
            // Make the patient the other gender, unless the visit is fixed or an earlier line needs this gender.
            var other = gender == "1" ? "2" : "1";
            if (ctx.VisitTaken || ctx.Request.FeeDetails.Any(l => ctx.Knowledge.GenderOf.TryGetValue(l.MedListCodg, out var g) && g != other))
            {
                return false;
            }

            visit.Gend = other;
        }

        // This line now needs the patient's gender as it is: a later gender fault (an item for the other gender) must not
        // change it back, or this line would fit its item.
        ctx.VisitTaken = true;
        FeeLines.Fill(line, ctx.Pool.Find(code)!, ctx.Random, 1);
        return true;
    }

    private static bool Age(FaultContext ctx, FeeDetail line)
    {
        var visit = ctx.Request.Visit;
        var candidates = ctx.Knowledge.Age.Where(a => ctx.Pool.Find(a.Code) is { } e && ctx.Plan.Allows(e.Item, 1, ignoreAge: true)).ToList();
        if (visit is null || candidates.Count == 0)
        {
            return false;
        }

        var (code, min, max) = candidates[ctx.Random.Next(candidates.Count)];
        if (ctx.Plan.AgeFits(code, ctx.Plan.Age))
        {
            // Make the patient older than the range (or younger than it), unless the visit is fixed or an earlier line needs the age.
            int? age = max is { } hi ? hi + 5 : min is { } lo && lo > 0 ? lo - 1 : null;
            if (age is not { } years || ctx.VisitTaken || ctx.Request.FeeDetails.Any(l => !ctx.Plan.AgeFits(l.MedListCodg, years)))
            {
                return false;
            }

            visit.Brdy = ctx.Plan.FeeDate.AddYears(-years).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        // This line now needs the patient's age as it is (a later age fault must not move it into this item's range).
        ctx.VisitTaken = true;
        FeeLines.Fill(line, ctx.Pool.Find(code)!, ctx.Random, 1);
        return true;
    }

    private static bool Duplicate(FaultContext ctx, FeeDetail line)
    {
        if (ctx.Continues is { } continued)
        {
            // A later batch of a primed visit: the item again, on the line picked for it.
            if (ctx.LineIndex != ctx.RepeatLine || ctx.Pool.Find(continued.Code) is not { } again || !ctx.Plan.Allows(again.Item, 1, ignoreRepeat: true))
            {
                return false;
            }

            FeeLines.Fill(line, again, ctx.Random, 1);
            ctx.PrimedVisits.Remove(ctx.Institution.Code);
            return true;
        }

        if (ctx.PrimedVisits.TryGetValue(ctx.Institution.Code, out var primed))
        {
            // Ask for the repeat: the next batch of this institution continues that visit.
            primed.WantRepeat = true;
            return false;
        }

        if (ctx.Primed is not null || ctx.Request.Visit is null
            || ctx.PickFitting([.. ctx.Knowledge.OncePerVisit.Select(ctx.Pool.Find).OfType<PoolEntry>()], e => ctx.Plan.Allows(e.Item, 1)) is not { } first)
        {
            return false;
        }

        // First charge: legitimate (the line stays clean); remember the visit so a later batch repeats it.
        FeeLines.Fill(line, first, ctx.Random, 1);
        ctx.Primed = new PrimedVisit(ctx.Request.Visit, ctx.Plan, first.Item.Code, ctx.Sequence);
        ctx.PrimedVisits[ctx.Institution.Code] = ctx.Primed;
        return false;
    }

    private static bool Frequency(FaultContext ctx, FeeDetail line)
    {
        var candidates = ctx.Knowledge.MaxPerDay
            .Where(m => m.Value < 10_000 && ctx.Pool.Find(m.Key) is { } e && ctx.Plan.Allows(e.Item, 1, ignoreQuantity: true))
            .ToList();
        if (candidates.Count == 0)
        {
            return false;
        }

        var (code, max) = candidates[ctx.Random.Next(candidates.Count)];
        var count = (int)Math.Floor(max - ctx.Plan.Used(code)) + 1;
        FeeLines.Fill(line, ctx.Pool.Find(code)!, ctx.Random, Math.Max(count, 1));
        return true;
    }

    private static bool SelfPayConsent(FaultContext ctx, FeeDetail line)
    {
        var low = SelfPayConsentThreshold + 1m;
        if (ctx.PickFitting(ctx.Pool.SelfPay, e => ctx.Plan.Allows(e.Item, 1) && (e.Item.LowestCap is not { } cap || cap >= low)) is not { } entry)
        {
            return false;
        }

        FeeLines.Fill(line, entry, ctx.Random, 1);
        var high = Math.Min(entry.Item.LowestCap ?? 500m, 500m);
        FeeLines.SetAmounts(line, 1, Math.Round(low + ((high - low) * (decimal)ctx.Random.NextDouble()), 2, MidpointRounding.ToZero));
        line.SelfPayConsent = false;
        return true;
    }

    private static bool RestrictedUse(FaultContext ctx, FeeDetail line)
    {
        if (ctx.PickFitting(ctx.Pool.Restricted, e => ctx.Plan.Allows(e.Item, 1)) is not { } entry)
        {
            return false;
        }

        FeeLines.Fill(line, entry, ctx.Random, 1);
        line.HospApprFlag = "0";
        return true;
    }
}
