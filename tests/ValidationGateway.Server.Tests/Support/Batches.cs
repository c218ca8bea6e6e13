using ValidationGateway.Contracts.V1;
using ValidationGateway.Server.Demo;

namespace ValidationGateway.Server.Tests.Support;

public static class Batches
{
    public const string ValidDrug = "XA10BAE056A001010104377";
    public const string ValidService = "001102000010000";
    public const string ExpiredDrug = "XJ01DCF180A001010100982";
    public const string InvalidatedDrug = "XN05CFZ048A001010101736";

    /// <summary>A line whose local code follows the demo mapping convention (HIS + national code) unless given.</summary>
    public static FeeDetail Line(string sn, string code, string? local = null, string time = "2026-11-22 09:30:00", string price = "12.90", string count = "1") => new()
    {
        FeedetlSn = sn,
        FeeOcurTime = time,
        MedListCodg = code,
        MedinsListCodg = local ?? DemoDataSet.LocalCodePrefix + code,
        Cnt = count,
        Pric = price,
        DetItemFeeSumamt = decimal.Round(decimal.Parse(count, System.Globalization.CultureInfo.InvariantCulture) * decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), 2).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture),
        BilgDrCodg = AutoDoctor,
    };

    /// <summary>Placeholder replaced by <see cref="Request"/> with a doctor registered at the request's institution.</summary>
    public const string AutoDoctor = "auto";

    /// <summary>A doctor the demo registers at a hospital: D + its division + 000001.</summary>
    public static string DoctorOf(string institution) => string.Concat("D", institution.AsSpan(1, 6), "000001");

    public static ValidateRequest Request(string institution = DemoDataSet.Hospital3, params FeeDetail[] lines)
    {
        var request = new ValidateRequest
        {
            RequestId = "t-" + Guid.NewGuid().ToString("N"),
            FixmedinsCode = institution,
            Scene = Scene.Outpatient,
            // A new visit and patient per request, so cross-batch rules only link batches a test links on purpose.
            Visit = new Visit { MdtrtId = "MDT-" + Guid.NewGuid().ToString("N")[..12], PsnNo = "PSN-" + Guid.NewGuid().ToString("N")[..12], Gend = "1", Brdy = "1970-01-01" },
        };
        foreach (var line in lines)
        {
            if (line.BilgDrCodg == AutoDoctor)
            {
                line.BilgDrCodg = institution[0] == 'H' ? DoctorOf(institution) : "";
            }
        }

        request.FeeDetails.Add(lines);
        return request;
    }
}
