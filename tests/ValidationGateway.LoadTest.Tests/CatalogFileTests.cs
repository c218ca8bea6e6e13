using ValidationGateway.Contracts.V1;
using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Tests;

public class CatalogFileTests
{
    private const string Csv = """
        med_list_codg,name,begndate,enddate,vali_flag,chrgitm_lv,lmt_used_flag,pric_uplmt_amt,lv1_hosp_item_pric,lv3_hosp_item_pric
        XA10BAE056A001010104377,"盐酸二甲双胍片, 0.5g",2020-01-01,,1,01,0,,,
        XJ01DCF180A001010100982,头孢呋辛酯片,2020-01-01,2025-12-31,1,01,0,,,
        XJ01DCF180A001010100982,头孢呋辛酯片,2026-06-01,,1,01,0,,,
        XN05CFZ048A001010101736,酒石酸唑吡坦片,,,0,02,0,,,
        001102000010000,普通门诊诊查费,,,1,01,0,,5.00,8.00
        I10.x00x002,高血压,,,1,,,,,
        47.0100,腹腔镜下阑尾切除术,,,1,,,,,
        """;

    [Fact]
    public void Read_CatalogCsv_FeeLineCodesWithValidityAndCaps()
    {
        var items = CatalogFile.Read(new StringReader(Csv), "catalog.csv");
        Assert.Equal(5, items.Count);
        var service = items.Single(i => i.Code == "001102000010000");
        Assert.Equal(ItemType.Service, service.Type);
        Assert.Equal(5m, service.LowestCap);
        Assert.Equal(8m, service.HighestCap);
        // No level-2 column and no general cap: a level-2 hospital has no cap, so the over-price fault skips it.
        Assert.False(service.Caps.AtEveryLevel);
        Assert.Null(service.Caps.ForLevel(2));
        Assert.False(items.Single(i => i.Code == "XN05CFZ048A001010101736").Valid);
    }

    [Fact]
    public void CodePool_ValidityByFeeDate_LaterRowRevivesACode()
    {
        var items = CatalogFile.Read(new StringReader(Csv), "catalog.csv");
        var before = new CodePool(items, new DateOnly(2026, 3, 1));
        Assert.Contains(before.Expired, e => e.Item.Code == "XJ01DCF180A001010100982");
        var after = new CodePool(items, new DateOnly(2026, 11, 22));
        Assert.DoesNotContain(after.Expired, e => e.Item.Code == "XJ01DCF180A001010100982");
        Assert.Contains(after.Valid(ItemType.Drug), e => e.Item.Code == "XJ01DCF180A001010100982");
        Assert.Contains(after.Expired, e => e.Item.Code == "XN05CFZ048A001010101736");
        Assert.DoesNotContain("I10.x00x002", (IReadOnlySet<string>)after.AllCodes);
    }

    [Fact]
    public void Read_NoCodeColumn_NamesFileAndRow()
    {
        var error = Assert.Throws<FormatException>(() => CatalogFile.Read(new StringReader("code,name\nX,y\n"), "wrong.csv"));
        Assert.Contains("wrong.csv:2", error.Message, StringComparison.Ordinal);
    }
}
