using Google.Protobuf;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Fuzz;

/// <summary>Inputs the fuzz suite found mishandled, replayed exactly; each names the fix it guards.</summary>
public sealed class FuzzRegressionTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public void Dispose() => Assert.Empty(gateway.Logs.Errors());

    // Found by seed 20261122 case 885: Google.Protobuf 3.25 threw IndexOutOfRangeException (answered INTERNAL with an
    // error log) for a sub-message declared 0x7FFFFFFF bytes long; case 4096 threw ArgumentOutOfRangeException the same way.
    [Theory]
    [InlineData(new byte[] { 0x2A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07 })]
    [InlineData(new byte[] { 0x32, 0xFF, 0xFF, 0xFF, 0xFF, 0x07 })]
    [InlineData(new byte[] { 0x32, 0xFC, 0xFF, 0xFF, 0xFF, 0x07, 0x41 })]
    [InlineData(new byte[] { 0x2A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x41 })]
    public async Task Validate_SubmessageDeclaredNearIntMaxBytes_IsInvalidArgumentNotInternal(byte[] suffix)
    {
        var outcome = await SendAsync([.. ValidRequest().ToByteArray(), .. suffix]);
        Assert.Equal(GrpcStatusCode.InvalidArgument, outcome.Status);
        Assert.StartsWith("Malformed message", outcome.Message, StringComparison.Ordinal);
        await AssertServesAsync();
    }

    // Found by seed 20261122 case 1: invalid UTF-8 was decoded to U+FFFD and validated (OK, or NOT_FOUND naming
    // "2026-11-22 \uFFFD"), so distinct request ids and codes could arrive as one string. Proto3 strings must be UTF-8.
    [Theory]
    [InlineData(1, new byte[] { 0x66, 0x7A, 0xFF })]
    [InlineData(2, new byte[] { 0x48, 0xC0, 0x80 })]
    [InlineData(3, new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task Validate_InvalidUtf8InTopLevelString_IsInvalidArgument(int field, byte[] value)
    {
        var outcome = await SendAsync([.. ValidRequest().ToByteArray(), .. new ProtoBytes().Field(field, value).ToArray()]);
        Assert.Equal(GrpcStatusCode.InvalidArgument, outcome.Status);
        Assert.Contains("UTF-8", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_InvalidUtf8InVisitAndLineFields_IsInvalidArgument()
    {
        var visit = new ProtoBytes().Field(5, new ProtoBytes().Field(2, [0x50, 0x53, 0x4E, 0xF8, 0x88, 0x80, 0x80, 0x80]).ToArray()).ToArray();
        var line = new ProtoBytes().Field(6, [.. Line("9", ValidDrug).ToByteArray(), .. new ProtoBytes().Field(3, [0x58, 0x41, 0x31, 0x30, 0xBF]).ToArray()]).ToArray();

        var visitOutcome = await SendAsync([.. ValidRequest().ToByteArray(), .. visit]);
        var lineOutcome = await SendAsync([.. ValidRequest().ToByteArray(), .. line]);

        Assert.Equal(GrpcStatusCode.InvalidArgument, visitOutcome.Status);
        Assert.Equal(GrpcStatusCode.InvalidArgument, lineOutcome.Status);
    }

    [Fact]
    public async Task Validate_ValidUtf8IncludingReplacementCharacterAndAstralPlane_IsValidated()
    {
        var request = ValidRequest();
        request.FeeDetails[0].MedinsListCodg = "\uFFFD𠀀😀阿莫西林";
        var outcome = await SendAsync(request.ToByteArray());
        Assert.Equal(GrpcStatusCode.OK, outcome.Status);
        var response = ValidateResponse.Parser.ParseFrom(Assert.Single(outcome.Messages));
        Assert.Equal(request.RequestId, response.RequestId);
        Assert.NotEqual(Verdict.Unspecified, Assert.Single(response.Lines).Verdict);
    }

    // Found by seed 20261122 case 1002: GZipStream ends quietly at the end of its input, so a gzip message cut short
    // decompressed to a prefix of the request, which parsed as a different, shorter request and was validated.
    [Theory]
    [InlineData(1)]
    [InlineData(19)]
    [InlineData(-8)]
    [InlineData(-1)]
    public async Task Validate_TruncatedGzipMessage_IsInternalAndNotValidatedAsAShorterBatch(int cut)
    {
        var request = ValidRequest();
        for (var i = 2; i <= 40; i++)
        {
            request.FeeDetails.Add(Line(i.ToString(System.Globalization.CultureInfo.InvariantCulture), ExpiredDrug));
        }

        var gzip = FuzzCaseGenerator.Gzip(request.ToByteArray());
        var kept = cut > 0 ? gzip[..cut] : gzip[..^-cut];

        var outcome = await SendAsync(FuzzCaseGenerator.Frame(1, (uint)kept.Length, kept), "gzip");

        Assert.Equal(GrpcStatusCode.Internal, outcome.Status);
        Assert.Contains("gzip", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(outcome.Messages);
    }

    [Fact]
    public async Task Validate_GzipMessageWithTrailingBytes_IsInternal()
    {
        var gzip = FuzzCaseGenerator.Gzip(ValidRequest().ToByteArray());
        byte[] padded = [.. gzip, 0, 0, 0, 0];
        var outcome = await SendAsync(FuzzCaseGenerator.Frame(1, (uint)padded.Length, padded), "gzip");
        Assert.Equal(GrpcStatusCode.Internal, outcome.Status);
    }

    [Fact]
    public async Task Validate_CompleteGzipMessage_IsValidated()
    {
        var request = ValidRequest();
        var gzip = FuzzCaseGenerator.Gzip(request.ToByteArray());
        var outcome = await SendAsync(FuzzCaseGenerator.Frame(1, (uint)gzip.Length, gzip), "gzip");
        Assert.Equal(GrpcStatusCode.OK, outcome.Status);
        Assert.Equal(request.RequestId, ValidateResponse.Parser.ParseFrom(Assert.Single(outcome.Messages)).RequestId);
    }

    // The fuzz suite's open finding (Fuzz/README.md): a message of ~500k empty lines within the 1 MiB limit was parsed
    // into as many objects before the 1,000-line limit refused it. The lines are now counted on the wire first.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Validate_MessageFullOfEmptyLines_IsInvalidArgumentNamingTheCount(bool gzip)
    {
        var head = ValidRequest().ToByteArray();
        var empty = (GatewayFixture.MaxMessageSize - head.Length) / 2;
        var payload = new byte[head.Length + (2 * empty)];
        head.CopyTo(payload, 0);
        for (var i = head.Length; i < payload.Length; i += 2)
        {
            payload[i] = (ValidateRequest.FeeDetailsFieldNumber << 3) | 2;
        }

        var outcome = gzip
            ? await SendAsync(FuzzCaseGenerator.Frame(1, (uint)FuzzCaseGenerator.Gzip(payload).Length, FuzzCaseGenerator.Gzip(payload)), "gzip")
            : await SendAsync(payload);

        Assert.Equal(GrpcStatusCode.InvalidArgument, outcome.Status);
        Assert.Contains($"fee_details 行数 {empty + 1} 超过上限 1000", outcome.Message, StringComparison.Ordinal);
        await AssertServesAsync();
    }

    [Theory]
    [InlineData(1000, GrpcStatusCode.OK)]
    [InlineData(1001, GrpcStatusCode.InvalidArgument)]
    public async Task Validate_EmptyLinesAtTheLimit_CountedAlikeOnTheWireAndAfterParsing(int lines, GrpcStatusCode expected)
    {
        var request = ValidRequest();
        request.FeeDetails.Add(Enumerable.Range(1, lines - 1).Select(_ => new FeeDetail()));

        var outcome = await SendAsync(request.ToByteArray());

        Assert.Equal(expected, outcome.Status);
        if (expected == GrpcStatusCode.OK)
        {
            Assert.Equal(lines, ValidateResponse.Parser.ParseFrom(Assert.Single(outcome.Messages)).Lines.Count);
        }
        else
        {
            Assert.Contains($"行数 {lines} 超过上限 1000", outcome.Message, StringComparison.Ordinal);
        }
    }

    private static ValidateRequest ValidRequest() => Request(DemoDataSet.Hospital3, Line("1", ValidDrug));

    private async Task<FuzzOutcome> SendAsync(byte[] payloadOrFrame, string? encoding = null)
    {
        var body = encoding is null ? FuzzCaseGenerator.Frame(payloadOrFrame) : payloadOrFrame;
        using var http = RawGrpcCaller.CreateHttpClient(gateway.AdminKey);
        var outcome = await new RawGrpcCaller(http, gateway.Host.GrpcAddress, CallTimeout)
            .SendAsync(new FuzzCase("regression", FuzzCaseGenerator.Validate, body, StatusSet.Ok) { Encoding = encoding });
        Assert.Null(outcome.Failure);
        return outcome;
    }

    private async Task AssertServesAsync()
    {
        var request = ValidRequest();
        var response = await gateway.Client.UnaryAsync(FuzzCaseGenerator.Validate, request, ValidateResponse.Parser);
        Assert.Equal(request.RequestId, response.RequestId);
        Assert.Single(response.Lines);
    }
}
