using ValidationGateway.Contracts.V1;

namespace ValidationGateway.Core.Tests.Support;

public static class Requests
{
    public const string Hospital = "H21010200123";

    public static FeeDetail Line(string sn, string code, string local = "L-001", string time = "2026-11-22 09:30:00") => new()
    {
        FeedetlSn = sn,
        FeeOcurTime = time,
        MedListCodg = code,
        MedinsListCodg = local,
        Cnt = "1",
        Pric = "10.00",
        DetItemFeeSumamt = "10.00",
    };

    public static ValidateRequest Batch(params FeeDetail[] lines)
    {
        var request = new ValidateRequest
        {
            RequestId = "req-" + Guid.NewGuid().ToString("N"),
            FixmedinsCode = Hospital,
            Scene = Scene.Outpatient,
            Visit = new Visit { MdtrtId = "MD001", PsnNo = "P001", Gend = "1", Brdy = "1980-01-01" },
        };
        request.FeeDetails.Add(lines);
        return request;
    }
}
