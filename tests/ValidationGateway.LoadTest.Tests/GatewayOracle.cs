using System.Globalization;
using System.Text.RegularExpressions;
using ValidationGateway.Contracts.V1;
using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Tests;

/// <summary>
/// The gateway's line rules as README.md states them ("How a line is judged"), restated independently of the tool,
/// with the code shapes of code-families.default.json: what the gateway should answer for a line.
/// </summary>
internal static partial class GatewayOracle
{
    public static List<string> Judge(FeeDetail line, IReadOnlyList<CatalogItem> catalog)
    {
        var findings = new List<string>();
        var hasTime = DateTime.TryParseExact(line.FeeOcurTime, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time);
        if (!hasTime)
        {
            findings.Add("FEE_TIME_INVALID");
        }

        if (line.MedinsListCodg.Length == 0)
        {
            findings.Add("LOCAL_CODE_MISSING");
        }

        if (line.MedListCodg.Length == 0)
        {
            findings.Add("NATIONAL_CODE_MISSING");
            return findings;
        }

        var rows = catalog.Where(c => c.Code == line.MedListCodg).ToList();
        if (rows.Count == 0)
        {
            findings.Add(WellFormed(line.MedListCodg) ? "NATIONAL_CODE_UNKNOWN" : "NATIONAL_CODE_MALFORMED");
        }
        else if (hasTime && !rows.Any(r => r.IsValidOn(DateOnly.FromDateTime(time))))
        {
            findings.Add("NATIONAL_CODE_NOT_VALID_ON_DATE");
        }

        return findings;
    }

    private static bool WellFormed(string code) => code[0] switch
    {
        'X' => WesternDrug().IsMatch(code),
        'Z' => PatentDrug().IsMatch(code),
        'T' or 'J' => true,
        'C' when char.IsAsciiDigit(code[1]) => ConsumableCode().IsMatch(code),
        _ when char.IsAsciiDigit(code[0]) => ServiceItem().IsMatch(code) && code.Length <= 50,
        _ => false,
    };

    [GeneratedRegex(@"^X[A-Z]\d{2}[A-Z]{2}[A-Z]\d{3}[A-Z]\d{3}\d{4}\d{5}$")]
    private static partial Regex WesternDrug();

    [GeneratedRegex(@"^Z[A-Z]\d{2}[A-Z]{2}[A-Z]\d{4}\d{4}\d{5}$")]
    private static partial Regex PatentDrug();

    [GeneratedRegex(@"^C(0[1-9]|1[0-7])\d{17}(\d{7})?$")]
    private static partial Regex ConsumableCode();

    [GeneratedRegex(@"^\d{15}(-[0-9A-Za-z/\-]+)?$")]
    private static partial Regex ServiceItem();
}
