using System.Security.Cryptography;
using System.Text;

namespace ValidationGateway.Core.Audit;

/// <summary>Keyed hash (HMAC-SHA256) of personal identifiers such as psn_no, so the audit trail can link a patient's
/// records without holding the identifier. The key never leaves the gateway's configuration.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class PersonalDataHasher
{
    private readonly byte[] _key;

    /// <summary>Creates a hasher; the key must be at least 32 bytes.</summary>
    public PersonalDataHasher(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("the personal-data hash key must be at least 32 bytes", nameof(key));
        }

        _key = key;
    }

    /// <summary>The hash as lower-case hex; empty for an empty value.</summary>
    public string Hash(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return "";
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value), mac);
        return Convert.ToHexStringLower(mac);
    }
}
