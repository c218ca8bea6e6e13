using System.Globalization;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>
/// Every fault the tool knows, as data. The first six are rules the gateway checks today; the rest wait for the
/// full line audit (mappings, prices, knowledge points, per-visit memory) and are marked not implemented, so a
/// default run never counts them as misses. Adding a fault = adding a row here.
/// </summary>
internal static class FaultCatalog
{
    private static readonly string[] BadTimes = ["2026-13-45 25:61:00", "2026/11/22 09:30", "20261122093000", "", "yesterday 9am"];

    public static IReadOnlyList<FaultKind> All { get; } =
    [
        new("missing", "NATIONAL_CODE_MISSING", true, "national code (med_list_codg) left empty on a drug or service line", [], Missing),
        new("local", "LOCAL_CODE_MISSING", true, "institution-local code (medins_list_codg) left empty", [], (_, line) =>
        {
            line.MedinsListCodg = "";
            return true;
        }),
        new("malformed", "NATIONAL_CODE_MALFORMED", true, "national code of no known family, or a valid code cut short", [], Malformed),
        new("unknown", "NATIONAL_CODE_UNKNOWN", true, "well-formed national code that is not in the catalog", [], Unknown),
        new("expired", "NATIONAL_CODE_NOT_VALID_ON_DATE", true, "code in the catalog but ended or invalidated before the fee date", [], Expired),
        new("time", "FEE_TIME_INVALID", true, "fee_ocur_time not yyyy-MM-dd HH:mm:ss", [], (ctx, line) =>
        {
            line.FeeOcurTime = BadTimes[ctx.Random.Next(BadTimes.Length)];
            return true;
        }),
        new("consumable", "CONSUMABLE_CODE_MISSING", false, "separately charged consumable without a national consumable code", ["NATIONAL_CODE_MISSING"], UncodedConsumable),
        new("overprice", "PRICE_OVER_LIMIT", false, "unit price three times the highest cap of a capped item", [], OverPrice),
        new("amount", "AMOUNT_MISMATCH", false, "det_item_fee_sumamt differs from cnt × pric", [], (_, line) =>
        {
            line.DetItemFeeSumamt = (decimal.Parse(line.DetItemFeeSumamt, CultureInfo.InvariantCulture) + 10m).ToString("0.00", CultureInfo.InvariantCulture);
            return true;
        }),
        new("gender", "GENDER_RESTRICTED", false, "gender-restricted item (from --knowledge) charged for the other gender", [], Gender),
        new("age", "AGE_RESTRICTED", false, "age-restricted item (from --knowledge) charged outside its age range", [], Age),
        new("duplicate", "DUPLICATE_CHARGE", false, "once-per-visit item (from --knowledge) charged again in a later batch of the same visit", [], Duplicate),
    ];

    /// <summary>Looks a fault up by its <c>--faults</c> name.</summary>
    public static FaultKind? Find(string name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private static bool Missing(FaultContext ctx, FeeDetail line)
    {
        if (line.ItemType is ItemType.Consumable)
        {
            // A consumable without a code is its own rule (CONSUMABLE_CODE_MISSING); keep this fault unambiguous.
            if (ctx.AnyValid(ItemType.Drug) is not { } drug)
            {
                return false;
            }

            FeeLines.Fill(line, drug, ctx.Random);
        }

        line.MedListCodg = "";
        return true;
    }

    private static bool Malformed(FaultContext ctx, FeeDetail line)
    {
        var code = line.MedListCodg;
        // A cut-short code keeps its family but breaks its shape; herbal codes have no shape and service codes with a
        // provincial suffix stay well-formed when cut, so those get a code of no family instead.
        var candidate = ctx.Random.Next(2) == 0 && line.ItemType is not ItemType.Herb && !code.Contains('-', StringComparison.Ordinal) && code.Length > 5
            ? code[..^1]
            : "Q" + ctx.Digits(10);
        if (ctx.Pool.AllCodes.Contains(candidate))
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
        if (ctx.Pool.Expired.Count == 0)
        {
            return false;
        }

        FeeLines.Fill(line, ctx.Pool.Expired[ctx.Random.Next(ctx.Pool.Expired.Count)], ctx.Random);
        return true;
    }

    private static bool UncodedConsumable(FaultContext ctx, FeeDetail line)
    {
        if (ctx.AnyValid(ItemType.Consumable) is not { } consumable)
        {
            return false;
        }

        FeeLines.Fill(line, consumable, ctx.Random);
        line.MedListCodg = "";
        return true;
    }

    private static bool OverPrice(FaultContext ctx, FeeDetail line)
    {
        if (ctx.Pool.Capped.Count == 0)
        {
            return false;
        }

        var entry = ctx.Pool.Capped[ctx.Random.Next(ctx.Pool.Capped.Count)];
        FeeLines.Fill(line, entry, ctx.Random);
        FeeLines.SetAmounts(line, 1, Math.Round((entry.Item.HighestCap!.Value * 3) + 1, 2));
        return true;
    }

    private static bool Gender(FaultContext ctx, FeeDetail line)
    {
        if (ctx.VisitTaken || ctx.Knowledge.Gender.Count == 0 || ctx.Request.Visit is null)
        {
            return false;
        }

        var (code, gender) = ctx.Knowledge.Gender[ctx.Random.Next(ctx.Knowledge.Gender.Count)];
        FillKnown(ctx, line, code);
        ctx.Request.Visit.Gend = gender == "1" ? "2" : "1";
        ctx.VisitTaken = true;
        return true;
    }

    private static bool Age(FaultContext ctx, FeeDetail line)
    {
        if (ctx.VisitTaken || ctx.Knowledge.Age.Count == 0 || ctx.Request.Visit is null)
        {
            return false;
        }

        var (code, min, max) = ctx.Knowledge.Age[ctx.Random.Next(ctx.Knowledge.Age.Count)];
        int? age = max is { } hi ? hi + 5 : min is { } lo && lo > 0 ? lo - 1 : null;
        if (age is not { } years)
        {
            return false;
        }

        FillKnown(ctx, line, code);
        ctx.Request.Visit.Brdy = ctx.Pool.FeeDate.AddYears(-years).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        ctx.VisitTaken = true;
        return true;
    }

    private static bool Duplicate(FaultContext ctx, FeeDetail line)
    {
        if (ctx.VisitTaken || ctx.Knowledge.OncePerVisit.Count == 0 || ctx.Request.Visit is null)
        {
            return false;
        }

        ctx.VisitTaken = true;
        if (ctx.PrimedVisits.Remove(ctx.Institution.Code, out var primed))
        {
            // Second charge of the item in a later batch of the same visit: this one is the duplicate.
            ctx.Request.Visit = primed.Visit.Clone();
            FillKnown(ctx, line, primed.Code);
            return true;
        }

        // First charge: legitimate; remember the visit so a later batch repeats it.
        var code = ctx.Knowledge.OncePerVisit[ctx.Random.Next(ctx.Knowledge.OncePerVisit.Count)];
        FillKnown(ctx, line, code);
        ctx.PrimedVisits[ctx.Institution.Code] = (ctx.Request.Visit.Clone(), code);
        return false;
    }

    private static void FillKnown(FaultContext ctx, FeeDetail line, string code)
    {
        var item = new CatalogItem(code, CatalogItem.TypeOfCode(code) ?? ItemType.Drug, null, null, true, false, "01", null, null);
        FeeLines.Fill(line, new PoolEntry(item, "KP" + code[..Math.Min(code.Length, 20)]), ctx.Random);
    }
}
