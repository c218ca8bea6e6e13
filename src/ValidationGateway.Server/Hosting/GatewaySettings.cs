using Microsoft.Extensions.Configuration;
using ValidationGateway.Core.Rules;
using ValidationGateway.Core.Validation;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Audit;
using ValidationGateway.Server.Security;

namespace ValidationGateway.Server.Hosting;

/// <summary>Every setting of the gateway, read from configuration (appsettings.json, VGW_* environment variables, flags).</summary>
/// <remarks>Each command-line flag is also a configuration key: <c>--store</c> is <c>Store</c>, <c>--grpc-url</c> is <c>GrpcUrl</c>.</remarks>
public sealed class GatewaySettings
{
    /// <summary>Default SQLite store path.</summary>
    public const string DefaultStore = "./data/vgw.db";

    /// <summary>SQLite file path (or, later, a PostgreSQL connection string).</summary>
    public string Store { get; set; } = DefaultStore;

    /// <summary>Cleartext HTTP/2 endpoint for gRPC.</summary>
    public string GrpcUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>HTTP/1.1 endpoint for /healthz (and later /admin, /metrics).</summary>
    public string HttpUrl { get; set; } = "http://127.0.0.1:5081";

    /// <summary>Seed the demo data set when <c>vgw serve</c> starts on an empty store.</summary>
    public bool SeedDemoOnEmptyStore { get; set; } = true;

    /// <summary>
    /// Serve <c>/validationgateway.v1.BenchmarkService/Empty</c>, a handler that does no work, as the baseline for
    /// transport benchmarks (h2load against the same server). Off by default.
    /// </summary>
    public bool EnableBaselineEndpoint { get; set; }

    /// <summary>Optional JSON file with a region's code shapes (see Core/Codes/code-families.default.json).</summary>
    public string? CodeProfile { get; set; }

    /// <summary>gRPC transport limits (section <c>Grpc</c>).</summary>
    public GrpcTransportOptions Grpc { get; set; } = new();

    /// <summary>Audit trail (section <c>Audit</c>).</summary>
    public AuditOptions Audit { get; set; } = new();

    /// <summary>TLS endpoint (section <c>Tls</c>).</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>Metrics export (section <c>Metrics</c>).</summary>
    public ValidationGateway.Server.Metrics.MetricsOptions Metrics { get; set; } = new();

    /// <summary>Traffic limits (section <c>Limits</c>).</summary>
    public LimitsOptions Limits { get; set; } = new();

    /// <summary>Credentials (section <c>Security</c>).</summary>
    public SecurityOptions Security { get; set; } = new();

    /// <summary>Region profile of the rules: severities and thresholds (section <c>Rules</c>).</summary>
    public RuleOptions Rules { get; set; } = new();

    /// <summary>Engine settings (section <c>Validation</c>).</summary>
    public ValidationEngineOptions Validation { get; set; } = new();

    /// <summary>Reads settings from configuration.</summary>
    public static GatewaySettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new GatewaySettings();
        configuration.Bind(settings);
        return settings;
    }

    /// <summary>Builds the configuration: appsettings.json beside the executable and in the working directory, VGW_* environment variables, then flags.</summary>
    public static IConfiguration BuildConfiguration(IEnumerable<KeyValuePair<string, string?>> flags) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables("VGW_")
            .AddInMemoryCollection(flags)
            .Build();

    /// <summary>The store for people to read: the SQLite file's full path, or a PostgreSQL host:port/database without the password.</summary>
    public string DescribeStore() => ValidationGateway.Storage.Postgres.PostgresConnectionString.IsPostgres(Store)
        ? "PostgreSQL " + ValidationGateway.Storage.Postgres.PostgresConnectionString.Describe(ValidationGateway.Storage.Postgres.PostgresConnectionString.Parse(Store))
        : Path.GetFullPath(Store);

    /// <summary>Every invalid setting, each message naming it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Store))
        {
            errors.Add("Store (--store) must name a SQLite file");
        }

        CheckUrl(GrpcUrl, "GrpcUrl (--grpc-url)", errors);
        CheckUrl(HttpUrl, "HttpUrl (--http-url)", errors);
        if (string.Equals(GrpcUrl, HttpUrl, StringComparison.OrdinalIgnoreCase) && !GrpcUrl.EndsWith(":0", StringComparison.Ordinal))
        {
            errors.Add("GrpcUrl and HttpUrl must differ: cleartext gRPC needs an HTTP/2-only endpoint");
        }

        if (CodeProfile is { Length: > 0 } && !File.Exists(CodeProfile))
        {
            errors.Add($"CodeProfile: file '{CodeProfile}' does not exist");
        }

        errors.AddRange(Grpc.Validate().Select(e => "Grpc:" + e));
        errors.AddRange(Validation.Validate());
        errors.AddRange(Rules.Validate());
        errors.AddRange(Security.Validate());
        errors.AddRange(Audit.Validate());
        errors.AddRange(Limits.Validate());
        errors.AddRange(Metrics.Validate());
        errors.AddRange(Tls.Validate());
        return errors;
    }

    private static void CheckUrl(string url, string name, List<string> errors)
    {
        // Port 0 lets the OS choose (tests); the host must be an IP address, localhost or * for all interfaces.
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || (uri.Host != "localhost" && !System.Net.IPAddress.TryParse(uri.Host, out _)))
        {
            errors.Add($"{name} must be http://<ip address or localhost>:<port> (was '{url}')");
        }
    }
}
