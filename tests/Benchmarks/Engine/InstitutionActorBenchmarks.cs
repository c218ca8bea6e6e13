using BenchmarkDotNet.Attributes;
using ValidationGateway.Benchmarks.Support;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Actors;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Benchmarks.Engine;

/// <summary>(b) <see cref="InstitutionActor.ValidateAsync"/> on a warm actor: the mailbox, validation and the protobuf response.</summary>
/// <remarks>
/// One operation = one 8-line batch, traffic as in <see cref="BatchValidatorBenchmarks"/>. The mailbox is idle, so the
/// batch runs inline on the caller's thread (the common case). <c>Response only</c> isolates
/// <see cref="ResponseBuilder.Build"/> on an outcome validated in setup, to show what the response costs.
/// </remarks>
public class InstitutionActorBenchmarks
{
    private const int PoolSize = 10_000;

    private OutpatientTraffic _traffic = null!;
    private InstitutionActor _retransmitted = null!;
    private InstitutionActor _newVisits = null!;
    private BatchOutcome _validated = null!;
    private ValidateRequest _validatedRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        _traffic = new OutpatientTraffic(PoolSize);
        var key = new InstitutionActorKey(DemoCatalog.Hospital3, DemoCatalog.Version);
        var retransmittedMemory = OutpatientTraffic.Memory(2 * PoolSize);
        _traffic.Prime(retransmittedMemory);
        var newVisitsMemory = OutpatientTraffic.Memory(4_096);
        _traffic.Prime(newVisitsMemory);
        _retransmitted = new InstitutionActor(key, OutpatientTraffic.Reference, OutpatientTraffic.Snapshot, retransmittedMemory);
        _newVisits = new InstitutionActor(key, OutpatientTraffic.Reference, OutpatientTraffic.Snapshot, newVisitsMemory);

        _validatedRequest = _traffic.Requests[0];
        _validated = new BatchOutcome();
        OutpatientTraffic.Validator.Validate(_validatedRequest, OutpatientTraffic.Snapshot, OutpatientTraffic.Reference, null, _validated);
        OutpatientTraffic.EnsureClean(_validated);
    }

    [Benchmark(Baseline = true, Description = "Response only (ResponseBuilder.Build)")]
    public ValidateResponse ResponseOnly() => ResponseBuilder.Build(_validatedRequest, DemoCatalog.Version, _validated, RuleTable.Default);

    [Benchmark(Description = "Actor.ValidateAsync, retransmitted lines")]
    public ValidateResponse Retransmitted() => Validate(_retransmitted);

    [Benchmark(Description = "Actor.ValidateAsync, new visit (memory full)")]
    public ValidateResponse NewVisits() => Validate(_newVisits);

    private ValidateResponse Validate(InstitutionActor actor)
    {
        var pending = actor.ValidateAsync(OutpatientTraffic.Validator, _traffic.Next());
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }
}
