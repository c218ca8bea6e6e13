using System.Globalization;
using ValidationGateway.Contracts.V1;

namespace ValidationGateway.LoadTest.Traffic;

/// <summary>Fills a fee line so it passes every rule the gateway has or plans: price within the lowest cap, amount = count × price, approval on restricted items, consent on self-pay items.</summary>
internal static class FeeLines
{
    public static void Fill(FeeDetail line, PoolEntry entry, Random random)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(random);
        var item = entry.Item;
        var count = item.Type == ItemType.Herb ? random.Next(3, 16) : random.Next(1, 4);
        var price = item.LowestCap is { } cap
            ? Math.Round(cap * (decimal)(0.5 + (random.NextDouble() * 0.5)), 2, MidpointRounding.ToZero)
            : Math.Round((decimal)(0.5 + (random.NextDouble() * 79.5)), 2);
        line.MedListCodg = item.Code;
        line.MedinsListCodg = entry.LocalCode;
        line.ItemType = item.Type;
        line.HospApprFlag = item.Restricted ? "1" : "";
        line.SelfPayConsent = item.ChargeLevel == "03";
        SetAmounts(line, count, Math.Max(price, 0.01m));
    }

    public static void SetAmounts(FeeDetail line, int count, decimal price)
    {
        ArgumentNullException.ThrowIfNull(line);
        line.Cnt = count.ToString(CultureInfo.InvariantCulture);
        line.Pric = price.ToString("0.00", CultureInfo.InvariantCulture);
        line.DetItemFeeSumamt = (count * price).ToString("0.00", CultureInfo.InvariantCulture);
    }
}
