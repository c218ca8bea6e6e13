namespace ValidationGateway.Grpc.Tests;

public sealed class GrpcProtocolUnitTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("7u", 70L)]
    [InlineData("150n", 2L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void TryParse_ValidTimeout_ReturnsTicks(string value, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(value, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("100")]
    [InlineData("123456789S")]
    [InlineData("-1S")]
    [InlineData("10x")]
    [InlineData("1.5S")]
    public void TryParse_MalformedTimeout_ReturnsFalse(string value) => Assert.False(GrpcTimeout.TryParse(value, out _));

    [Theory]
    [InlineData(300L * TimeSpan.TicksPerMillisecond, "300000u")]
    [InlineData(99_999_999L * TimeSpan.TicksPerMicrosecond, "99999999u")]
    [InlineData(101L * TimeSpan.TicksPerSecond, "101000m")]
    [InlineData(1000L * TimeSpan.TicksPerSecond, "1000000m")]
    [InlineData(3L * 365 * TimeSpan.TicksPerDay, "94608000S")]
    public void Format_Timeout_FitsEightDigitsAndRoundTrips(long ticks, string expected)
    {
        var text = GrpcTimeout.Format(TimeSpan.FromTicks(ticks));

        Assert.Equal(expected, text);
        Assert.True(GrpcTimeout.TryParse(text, out var parsed));
        Assert.True(parsed.Ticks >= ticks);
    }

    [Theory]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("100%", "100%25")]
    [InlineData("目录", "%E7%9B%AE%E5%BD%95")]
    [InlineData("a\nb", "a%0Ab")]
    public void Encode_StatusMessage_PercentEncodesAsSpecified(string text, string encoded)
    {
        Assert.Equal(encoded, GrpcStatusMessage.Encode(text));
        Assert.Equal(text, GrpcStatusMessage.Decode(encoded));
    }

    [Fact]
    public void Decode_MalformedEscape_KeptAsIs() => Assert.Equal("50%z and %4", GrpcStatusMessage.Decode("50%z and %4"));

    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/grpc; charset=utf-8", true)]
    [InlineData("application/grpc+json", false)]
    [InlineData("application/grpc-web", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void IsGrpcContentType_Value_Recognized(string? contentType, bool expected) =>
        Assert.Equal(expected, GrpcProtocol.IsGrpcContentType(contentType));

    [Fact]
    public void Validate_BadSizes_NamesEachSetting()
    {
        var errors = new GrpcTransportOptions { MaxReceiveMessageSize = 0, MaxSendMessageSize = -1 }.Validate();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains(nameof(GrpcTransportOptions.MaxReceiveMessageSize), StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains(nameof(GrpcTransportOptions.MaxSendMessageSize), StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_NoErrors() => Assert.Empty(new GrpcTransportOptions().Validate());

    [Fact]
    public void AddUnary_DuplicatePath_Throws()
    {
        var registry = new GrpcServiceRegistry();
        _ = new GrpcHealthService(registry);

        Assert.Throws<InvalidOperationException>(() => new GrpcHealthService(registry));
        Assert.True(registry.IsServiceRegistered("grpc.health.v1.Health"));
    }

    [Fact]
    public void Map_ResponseStreamClosedBeforeTheAbortTokenFires_CancelledByTheClientNotAnError()
    {
        // Kestrel closes a reset stream's response before it signals RequestAborted. A flush in between saw the closed
        // stream, and the mapper took the call for an unexpected failure: an error log and INTERNAL for a client that
        // had simply gone (two transport tests failed now and then on that error log).
        var logs = new CapturingLoggerProvider();
        var mapper = new GrpcExceptionMapper(applicationMapper: null, logs.CreateLogger("test"));
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var call = new GrpcServerCallContext(http, "/test.v1.Echo/Flood", deadline: null, new GrpcTransportOptions(), requestGzip: false, CancellationToken.None, CancellationToken.None);

        var closed = mapper.Map(new GrpcResponseClosedException(CancellationToken.None), call);
        var other = mapper.Map(new OperationCanceledException("not from the transport"), call);

        Assert.False(http.RequestAborted.IsCancellationRequested);
        Assert.Null(closed);
        Assert.Equal(GrpcStatusCode.Internal, other?.StatusCode);
        Assert.Equal([2002, 2000], logs.Entries.Select(e => e.EventId.Id));
    }
}
