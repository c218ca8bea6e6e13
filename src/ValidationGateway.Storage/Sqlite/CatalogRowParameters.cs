using Microsoft.Data.Sqlite;
using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Storage.Sqlite;

/// <summary>The catalog row parameters of a prepared insert (<c>$code</c>, <c>$name</c>, <c>$begndate</c>, <c>$enddate</c>,
/// <c>$vali_flag</c>, <c>$chrgitm_lv</c>, <c>$lmt_used_flag</c>, <c>$pric_uplmt_amt</c>, <c>$lv1</c>–<c>$lv3</c>), bound row by row.</summary>
internal sealed class CatalogRowParameters
{
    private readonly SqliteParameter _code;
    private readonly SqliteParameter _name;
    private readonly SqliteParameter _beginDate;
    private readonly SqliteParameter _endDate;
    private readonly SqliteParameter _valid;
    private readonly SqliteParameter _chargeLevel;
    private readonly SqliteParameter _restricted;
    private readonly SqliteParameter _priceCap;
    private readonly SqliteParameter _level1;
    private readonly SqliteParameter _level2;
    private readonly SqliteParameter _level3;

    /// <summary>Adds the parameters to <paramref name="command"/>; prepare it afterwards.</summary>
    public CatalogRowParameters(SqliteCommand command)
    {
        _code = command.Parameters.Add("$code", SqliteType.Text);
        _name = command.Parameters.Add("$name", SqliteType.Text);
        _beginDate = command.Parameters.Add("$begndate", SqliteType.Text);
        _endDate = command.Parameters.Add("$enddate", SqliteType.Text);
        _valid = command.Parameters.Add("$vali_flag", SqliteType.Integer);
        _chargeLevel = command.Parameters.Add("$chrgitm_lv", SqliteType.Text);
        _restricted = command.Parameters.Add("$lmt_used_flag", SqliteType.Integer);
        _priceCap = command.Parameters.Add("$pric_uplmt_amt", SqliteType.Text);
        _level1 = command.Parameters.Add("$lv1", SqliteType.Text);
        _level2 = command.Parameters.Add("$lv2", SqliteType.Text);
        _level3 = command.Parameters.Add("$lv3", SqliteType.Text);
    }

    /// <summary>Sets every parameter from <paramref name="row"/>.</summary>
    public void Bind(CatalogRow row)
    {
        _code.Value = row.Code;
        _name.Value = row.Name;
        _beginDate.Value = SqliteValues.Date(row.BeginDate);
        _endDate.Value = SqliteValues.Date(row.EndDate);
        _valid.Value = row.Valid ? 1 : 0;
        _chargeLevel.Value = row.ChargeLevel;
        _restricted.Value = row.RestrictedUse ? 1 : 0;
        _priceCap.Value = SqliteValues.Decimal(row.PriceCap);
        _level1.Value = SqliteValues.Decimal(row.Level1Price);
        _level2.Value = SqliteValues.Decimal(row.Level2Price);
        _level3.Value = SqliteValues.Decimal(row.Level3Price);
    }
}
