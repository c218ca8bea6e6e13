using System.Globalization;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>
/// Fills a fee line so it passes every line rule: local code by the mapping convention, price within the lowest cap,
/// amount = round(cnt × pric, 2), approval on restricted items, consent on self-pay items.
/// </summary>
internal static class FeeLines
{
    /// <summary>A realistic count for an item: herbs 3–15 doses, else 1–3.</summary>
    public static int Count(CatalogItem item, Random random)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(random);
        return item.Type == ItemType.Herb ? random.Next(3, 16) : random.Next(1, 4);
    }

    public static void Fill(FeeDetail line, PoolEntry entry, Random random, int count)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(random);
        var item = entry.Item;
        var price = item.LowestCap is { } cap
            ? Math.Round(cap * (decimal)(0.5 + (random.NextDouble() * 0.5)), 2, MidpointRounding.ToZero)
            : Math.Round((decimal)(0.5 + (random.NextDouble() * 79.5)), 2);
        line.MedListCodg = item.Code;
        line.MedinsListCodg = entry.LocalCode;
        line.ItemType = item.Type;
        line.HospApprFlag = item.Restricted ? "1" : "";
        line.SelfPayConsent = item.SelfPay;
        SetAmounts(line, count, Math.Max(price, 0.01m));
    }

    public static void SetAmounts(FeeDetail line, int count, decimal price)
    {
        ArgumentNullException.ThrowIfNull(line);
        line.Cnt = count.ToString(CultureInfo.InvariantCulture);
        // "F2", not "0.00": the same text for these non-negative amounts, without the custom-format parser on every line.
        line.Pric = price.ToString("F2", CultureInfo.InvariantCulture);
        line.DetItemFeeSumamt = Math.Round(count * price, 2, MidpointRounding.AwayFromZero).ToString("F2", CultureInfo.InvariantCulture);
    }
}
