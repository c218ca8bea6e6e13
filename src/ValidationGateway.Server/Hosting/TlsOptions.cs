using System.Security.Cryptography.X509Certificates;

namespace ValidationGateway.Server.Hosting;

/// <summary>TLS settings (configuration section <c>Tls</c>): one HTTPS endpoint that serves gRPC over HTTP/2 and the pages
/// over HTTP/1.1, chosen per connection by ALPN.</summary>
public sealed class TlsOptions
{
    /// <summary>The HTTPS endpoint, e.g. https://0.0.0.0:5443; empty = no TLS endpoint (default).</summary>
    public string Url { get; set; } = "";

    /// <summary>Certificate: a PKCS#12 file (.pfx/.p12) or a PEM certificate (with <see cref="KeyPath"/>).</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>Password of a PKCS#12 file, if any.</summary>
    public string CertificatePassword { get; set; } = "";

    /// <summary>PEM private key, for a PEM certificate.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>Errors naming each bad setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        if (Url.Length == 0)
        {
            return [];
        }

        var errors = new List<string>();
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"Tls:Url must be https://<ip address or localhost>:<port> (was '{Url}')");
        }

        if (CertificatePath.Length == 0 || !File.Exists(CertificatePath))
        {
            errors.Add($"Tls:CertificatePath must name an existing certificate file (was '{CertificatePath}')");
        }
        else if (KeyPath.Length > 0 && !File.Exists(KeyPath))
        {
            errors.Add($"Tls:KeyPath '{KeyPath}' does not exist");
        }

        return errors;
    }

    /// <summary>Loads the certificate with its private key.</summary>
    public X509Certificate2 LoadCertificate() =>
        KeyPath.Length > 0 || CertificatePath.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || CertificatePath.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
            ? X509Certificate2.CreateFromPemFile(CertificatePath, KeyPath.Length > 0 ? KeyPath : null)
            : X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword.Length > 0 ? CertificatePassword : null);
}
