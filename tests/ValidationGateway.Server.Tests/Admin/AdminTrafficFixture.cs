using ValidationGateway.Contracts.V1;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Reports;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Admin;

/// <summary>
/// A gateway that has been sent a known mix of batches over gRPC for several institutions, including a retry of
/// one request id: what the report, the exports and the pages must show, and nothing else.
/// </summary>
public sealed class AdminTrafficFixture : IAsyncLifetime
{
    private const string Consultation = "001102000010000"; // caps 8 / 6.5 / 5 by level
    private const string Restricted = "XA11CCA351E002010101121"; // restricted use, female only
    private const string UnknownDrug = "XA10BAE056A001010109999";

    public GatewayFixture Gateway { get; } = new();

    /// <summary>The business day (UTC+8) the batches were sent on.</summary>
    public DateOnly Day { get; private set; }

    /// <summary>Answers received, in send order (the retry included).</summary>
    public List<ValidateResponse> Responses { get; } = [];

    /// <summary>What each institution's row must say for <see cref="Day"/>.</summary>
    public static IReadOnlyDictionary<string, Expected> Rows { get; } = new Dictionary<string, Expected>
    {
        // b1: pass, unmapped local code (reject), consultation 9.00 over the level-3 cap 8.00 (reject, 1.00 over);
        // b2 (sent twice): restricted drug without approval (warn), pass; b3: national code not in the catalog (reject).
        [DemoDataSet.Hospital3] = new(3, 6, 5, 2, 1, 3, 73.50m, 34.80m, 1.00m),
        // b4: two passing lines; b5: consultation 8.00 over the level-2 cap 6.50 (reject, 1.50 over).
        [DemoDataSet.Hospital2] = new(2, 3, 3, 2, 0, 1, 33.80m, 8.00m, 1.50m),
        // b6: a pharmacy sale with a registered pharmacist.
        [DemoDataSet.Pharmacy] = new(1, 1, 1, 1, 0, 0, 12.90m, 0m, 0m),
        // No traffic at all: listed with zeros.
        [DemoDataSet.Hospital1] = new(0, 0, 0, 0, 0, 0, 0m, 0m, 0m),
    };

    /// <summary>Rows in the overview's default order: reject share, worst first.</summary>
    public static IReadOnlyList<string> WorstFirst { get; } = [DemoDataSet.Hospital3, DemoDataSet.Hospital2, DemoDataSet.Pharmacy, DemoDataSet.Hospital1];

    public async Task InitializeAsync()
    {
        await Gateway.InitializeAsync();
        var before = BusinessDay.Today(TimeProvider.System);

        var b1 = Request(DemoDataSet.Hospital3, Line("1", ValidDrug), Line("2", ValidDrug, local: "YP-NOT-MAPPED"), Line("3", Consultation, price: "9.00"));
        var b2 = Request(DemoDataSet.Hospital3, Line("1", Restricted), Line("2", ValidDrug));
        b2.Visit.Gend = "2";
        var b3 = Request(DemoDataSet.Hospital3, Line("1", UnknownDrug));
        var b4 = Request(DemoDataSet.Hospital2, Line("1", ValidDrug), Line("2", ValidDrug));
        var b5 = Request(DemoDataSet.Hospital2, Line("1", Consultation, price: "8.00"));
        var b6 = Request(DemoDataSet.Pharmacy, Line("1", ValidDrug));
        b6.Scene = Scene.Pharmacy;
        b6.Visit.PharCodg = "Y450103000001";
        foreach (var request in new[] { b1, b2, b3, b4, b5, b6, b2.Clone() })
        {
            Responses.Add(await Gateway.Client.UnaryAsync(ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser));
        }

        Day = BusinessDay.Today(TimeProvider.System);
        if (Day != before)
        {
            throw new InvalidOperationException("the batches straddled midnight (UTC+8); run the tests again");
        }
    }

    public Task DisposeAsync() => Gateway.DisposeAsync();

    /// <summary>Findings per rule in the answers to one institution's batches, each request id once (as the report must count them).</summary>
    public IReadOnlyDictionary<string, long> FindingsByRule(string institution) => Responses
        .Where((r, i) => i < 6 && Gateway.Host is not null && InstitutionOf(i) == institution)
        .SelectMany(r => r.Lines.SelectMany(l => l.Findings).Concat(r.Findings))
        .GroupBy(f => f.RuleId, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

    private static string InstitutionOf(int response) => response switch
    {
        < 3 => DemoDataSet.Hospital3,
        < 5 => DemoDataSet.Hospital2,
        _ => DemoDataSet.Pharmacy,
    };

    /// <summary>One institution's expected figures for the day.</summary>
    public sealed record Expected(long Batches, long Lines, long ValidCode, long Pass, long Warn, long Reject, decimal AmountTotal, decimal AmountRejected, decimal AmountOverCap)
    {
        public double RejectShare => Lines == 0 ? 0 : (double)Reject / Lines;
    }
}
