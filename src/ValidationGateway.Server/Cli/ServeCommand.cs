using System.CommandLine;
using ValidationGateway.Core.Runtime;
using ValidationGateway.Core.Security;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Hosting;

namespace ValidationGateway.Server.Cli;

/// <summary><c>vgw serve</c>: runs the gateway; seeds the demo data set on a fresh store.</summary>
internal static class ServeCommand
{
    private static readonly Option<string?> GrpcUrl = new("--grpc-url") { Description = "gRPC endpoint, cleartext HTTP/2 (configuration key GrpcUrl; default http://127.0.0.1:5080)" };
    private static readonly Option<string?> HttpUrl = new("--http-url") { Description = "HTTP/1.1 endpoint for /healthz and /readyz (configuration key HttpUrl; default http://127.0.0.1:5081)" };
    private static readonly Option<bool> Baseline = new("--enable-baseline-endpoint") { Description = "Also serve BenchmarkService/Empty, an empty handler for transport baselines (configuration key EnableBaselineEndpoint)" };
    private static readonly Option<string?> TlsUrl = new("--tls-url") { Description = "HTTPS endpoint serving gRPC (HTTP/2) and pages (HTTP/1.1) by ALPN, e.g. https://0.0.0.0:5443 (configuration key Tls:Url)" };
    private static readonly Option<string?> TlsCert = new("--tls-cert") { Description = "Certificate for --tls-url: .pfx/.p12, or PEM with Tls:KeyPath (configuration key Tls:CertificatePath)" };
    private static readonly Option<bool> NoDemo = new("--no-demo") { Description = "Do not seed the demo data set on an empty store (configuration key SeedDemoOnEmptyStore=false)" };

    public static Command Build(CliContext context)
    {
        var command = new Command("serve", "Run the gateway (the default command)") { GrpcUrl, HttpUrl, NoDemo, Baseline, TlsUrl, TlsCert };
        command.SetAction((parse, ct) => RunAsync(context, parse, ct));
        return command;
    }

    public static Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken) => CommandErrors.RunAsync(context, async () =>
    {
        var settings = context.Settings(parse,
            ("GrpcUrl", parse.GetValue(GrpcUrl)),
            ("HttpUrl", parse.GetValue(HttpUrl)),
            ("SeedDemoOnEmptyStore", parse.GetValue(NoDemo) ? "false" : null),
            ("EnableBaselineEndpoint", parse.GetValue(Baseline) ? "true" : null),
            ("Tls:Url", parse.GetValue(TlsUrl)),
            ("Tls:CertificatePath", parse.GetValue(TlsCert)));
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                await context.Error.WriteLineAsync("error: " + e).ConfigureAwait(false);
            }

            return CommandErrors.Failed;
        }

        var store = await GatewayStoreFactory.OpenAsync(settings.Store, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        var seeded = false;
        string? demoKey = null;
        if (settings.SeedDemoOnEmptyStore && await DemoSeeder.IsEmptyAsync(store, cancellationToken).ConfigureAwait(false))
        {
            var rows = await DemoSeeder.SeedAsync(store, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"empty store: seeded the demo data set ({DemoDataSet.Institutions.Count} institutions, catalog {DemoDataSet.Version} with {rows} rows)").ConfigureAwait(false);
            seeded = true;
            var (key, record) = ApiKeys.Create(null, isAdmin: true, DateTimeOffset.UtcNow);
            await store.AddApiKeyAsync(record, cancellationToken).ConfigureAwait(false);
            demoKey = key;
            if (DemoKeyFile.PathFor(settings.Store) is { } keyFile)
            {
                await DemoKeyFile.WriteAsync(keyFile, key, cancellationToken).ConfigureAwait(false);
            }
        }

        await using var host = await GatewayHost.StartAsync(settings, store, null, cancellationToken).ConfigureAwait(false);
        if (Gen0Budget.Warning() is { } gc)
        {
            // Once it runs (a start that fails says only why). Measured on such a machine: ~22 collections a second at
            // 4,500 calls/s, and a server-side p99 of 7.5-25 instead of 5 ms at 6,500 calls/s (docs/performance.md, item 41).
            await context.Error.WriteLineAsync("warning: " + gc).ConfigureAwait(false);
        }

        await PrintBannerAsync(context.Out, settings, host, seeded, demoKey).ConfigureAwait(false);
        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        await context.Out.WriteLineAsync("vgw stopped").ConfigureAwait(false);
        return CommandErrors.Ok;
    });

    private static async Task PrintBannerAsync(TextWriter output, GatewaySettings settings, GatewayHost host, bool seeded, string? demoKey)
    {
        var grpc = host.GrpcAddress;
        var current = host.Engine.CurrentVersion ?? "(none published: import and publish a catalog)";
        await output.WriteLineAsync($"""
            ValidationGateway is running.
              store            {settings.DescribeStore()}
              catalog          {current}
              gRPC (h2c)       {grpc}   validationgateway.v1.ValidationService/Validate, ValidateStream; grpc.health.v1.Health
              HTTP             {host.HttpAddress}admin, {host.HttpAddress}healthz, {host.HttpAddress}readyz{(host.TlsAddress is { } tls ? $"{Environment.NewLine}  TLS              {tls}   gRPC (h2) and pages (http/1.1) by ALPN" : "")}
              contract         protos/validationgateway/v1/validation.proto

            {(demoKey is null ? "" : $"Demo administrator key (shown once; also saved in {DemoKeyFile.PathFor(settings.Store) ?? "nowhere"}):{Environment.NewLine}  {demoKey}{Environment.NewLine}")}
            Send a sample batch (in another terminal; it uses the demo key file beside the store):
              dotnet run --project src/ValidationGateway.Server -- sample --grpc-url {grpc}
            or with grpcurl, from the repository root:
              grpcurl -plaintext -H "authorization: Bearer $(cat {DemoKeyFile.PathFor(settings.Store) ?? "KEYFILE"})" -import-path protos -proto validationgateway/v1/validation.proto -d @ {grpc.Authority} validationgateway.v1.ValidationService/Validate < samples/validate-request.json
            {(seeded ? $"Demo institutions: {string.Join(", ", DemoDataSet.Institutions.Select(i => i.Code))}." : "")}
            Press Ctrl+C to stop.
            """).ConfigureAwait(false);
    }
}
