using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ValidationGateway.Contracts.Health;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Rules;
using ValidationGateway.Core.Validation;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Admin;
using ValidationGateway.Core.Audit;
using ValidationGateway.Server.Audit;
using ValidationGateway.Server.Compliance;
using ValidationGateway.Server.Metrics;
using ValidationGateway.Server.Security;
using ValidationGateway.Server.Services;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Hosting;

/// <summary>The running gateway: Kestrel with a cleartext HTTP/2 endpoint for gRPC and an HTTP/1.1 endpoint for pages and probes.</summary>
/// <remarks>Used by <c>vgw serve</c> and by the integration tests, which start it on port 0.</remarks>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ValidationEngine _engine;
    private readonly IGatewayStore _store;
    private readonly AuditLog _audit;

    private GatewayHost(WebApplication app, ValidationEngine engine, IGatewayStore store, AuditLog audit)
    {
        _app = app;
        _engine = engine;
        _store = store;
        _audit = audit;
    }

    /// <summary>The empty handler used as the transport baseline when <see cref="GatewaySettings.EnableBaselineEndpoint"/> is on.</summary>
    public const string BaselinePath = "/validationgateway.v1.BenchmarkService/Empty";

    /// <summary>The bound gRPC address (http://127.0.0.1:port).</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>The bound HTTPS address (gRPC and pages via ALPN), or null without TLS.</summary>
    public Uri? TlsAddress { get; private set; }

    /// <summary>The bound HTTP/1.1 address.</summary>
    public Uri HttpAddress { get; private set; } = null!;

    /// <summary>The validation engine (actors, current version).</summary>
    public ValidationEngine Engine => _engine;

    /// <summary>The store.</summary>
    public IGatewayStore Store => _store;

    /// <summary>Builds and starts the gateway on an opened, migrated store; the host owns the store from here on.</summary>
    public static async Task<GatewayHost> StartAsync(GatewaySettings settings, IGatewayStore store, Action<ILoggingBuilder>? configureLogging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(store);
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("invalid settings:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        }

        var time = settings.Grpc.TimeProvider;
        // Before anything starts: a missing hash key (PostgreSQL without Audit:HashKey) must stop start-up cleanly.
        var hasher = new PersonalDataHasher(await AuditHashKey.ResolveAsync(settings, cancellationToken).ConfigureAwait(false));
        var codes = settings.CodeProfile is { Length: > 0 } path ? CodeFormatProfile.Load(path) : CodeFormatProfile.Default;
        var rules = settings.Rules.ToRuleTable();
        var engine = new ValidationEngine(new StoreDataSource(store), new BatchValidator(codes, rules, settings.Rules), settings.Validation, time);

        // The gateway's settings are read by GatewaySettings. The web host's own appsettings.json must not be watched:
        // its file watcher covers the working directory, where the default store lives, and woke up on every audit
        // commit (measured: 2.6% of the server's CPU samples under load).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "vgw", Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        if (configureLogging is not null)
        {
            configureLogging(builder.Logging);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        // The web host starts an Activity (a trace span, kept in an AsyncLocal) for every request whenever this logger
        // is enabled at any level, though nothing here reads it. The category's messages are the per-request lines
        // (below Warning) and the web host's start-up errors, which also stop StartAsync with the exception. Off,
        // every call saves the Activity and the execution contexts that setting it allocates (docs/performance.md,
        // item 36).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        // The generic host logs a failed start ("Hosting failed to start", a whole stack trace) before StartAsync
        // throws it; StartAsync's caller reports it instead (vgw serve: one "error:" line). A background service that
        // fails and stops the host is still logged, at Critical.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        ListenOptions? grpcListen = null, httpListen = null, tlsListen = null;
        var certificate = settings.Tls.Url.Length > 0 ? settings.Tls.LoadCertificate() : null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.Http2.MaxStreamsPerConnection = settings.Limits.MaxConcurrentStreamsPerConnection;
            grpcListen = Listen(kestrel, new Uri(settings.GrpcUrl), HttpProtocols.Http2);
            httpListen = Listen(kestrel, new Uri(settings.HttpUrl), HttpProtocols.Http1);
            if (certificate is not null)
            {
                // One TLS endpoint for both: ALPN picks h2 for gRPC clients and http/1.1 for browsers.
                tlsListen = Listen(kestrel, new Uri(settings.Tls.Url.Replace("https://", "http://", StringComparison.Ordinal)), HttpProtocols.Http1AndHttp2);
                tlsListen.UseHttps(certificate);
            }
        });
        builder.Services.AddSingleton(engine);

        var app = builder.Build();
        var registry = new GrpcServiceRegistry();
        var authenticator = new ApiKeyAuthenticator(store, settings.Security, time);
        var audit = new AuditLog(store, settings.Audit, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ValidationGateway.Audit"), time);
        var limiter = new InstitutionRateLimiter(settings.Limits);
        app.Lifetime.ApplicationStopped.Register(limiter.Dispose);
        var metrics = new GatewayMetrics(engine, audit, settings.Metrics);
        app.Lifetime.ApplicationStopped.Register(metrics.Dispose);
        new ValidationGrpcService(engine, new AuditedValidation(engine, audit, store, hasher, time), authenticator, limiter, metrics).Register(registry);
        new ComplianceGrpcService(rules, authenticator, new StoreComplianceReports(store)).Register(registry);
        new AdminGrpcService(store, engine, authenticator, time).Register(registry);
        if (settings.EnableBaselineEndpoint)
        {
            registry.AddUnary<ValidateRequest, ValidateResponse>(BaselinePath, ValidateRequest.Parser,
                static (request, _) => ValueTask.FromResult(new ValidateResponse { RequestId = request.RequestId }));
        }

        var health = new GrpcHealthService(registry);
        var transport = settings.Grpc;
        transport.ExceptionMapper ??= GatewayStatusMapper.Map;
        transport.CallCompleted = metrics.RecordCall;
        app.UseGrpcTransport(registry, transport);
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () => CatalogReadiness.Check(engine, app.Lifetime.ApplicationStopping));
        app.MapMetrics(metrics.Exporter);
        app.MapAdmin(new Compliance.StoreComplianceReports(store), authenticator, store, time);

        var host = new GatewayHost(app, engine, store, audit);
        try
        {
            // Build the current snapshot before taking traffic, so the first request does not pay for it.
            await engine.WarmUpAsync(cancellationToken).ConfigureAwait(false);
            health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"{ex.Message.TrimEnd('.')}: another process listens there (perhaps another vgw serve); stop it, or choose other addresses with --grpc-url and --http-url", ex);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // Kestrel writes the bound port back into the listen options, which matters when the settings say port 0.
        host.GrpcAddress = BoundAddress(grpcListen!);
        host.HttpAddress = BoundAddress(httpListen!);
        host.TlsAddress = tlsListen is null ? null : new UriBuilder(BoundAddress(tlsListen)) { Scheme = Uri.UriSchemeHttps }.Uri;
        return host;
    }

    /// <summary>Waits until the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops Kestrel (finishing in-flight calls), flushes the audit trail, then stops the engine and the store.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _audit.DisposeAsync().ConfigureAwait(false);
        await _engine.DisposeAsync().ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
    }

    private static ListenOptions Listen(KestrelServerOptions kestrel, Uri url, HttpProtocols protocols)
    {
        var address = url.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(url.Host is "*" or "+" ? "0.0.0.0" : url.Host);
        ListenOptions? options = null;
        kestrel.Listen(address, url.Port, listen =>
        {
            listen.Protocols = protocols;
            options = listen;
        });
        return options!;
    }

    private static Uri BoundAddress(ListenOptions listen)
    {
        var endpoint = listen.IPEndPoint!;
        var host = endpoint.Address.Equals(IPAddress.Any) ? "127.0.0.1" : endpoint.Address.ToString();
        return new Uri($"http://{host}:{endpoint.Port}");
    }
}
