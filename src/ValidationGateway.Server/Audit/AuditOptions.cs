using System.Globalization;
using ValidationGateway.Storage;

namespace ValidationGateway.Server.Audit;

/// <summary>Audit trail settings (configuration section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>The longest <see cref="CommitDelay"/> allowed: every answer may wait that long.</summary>
    internal static readonly TimeSpan MaxCommitDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Most records written in one transaction (group commit). Default 512.</summary>
    public int MaxBatch { get; set; } = 512;

    /// <summary>Records waiting to be written before callers wait for room (bounded memory). Default 50,000.</summary>
    public int MaxQueue { get; set; } = 50_000;

    /// <summary>
    /// What a commit waits for before its answers leave: <c>PowerLoss</c> (default; one disk flush per group commit)
    /// or <c>ProcessCrash</c> (survives the gateway being killed, not a power loss of the store's machine; no flush
    /// on the answer's path). See <see cref="AuditDurability"/>.
    /// </summary>
    public AuditDurability Durability { get; set; } = AuditDurability.PowerLoss;

    /// <summary>
    /// Group commit delay: when records arrive often enough that more are expected within this time, the writer waits
    /// this long after taking the first ones, so that one commit carries them all (like PostgreSQL's
    /// <c>commit_delay</c>). Default 0.5 ms; 0 turns it off; at most 50 ms. Not applied below about one record per
    /// delay (a lone call is never held), nor once a batch holds <see cref="AuditLog.GatherBelow"/> records, nor where
    /// the platform cannot sleep less than a millisecond (then only a delay of a whole millisecond or more applies).
    /// </summary>
    public TimeSpan CommitDelay { get; set; } = TimeSpan.FromMilliseconds(0.5);

    /// <summary>
    /// Base64 key (≥ 32 bytes) of the keyed hash of psn_no. Several nodes sharing a store must share it. When empty
    /// with a SQLite store, a key is generated once into <c>audit-hash.key</c> beside the store file.
    /// </summary>
    public string HashKey { get; set; } = "";

    /// <summary>Errors naming each bad setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxBatch is < 1 or > 10_000)
        {
            errors.Add($"Audit:MaxBatch must be between 1 and 10000 (was {MaxBatch})");
        }

        if (MaxQueue < MaxBatch)
        {
            errors.Add($"Audit:MaxQueue must be at least Audit:MaxBatch (was {MaxQueue})");
        }

        if (CommitDelay < TimeSpan.Zero || CommitDelay > MaxCommitDelay)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Audit:CommitDelay must be between 0 and {MaxCommitDelay.TotalMilliseconds:0} ms (was {CommitDelay.TotalMilliseconds:0.###} ms)"));
        }

        if (!Enum.IsDefined(Durability))
        {
            errors.Add($"Audit:Durability must be PowerLoss or ProcessCrash (was {Durability})");
        }

        if (HashKey.Length > 0 && (!TryDecode(HashKey, out var key) || key.Length < 32))
        {
            errors.Add("Audit:HashKey must be base64 of at least 32 bytes");
        }

        return errors;
    }

    internal static bool TryDecode(string text, out byte[] key)
    {
        key = new byte[text.Length];
        if (Convert.TryFromBase64String(text.Trim(), key, out var written))
        {
            key = key[..written];
            return true;
        }

        return false;
    }
}
