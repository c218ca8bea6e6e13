using ValidationGateway.Contracts.V1;
using ValidationGateway.Server.Demo;

namespace ValidationGateway.Server.Tests.Support;

public static class Batches
{
    public const string ValidDrug = "XA10BAE056A001010104377";
    public const string ValidService = "001102000010000";
    public const string ExpiredDrug = "XJ01DCF180A001010100982";
    public const string InvalidatedDrug = "XN05CFZ048A001010101736";

    public static FeeDetail Line(string sn, string code, string local = "L-1", string time = "2026-11-22 09:30:00") => new()
    {
        FeedetlSn = sn,
        FeeOcurTime = time,
        MedListCodg = code,
        MedinsListCodg = local,
        Cnt = "1",
        Pric = "12.90",
        DetItemFeeSumamt = "12.90",
    };

    public static ValidateRequest Request(string institution = DemoDataSet.Hospital3, params FeeDetail[] lines)
    {
        var request = new ValidateRequest
        {
            RequestId = "t-" + Guid.NewGuid().ToString("N"),
            FixmedinsCode = institution,
            Scene = Scene.Outpatient,
            Visit = new Visit { MdtrtId = "MDT1", PsnNo = "PSN-TEST", Gend = "1", Brdy = "1970-01-01" },
        };
        request.FeeDetails.Add(lines);
        return request;
    }
}
