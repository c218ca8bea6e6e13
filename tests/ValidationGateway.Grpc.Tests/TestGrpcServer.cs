using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Google.Protobuf;
using ValidationGateway.Contracts.V1;
using Xunit.Sdk;

namespace ValidationGateway.Grpc.Tests;

/// <summary>A real Kestrel on a loopback port (HTTP/2 only) serving test methods; fails the test on unexpected error logs.</summary>
public sealed class TestGrpcServer : IAsyncDisposable
{
    public const string UnaryPath = "/test.v1.Echo/Unary";
    public const string FailPath = "/test.v1.Echo/Fail";
    public const string CrashPath = "/test.v1.Echo/Crash";
    public const string MappedPath = "/test.v1.Echo/Mapped";
    public const string WaitPath = "/test.v1.Echo/Wait";
    public const string CountPath = "/test.v1.Echo/Count";
    public const string CountThenFailPath = "/test.v1.Echo/CountThenFail";
    public const string DuplexPath = "/test.v1.Echo/Duplex";
    public const string GreetFirstPath = "/test.v1.Echo/GreetFirst";
    public const string FloodPath = "/test.v1.Echo/Flood";
    public const string CheckedPath = "/test.v1.Echo/Checked";
    public const string CheckedDuplexPath = "/test.v1.Echo/CheckedDuplex";
    public const string EncodedPath = "/test.v1.Echo/Encoded";
    public const string EncodedDuplexPath = "/test.v1.Echo/EncodedDuplex";

    /// <summary>Most lines <see cref="CheckedPath"/> and <see cref="CheckedDuplexPath"/> accept; their check counts them on the wire.</summary>
    public const int CheckedMaxLines = 3;
    public const string ChineseDetail = "目录版本 2099-01 不存在：请先发布目录（100%）";
    public const string SecretText = "secret-connection-string";
    public const int MaxReceiveMessageSize = 1024 * 1024;

    private readonly WebApplication _app;
    private readonly HashSet<int> _expectedErrorEvents = [];

    private TestGrpcServer(WebApplication app, CapturingLoggerProvider logs, ManualTimeProvider time, GrpcHealthService health, Uri address)
    {
        _app = app;
        Logs = logs;
        Time = time;
        Health = health;
        Address = address;
    }

    public CapturingLoggerProvider Logs { get; }

    public ManualTimeProvider Time { get; }

    public GrpcHealthService Health { get; }

    public Uri Address { get; }

    /// <summary>What <see cref="EncodedPath"/> and <see cref="EncodedDuplexPath"/> found in each request's
    /// <see cref="ValidateRequest.Encoded"/>, in the order received.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<byte[]?> ReceivedEncodings { get; } = new();

    /// <summary>Completes when a handler of <see cref="WaitPath"/> is waiting on its cancellation token.</summary>
    public TaskCompletionSource WaitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a write of <see cref="FloodPath"/> waits for its flush (the client is not reading).</summary>
    public TaskCompletionSource FlushWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the exception that ended the handler of <see cref="FloodPath"/>.</summary>
    public TaskCompletionSource<Exception> FloodEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Requests the checked methods' parser has built.</summary>
    public int CheckedParsed => Volatile.Read(ref _checkedParsed);

    private int _checkedParsed;

    public static async Task<TestGrpcServer> StartAsync()
    {
        var logs = new CapturingLoggerProvider();
        var time = new ManualTimeProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();

        var registry = new GrpcServiceRegistry();
        var health = new GrpcHealthService(registry);
        var options = new GrpcTransportOptions
        {
            MaxReceiveMessageSize = MaxReceiveMessageSize,
            TimeProvider = time,
            ExceptionMapper = ex => ex is TimeoutException
                ? new GrpcStatusException(GrpcStatusCode.Unavailable, "存储暂不可用，请稍后重试")
                : null,
        };
        app.UseGrpcTransport(registry, options);
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var server = new TestGrpcServer(app, logs, time, health, new Uri(address));
        server.Register(registry);
        return server;
    }

    public GrpcClient CreateClient() => new(Address);

    public void ExpectErrorLog(int eventId) => _expectedErrorEvents.Add(eventId);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        var unexpected = Logs.Entries
            .Where(e => e.Level >= LogLevel.Error && !_expectedErrorEvents.Contains(e.EventId.Id))
            .ToList();
        if (unexpected.Count > 0)
        {
            throw new XunitException("Unexpected error logs:\n" + string.Join("\n", unexpected.Select(e => $"{e.Category} [{e.EventId}] {e.Message} {e.Exception}")));
        }
    }

    private static ValidateResponse Echo(ValidateRequest request, GrpcServerCallContext context) => new()
    {
        RequestId = request.RequestId,
        CatalogVersion = context.GetMetadata("X-Fixmedins-Code") ?? string.Empty,
        Lines = { request.FeeDetails.Select(f => new LineResult { FeedetlSn = f.FeedetlSn, ChrgitmLv = f.MedListCodg }) },
    };

    private static void CheckLines(in ReadOnlySequence<byte> message)
    {
        var lines = ProtobufWire.CountField(message, ValidateRequest.FeeDetailsFieldNumber);
        if (lines > CheckedMaxLines)
        {
            throw new GrpcStatusException(GrpcStatusCode.InvalidArgument, $"{lines} lines");
        }
    }

    private void Register(GrpcServiceRegistry registry)
    {
        var countingParser = new MessageParser<ValidateRequest>(() =>
        {
            Interlocked.Increment(ref _checkedParsed);
            return new ValidateRequest();
        });
        registry.AddUnary<ValidateRequest, ValidateResponse>(
            CheckedPath, countingParser, (request, context) => ValueTask.FromResult(Echo(request, context)), CheckLines);
        registry.AddDuplexStreaming<ValidateRequest, ValidateResponse>(CheckedDuplexPath, countingParser, async (reader, writer, context) =>
        {
            await foreach (var request in reader.WithCancellation(context.CancellationToken))
            {
                await writer.WriteAsync(Echo(request, context), context.CancellationToken);
            }
        }, CheckLines);
        registry.AddUnary<ValidateRequest, ValidateResponse>(EncodedPath, ValidateRequest.Parser, (request, context) =>
        {
            ReceivedEncodings.Enqueue(request.Encoded);
            return ValueTask.FromResult(Echo(request, context));
        });
        registry.AddDuplexStreaming<ValidateRequest, ValidateResponse>(EncodedDuplexPath, ValidateRequest.Parser, async (reader, writer, context) =>
        {
            await foreach (var request in reader.WithCancellation(context.CancellationToken))
            {
                ReceivedEncodings.Enqueue(request.Encoded);
                await writer.WriteAsync(Echo(request, context), context.CancellationToken);
            }
        });
        registry.AddUnary<ValidateRequest, ValidateResponse>(UnaryPath, ValidateRequest.Parser, (request, context) =>
        {
            context.AddResponseTrailer("x-handled-by", "echo");
            return ValueTask.FromResult(Echo(request, context));
        });
        registry.AddUnary<ValidateRequest, ValidateResponse>(FailPath, ValidateRequest.Parser, (_, _) =>
            throw new GrpcStatusException(GrpcStatusCode.NotFound, ChineseDetail, [new("retry-after-ms", "250")]));
        registry.AddUnary<ValidateRequest, ValidateResponse>(CrashPath, ValidateRequest.Parser, (_, _) =>
            throw new InvalidOperationException(SecretText));
        registry.AddUnary<ValidateRequest, ValidateResponse>(MappedPath, ValidateRequest.Parser, (_, _) =>
            throw new TimeoutException(SecretText));
        registry.AddUnary<ValidateRequest, ValidateResponse>(WaitPath, ValidateRequest.Parser, async (request, context) =>
        {
            WaitStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
            return new ValidateResponse { RequestId = request.RequestId };
        });
        registry.AddServerStreaming<ValidateRequest, ValidateResponse>(CountPath, ValidateRequest.Parser, async (request, writer, context) =>
        {
            for (var i = 0; i < request.FeeDetails.Count; i++)
            {
                await writer.WriteAsync(new ValidateResponse { RequestId = $"{request.RequestId}-{i}" }, context.CancellationToken);
            }
        });
        registry.AddServerStreaming<ValidateRequest, ValidateResponse>(CountThenFailPath, ValidateRequest.Parser, async (request, writer, context) =>
        {
            await writer.WriteAsync(new ValidateResponse { RequestId = "0" }, context.CancellationToken);
            await writer.WriteAsync(new ValidateResponse { RequestId = "1" }, context.CancellationToken);
            throw new GrpcStatusException(GrpcStatusCode.NotFound, ChineseDetail);
        });
        registry.AddDuplexStreaming<ValidateRequest, ValidateResponse>(DuplexPath, ValidateRequest.Parser, async (reader, writer, context) =>
        {
            // Answers leave from concurrent tasks, in whatever order they finish.
            var pending = new List<Task>();
            await foreach (var request in reader.WithCancellation(context.CancellationToken))
            {
                pending.Add(Task.Run(() => writer.WriteAsync(Echo(request, context), context.CancellationToken)));
            }

            await Task.WhenAll(pending);
        });
        registry.AddServerStreaming<ValidateRequest, ValidateResponse>(FloodPath, ValidateRequest.Parser, async (request, writer, context) =>
        {
            // 16 KiB answers until the call ends: a client that does not read fills its HTTP/2 window and Kestrel's
            // response buffer, and the next flush waits.
            var padding = new string('x', 16 * 1024);
            try
            {
                for (var i = 0; ; i++)
                {
                    var write = writer.WriteAsync(new ValidateResponse { RequestId = $"{request.RequestId}-{i}", CatalogVersion = padding }, context.CancellationToken);
                    if (!write.IsCompleted)
                    {
                        FlushWaiting.TrySetResult();
                    }

                    await write;
                }
            }
            catch (Exception ex)
            {
                FloodEnded.TrySetResult(ex);
                throw;
            }
        });
        registry.AddDuplexStreaming<ValidateRequest, ValidateResponse>(GreetFirstPath, ValidateRequest.Parser, async (reader, writer, context) =>
        {
            await writer.WriteAsync(new ValidateResponse { RequestId = "hello" }, context.CancellationToken);
            await foreach (var request in reader.WithCancellation(context.CancellationToken))
            {
                await writer.WriteAsync(Echo(request, context), context.CancellationToken);
            }
        });
    }
}
