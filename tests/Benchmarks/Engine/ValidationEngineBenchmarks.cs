using BenchmarkDotNet.Attributes;
using ValidationGateway.Benchmarks.Support;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Actors;
using ValidationGateway.Core.Validation;

namespace ValidationGateway.Benchmarks.Engine;

/// <summary>(c) <see cref="ValidationEngine.ValidateAsync"/> end to end with an in-memory data source, actors already active.</summary>
/// <remarks>
/// One operation = one 8-line batch, traffic as in <see cref="BatchValidatorBenchmarks"/>: request checks (field
/// limits), the current version, the actor lookup, the mailbox, validation and the response. Activation (building
/// the 300k-code snapshot, loading mappings and practitioners) happens in setup, as does priming the memory.
/// </remarks>
public class ValidationEngineBenchmarks
{
    private const int PoolSize = 10_000;

    private OutpatientTraffic _traffic = null!;
    private ValidationEngine _retransmitted = null!;
    private ValidationEngine _newVisits = null!;

    [GlobalSetup]
    public void Setup()
    {
        _traffic = new OutpatientTraffic(PoolSize);
        _retransmitted = Start(2 * PoolSize);
        _newVisits = Start(4_096);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _retransmitted.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _newVisits.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "Engine.ValidateAsync, retransmitted lines")]
    public ValidateResponse Retransmitted() => Validate(_retransmitted);

    [Benchmark(Description = "Engine.ValidateAsync, new visit (memory full)")]
    public ValidateResponse NewVisits() => Validate(_newVisits);

    private ValidateResponse Validate(ValidationEngine engine)
    {
        var pending = engine.ValidateAsync(_traffic.Next(), CancellationToken.None);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    private ValidationEngine Start(int maxEntries)
    {
        var options = new ValidationEngineOptions
        {
            VisitMemory = new VisitMemoryOptions { MaxVisits = maxEntries, MaxPatientDays = maxEntries },
            // The run must not lose its warm actor to idle collection or re-read the version mid-measurement.
            InstitutionActors = new ActorRegistryOptions { IdleTimeout = TimeSpan.FromDays(1), CollectionInterval = TimeSpan.Zero },
            CatalogActors = new ActorRegistryOptions { IdleTimeout = TimeSpan.FromDays(1), CollectionInterval = TimeSpan.Zero },
            CatalogPollInterval = TimeSpan.FromDays(1),
        };
        var engine = new ValidationEngine(new InMemoryDataSource(), OutpatientTraffic.Validator, options, TimeProvider.System);
        engine.WarmUpAsync(CancellationToken.None).GetAwaiter().GetResult();
        foreach (var request in _traffic.Requests)
        {
            var response = engine.ValidateAsync(request, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            if (response.Verdict != Verdict.Pass)
            {
                throw new InvalidOperationException($"the benchmark batch {request.RequestId} did not pass: {response}");
            }
        }

        return engine;
    }
}
