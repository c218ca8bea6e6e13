using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace ValidationGateway.Core.Security;

/// <summary>Format, generation and verification of API keys: <c>vgw_&lt;id&gt;_&lt;secret&gt;</c>.</summary>
/// <remarks>
/// The id (16 hex characters) finds the stored record; the secret (43 base64url characters, 256 random bits)
/// is checked against its SHA-256 in constant time. A fast hash is enough because the secret is random and long;
/// there is nothing to brute-force as with passwords.
/// </remarks>
public static class ApiKeys
{
    private const string Prefix = "vgw_";
    private const int IdLength = 16;
    private const int SecretLength = 43;

    /// <summary>Length of a well-formed key.</summary>
    public const int KeyLength = 4 + IdLength + 1 + SecretLength;

    /// <summary>Creates a new key: the string to hand out once, and the record to store.</summary>
    public static (string Key, ApiKeyRecord Record) Create(string? institutionCode, bool isAdmin, DateTimeOffset now)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdLength / 2));
        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        return ($"{Prefix}{id}_{secret}", new ApiKeyRecord(id, HashSecret(secret), isAdmin ? null : institutionCode, isAdmin, now, null));
    }

    /// <summary>Splits a presented key into id and secret; false when it does not have the key's shape.</summary>
    public static bool TryParse(ReadOnlySpan<char> key, [NotNullWhen(true)] out string? keyId, out ReadOnlySpan<char> secret)
    {
        keyId = null;
        secret = default;
        if (key.Length != KeyLength || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[Prefix.Length + IdLength] != '_')
        {
            return false;
        }

        var id = key.Slice(Prefix.Length, IdLength);
        foreach (var c in id)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        keyId = id.ToString();
        secret = key[(Prefix.Length + IdLength + 1)..];
        return true;
    }

    /// <summary>True when <paramref name="secret"/> hashes to the record's hash (constant-time comparison).</summary>
    public static bool Verify(ApiKeyRecord record, ReadOnlySpan<char> secret)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (secret.Length > SecretLength || record.SecretHash.Length != 64)
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[SecretLength * 3];
        Span<byte> hash = stackalloc byte[32];
        Span<char> hex = stackalloc char[64];
        var length = Encoding.UTF8.GetBytes(secret, utf8);
        SHA256.HashData(utf8[..length], hash);
        Convert.TryToHexStringLower(hash, hex, out _);
        return CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(hex), MemoryMarshal.AsBytes(record.SecretHash.AsSpan()));
    }

    private static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
