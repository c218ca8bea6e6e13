using ValidationGateway.Contracts.Health;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Validation;

public sealed class ValidateOverGrpcTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IDisposable
{
    private Task<ValidateResponse> ValidateAsync(ValidateRequest request, GrpcCallOptions? options = null) =>
        gateway.Client.UnaryAsync(ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser, options);

    private async Task<GrpcStatusException> FailAsync(ValidateRequest request) =>
        await Assert.ThrowsAsync<GrpcStatusException>(() => ValidateAsync(request));

    public void Dispose() => Assert.Empty(gateway.Logs.Errors());

    [Fact]
    public async Task Validate_MixedBatch_EveryLineGetsItsRuleAndVerdict()
    {
        var request = Request(DemoDataSet.Hospital3,
            Line("1", ValidDrug),
            Line("2", ValidService, price: "8.00"),
            Line("3", ""),
            Line("4", "XA10BAE056A00101010437"),
            Line("5", "XA10BAE056A001010109999"),
            Line("6", ExpiredDrug),
            Line("7", InvalidatedDrug),
            Line("8", ValidDrug, local: ""),
            Line("9", ValidDrug, time: "2026-02-30 10:00:00"));

        var response = await ValidateAsync(request);

        Assert.Equal(request.RequestId, response.RequestId);
        Assert.Equal(DemoDataSet.Version, response.CatalogVersion);
        Assert.Equal(Verdict.Reject, response.Verdict);
        Assert.False(response.Replayed);
        string?[] expected = [null, null, "NATIONAL_CODE_MISSING", "NATIONAL_CODE_MALFORMED", "NATIONAL_CODE_UNKNOWN",
            "NATIONAL_CODE_NOT_VALID_ON_DATE", "NATIONAL_CODE_NOT_VALID_ON_DATE", "LOCAL_CODE_MISSING", "FEE_TIME_INVALID"];
        Assert.Equal(expected.Length, response.Lines.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var line = response.Lines[i];
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), line.FeedetlSn);
            if (expected[i] is null)
            {
                Assert.Equal(Verdict.Pass, line.Verdict);
                Assert.Empty(line.Findings);
            }
            else
            {
                Assert.Equal(Verdict.Reject, line.Verdict);
                var finding = Assert.Single(line.Findings);
                Assert.Equal(expected[i], finding.RuleId);
                Assert.Equal(Severity.Error, finding.Severity);
                Assert.StartsWith($"fee_details[{i}].", finding.Field, StringComparison.Ordinal);
                Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", finding.Message);
            }
        }

        Assert.Equal("01", response.Lines[0].ChrgitmLv);
    }

    [Fact]
    public async Task Validate_AllLinesClean_BatchPasses()
    {
        var response = await ValidateAsync(Request(DemoDataSet.Hospital2, Line("1", ValidDrug), Line("2", "ZA04BAA0021010100372"), Line("3", "C0101010010100103941", price: "11000.00"), Line("4", "T000100178")));
        Assert.Equal(Verdict.Pass, response.Verdict);
        Assert.All(response.Lines, l => Assert.Equal(Verdict.Pass, l.Verdict));
    }

    [Fact]
    public async Task Validate_UnknownCatalogVersion_IsNotFoundWithChineseMessage()
    {
        var request = Request(DemoDataSet.Hospital3, Line("1", ValidDrug));
        request.CatalogVersion = "1999.01";
        var ex = await FailAsync(request);
        Assert.Equal(GrpcStatusCode.NotFound, ex.StatusCode);
        Assert.Contains("目录版本“1999.01”不存在", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UnknownInstitution_IsNotFound()
    {
        var ex = await FailAsync(Request("H99999900001", Line("1", ValidDrug)));
        Assert.Equal(GrpcStatusCode.NotFound, ex.StatusCode);
        Assert.Contains("H99999900001", ex.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("request_id")]
    [InlineData("fixmedins_code")]
    public async Task Validate_MissingKeyField_IsInvalidArgumentNamingIt(string field)
    {
        var request = Request(DemoDataSet.Hospital3, Line("1", ValidDrug));
        if (field == "request_id")
        {
            request.RequestId = "";
        }
        else
        {
            request.FixmedinsCode = "";
        }

        var ex = await FailAsync(request);
        Assert.Equal(GrpcStatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains(field, ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_OverLongField_IsInvalidArgumentNamingThePath()
    {
        var ex = await FailAsync(Request(DemoDataSet.Hospital3, Line("1", ValidDrug, local: new string('L', 151))));
        Assert.Equal(GrpcStatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("fee_details[0].medins_list_codg", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MessageOverTheLimit_IsResourceExhaustedAndServerKeepsServing()
    {
        var request = Request(DemoDataSet.Hospital3, Line("1", ValidDrug));
        request.Visit.PsnNo = new string('9', GatewayFixture.MaxMessageSize);
        var ex = await FailAsync(request);
        Assert.Equal(GrpcStatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal(Verdict.Pass, (await ValidateAsync(Request(DemoDataSet.Hospital3, Line("1", ValidDrug)))).Verdict);
    }

    [Fact]
    public async Task ValidateStream_ManyBatches_EachAnsweredAndMatchedByRequestId()
    {
        using var call = gateway.Client.DuplexStreaming<ValidateRequest, ValidateResponse>(ValidationGrpcService.ValidateStreamPath, ValidateResponse.Parser);
        var sent = new Dictionary<string, string>();
        for (var i = 0; i < 50; i++)
        {
            var code = i % 2 == 0 ? ValidDrug : "XA10BAE056A001010109999";
            var request = Request(i % 3 == 0 ? DemoDataSet.Hospital1 : DemoDataSet.Hospital3, Line("1", code));
            sent[request.RequestId] = code;
            await call.WriteAsync(request);
        }

        await call.CompleteAsync();
        var received = new List<ValidateResponse>();
        await foreach (var response in call.ReadAllAsync())
        {
            received.Add(response);
        }

        Assert.Equal(sent.Keys.Order(), received.Select(r => r.RequestId).Order());
        foreach (var response in received)
        {
            Assert.Equal(sent[response.RequestId] == ValidDrug ? Verdict.Pass : Verdict.Reject, response.Verdict);
        }
    }

    [Fact]
    public async Task ValidateStream_BatchFailsWhileTheClientWaitsForItsAnswer_StreamEndsWithItsStatusAtOnce()
    {
        using var call = gateway.Client.DuplexStreaming<ValidateRequest, ValidateResponse>(ValidationGrpcService.ValidateStreamPath, ValidateResponse.Parser);
        var good = Request(DemoDataSet.Hospital3, Line("1", ValidDrug));
        await call.WriteAsync(good);
        Assert.Equal(good.RequestId, (await call.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)))?.RequestId);

        // An unknown catalog version fails in the actor's activation, after the batch has left the read loop. The
        // client keeps the stream open and waits for the answer, as a client sending one batch at a time does.
        var bad = Request(DemoDataSet.Hospital3, Line("1", ValidDrug));
        bad.CatalogVersion = "no-such-version-" + Guid.NewGuid().ToString("N");
        await call.WriteAsync(bad);

        var error = await Assert.ThrowsAsync<GrpcStatusException>(() => call.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(GrpcStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task HealthCheck_OverGrpc_IsServing()
    {
        var response = await gateway.Client.UnaryAsync(GrpcHealthService.CheckPath, new HealthCheckRequest(), HealthCheckResponse.Parser);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task BaselineEndpoint_WhenEnabled_AnswersWithoutValidating()
    {
        var response = await gateway.Client.UnaryAsync(ValidationGateway.Server.Hosting.GatewayHost.BaselinePath, Request(DemoDataSet.Hospital3, Line("1", "")), ValidateResponse.Parser);
        Assert.StartsWith("t-", response.RequestId, StringComparison.Ordinal);
        Assert.Empty(response.Lines);
    }

    [Fact]
    public async Task UnknownMethod_IsUnimplemented()
    {
        var ex = await Assert.ThrowsAsync<GrpcStatusException>(() =>
            gateway.Client.UnaryAsync("/validationgateway.v1.ValidationService/Nope", new ValidateRequest(), ValidateResponse.Parser));
        Assert.Equal(GrpcStatusCode.Unimplemented, ex.StatusCode);
    }

    [Fact]
    public async Task ListRules_OverGrpc_ListsEveryRuleIdOfTheContract()
    {
        var response = await gateway.Client.UnaryAsync(ComplianceGrpcService.ListRulesPath, new ListRulesRequest(), ListRulesResponse.Parser);
        var expected = Enum.GetValues<RuleId>().Where(r => r != RuleId.Unspecified).Select(r => ValidationGateway.Core.Rules.RuleIds.NameOf(r));
        Assert.Equal(expected, response.Rules.Select(r => r.RuleId));
        Assert.All(response.Rules, r => Assert.NotEmpty(r.DescriptionZh));
    }

    [Fact]
    public async Task Readyz_WithCatalogLoaded_IsReady()
    {
        using var http = new HttpClient { BaseAddress = gateway.Host.HttpAddress };
        var text = await http.GetStringAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Contains(DemoDataSet.Version, text, StringComparison.Ordinal);
    }
}
