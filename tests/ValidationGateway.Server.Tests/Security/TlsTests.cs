using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Hosting;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Security;

/// <summary>A gateway with a TLS endpoint on a self-signed certificate made for the test.</summary>
public sealed class TlsGatewayFixture : GatewayFixture
{
    public X509Certificate2 Certificate { get; private set; } = null!;

    /// <summary>The test certificate lives in the fixture's folder, which is deleted with the fixture.</summary>
    public string CaPemPath => Path.Combine(WorkDirectory, "gateway.pem");

    protected override void Configure(GatewaySettings settings)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var pfx = Path.Combine(WorkDirectory, "gateway.pfx");
        File.WriteAllBytes(pfx, made.Export(X509ContentType.Pfx, "test-password"));
        File.WriteAllText(CaPemPath, made.ExportCertificatePem());
        Certificate = X509CertificateLoader.LoadCertificate(made.RawData);
        settings.Tls.Url = "https://127.0.0.1:0";
        settings.Tls.CertificatePath = pfx;
        settings.Tls.CertificatePassword = "test-password";
    }

    public SocketsHttpHandler TrustingHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == Certificate.GetCertHashString(),
        },
    };
}

public sealed class TlsTests(TlsGatewayFixture gateway) : IClassFixture<TlsGatewayFixture>
{
    [Fact]
    public async Task Validate_OverTls_NegotiatesHttp2AndAnswers()
    {
        using var handler = gateway.TrustingHandler();
        using var client = new GrpcClient(gateway.Host.TlsAddress!, handler) { BearerToken = gateway.AdminKey };
        var response = await client.UnaryAsync(ValidationGrpcService.ValidatePath, Request(DemoDataSet.Hospital3, Line("1", ValidDrug)), ValidateResponse.Parser);
        Assert.Equal(Verdict.Pass, response.Verdict);
    }

    [Fact]
    public async Task Pages_OverTheSameTlsEndpoint_UseHttp11()
    {
        using var handler = gateway.TrustingHandler();
        using var http = new HttpClient(handler) { BaseAddress = gateway.Host.TlsAddress };
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
    }

    [Fact]
    public async Task UntrustedCertificate_IsRefusedByTheClient()
    {
        using var client = new GrpcClient(gateway.Host.TlsAddress!) { BearerToken = gateway.AdminKey };
        var ex = await Assert.ThrowsAsync<GrpcStatusException>(() =>
            client.UnaryAsync(ValidationGrpcService.ValidatePath, Request(DemoDataSet.Hospital3, Line("1", ValidDrug)), ValidateResponse.Parser));
        Assert.Equal(GrpcStatusCode.Unavailable, ex.StatusCode);
    }

    [Fact]
    public async Task GrpcJs_OverTlsWithTheGatewaysCertificate_Validates()
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(RepoPaths.Root, "tests", "interop", "interop.mjs"), $"localhost:{gateway.Host.TlsAddress!.Port}", "unary",
                     Path.Combine(RepoPaths.Root, "samples", "validate-request.json"), "--tls-ca", gateway.CaPemPath, "--meta", "authorization=Bearer " + gateway.AdminKey })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, stderr);
        var result = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(0, result.GetProperty("code").GetInt32());
        Assert.Equal("VERDICT_REJECT", result.GetProperty("response").GetProperty("verdict").GetString());
    }

    [Fact]
    public void Validate_TlsUrlWithoutCertificate_NamesTheSetting()
    {
        var errors = new TlsOptions { Url = "https://0.0.0.0:5443", CertificatePath = "/nonexistent.pfx" }.Validate();
        Assert.Contains(errors, e => e.StartsWith("Tls:CertificatePath", StringComparison.Ordinal));
        Assert.Contains(new TlsOptions { Url = "http://0.0.0.0:5443" }.Validate(), e => e.StartsWith("Tls:Url", StringComparison.Ordinal));
    }
}
