using System.Globalization;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using ValidationGateway.Benchmarks.Support;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Audit;
using ValidationGateway.Storage;
using ValidationGateway.Storage.Sqlite;

namespace ValidationGateway.Benchmarks.Audit;

/// <summary>What the audit trail's store write costs per record in the embedded SQLite store: one group commit of
/// <see cref="Batch"/> records of the benchmark's 8-line batch (<see cref="IGatewayStore.AppendAuditAsync"/>,
/// <see cref="AuditDurability.ProcessCrash"/>), reported per record.</summary>
/// <remarks>
/// <para>Every record has a new request id, so every insert adds a row (none is a replay). The baseline builds the same
/// records without writing them, so the difference is the store's share. Batch 1 is what a lone call at a low rate
/// pays; 8 and 64 are what group commit gives under load (the writer takes everything queued).</para>
/// <para>Not included: the store's background WAL checkpoint, which copies the same pages into the database file on
/// another thread (on the gateway's CPU when it has one), and the hand-offs between the request's thread and the
/// writer's. docs/performance.md uses this figure for the floor of target (a).</para>
/// </remarks>
public class AuditStoreBenchmarks
{
    private readonly PersonalDataHasher _hasher = new(RandomNumberGenerator.GetBytes(32));
    private string _directory = null!;
    private SqliteGatewayStore _store = null!;
    private ValidateRequest _request = null!;
    private ValidateResponse _response = null!;
    private AuditRecord[] _records = null!;
    private long _next;

    /// <summary>Records per group commit.</summary>
    [Params(1, 8, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("vgw-audit-bench-").FullName;
        _store = SqliteGatewayStore.OpenAsync(Path.Combine(_directory, "vgw.db"), TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
        (_request, _response) = OutpatientTraffic.Answered();
        _records = new AuditRecord[Batch];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "build the records only")]
    public AuditRecord[] Build()
    {
        Fill();
        return _records;
    }

    [Benchmark(Description = "build and append (one commit)")]
    public IReadOnlyList<bool> Append()
    {
        Fill();
        return _store.AppendAuditAsync(_records, AuditDurability.ProcessCrash, CancellationToken.None).GetAwaiter().GetResult();
    }

    private void Fill()
    {
        for (var i = 0; i < _records.Length; i++)
        {
            _request.RequestId = "bench-" + (++_next).ToString(CultureInfo.InvariantCulture);
            _records[i] = AuditRecords.Build(_request, _response, DateTimeOffset.UnixEpoch, _hasher);
        }
    }
}
