using System.Diagnostics;
using System.Net.Sockets;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Services;
using Xunit.Abstractions;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Cluster;

/// <summary>
/// Three real nodes on one PostgreSQL store behind the real HAProxy of deploy/haproxy (consistent hashing on
/// x-fixmedins-code, L7 retries with redispatch), Validate load from several institutions, then one node is
/// SIGKILLed or SIGTERMed mid-run. The client must see no error, every acknowledged request must be in the audit
/// trail (a resend comes back as a replay), and the node's institutions must be answered by the others.
/// </summary>
public sealed class FailoverTests(ClusterStoreFixture store, ITestOutputHelper output) : IClassFixture<ClusterStoreFixture>
{
    private const int Workers = 6;
    private const int AcknowledgedBeforeFault = 300;
    private const int MaxCalls = 4000;
    private static readonly TimeSpan LoadAfterFault = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Sigkill_NodeUnderLoad_NoClientErrorEveryAnswerAuditedAndItsInstitutionsMove()
    {
        await using var cluster = await GatewayCluster.StartAsync(store.Store, store.AuditHashKey);
        try
        {
            using var load = new ClusterLoad(cluster.Endpoint, store.AdminKey, store.Institutions);
            ClusterNode victim = null!;
            Dictionary<string, string> owners = null!;
            var (faultStart, killedAt) = (TimeSpan.Zero, TimeSpan.Zero);
            var faultDone = await load.RunAsync("kill", Workers, AcknowledgedBeforeFault, async () =>
            {
                faultStart = load.Now;
                owners = Owners(load.Acknowledged.Where(a => a.Answered < faultStart));
                victim = Busiest(cluster, owners);
                killedAt = load.Now;
                victim.Process.Kill(); // SIGKILL: no drain, no flush, connections reset
                await victim.Process.WaitForExitAsync();
            }, LoadAfterFault, MaxCalls);

            output.WriteLine($"owners before: {string.Join(", ", owners.Select(o => $"{o.Key}@{o.Value}"))}; acknowledged {load.Acknowledged.Count}, errors {load.Errors.Count}");
            var moved = AssertFailover(load, owners, victim.Name, faultStart, killedAt, faultDone);
            output.WriteLine($"killed {victim.Name} at {killedAt.TotalMilliseconds:0} ms; calls acknowledged {load.Acknowledged.Count}, client errors {load.Errors.Count}; " +
                $"its institutions {string.Join(", ", moved.Select(m => $"{m.Key}→{m.Value.Node} after {m.Value.Delay.TotalMilliseconds:0} ms"))}");
            var replay = Stopwatch.StartNew();
            Assert.Empty(await load.NotReplayedAsync());
            output.WriteLine($"{load.Acknowledged.Count} resends all replayed ({replay.ElapsedMilliseconds} ms)");
        }
        finally
        {
            DumpLog(cluster);
        }
    }

    [Fact]
    public async Task Sigterm_NodeUnderLoad_DrainsInFlightCallsAndStreamThenExitsZero()
    {
        await using var cluster = await GatewayCluster.StartAsync(store.Store, store.AuditHashKey);
        try
        {
            using var load = new ClusterLoad(cluster.Endpoint, store.AdminKey, store.Institutions);
            ClusterNode target = null!;
            Dictionary<string, string> owners = null!;
            var stream = new List<ValidateRequest>();
            var (faultStart, signalledAt) = (TimeSpan.Zero, TimeSpan.Zero);
            var stoppedAt = await load.RunAsync("drain", Workers, AcknowledgedBeforeFault, async () =>
            {
                faultStart = load.Now;
                owners = Owners(load.Acknowledged.Where(a => a.Answered < faultStart));
                target = Busiest(cluster, owners);
                var institution = owners.First(o => o.Value == target.Name).Key;
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

                // A stream straight to the node, open across the SIGTERM: in flight before, answered after.
                using var direct = new GrpcClient(new Uri($"http://127.0.0.1:{target.GrpcPort}")) { BearerToken = store.AdminKey };
                using var call = direct.DuplexStreaming<ValidateRequest, ValidateResponse>(ValidationGrpcService.ValidateStreamPath, ValidateResponse.Parser,
                    new GrpcCallOptions().WithMetadata("x-fixmedins-code", institution), timeout.Token);
                stream.Add(Batch(institution, "drain-stream-before"));
                await call.WriteAsync(stream[0], timeout.Token);
                Assert.Equal(stream[0].RequestId, (await call.ReadAsync(timeout.Token))?.RequestId);

                signalledAt = load.Now;
                await ClusterPrograms.TerminateAsync(target.Process.Id);
                await WaitUntilRefusedAsync(target.GrpcPort, timeout.Token);
                output.WriteLine($"{target.Name} stopped accepting connections");

                stream.Add(Batch(institution, "drain-stream-after"));
                await call.WriteAsync(stream[1], timeout.Token);
                Assert.Equal(stream[1].RequestId, (await call.ReadAsync(timeout.Token))?.RequestId);
                await call.CompleteAsync();
                Assert.Null(await call.ReadAsync(timeout.Token));
            }, LoadAfterFault, MaxCalls);

            using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                await target.Process.WaitForExitAsync(exit.Token);
            }

            output.WriteLine($"owners before: {string.Join(", ", owners.Select(o => $"{o.Key}@{o.Value}"))}; acknowledged {load.Acknowledged.Count}, errors {load.Errors.Count}");
            Assert.Equal(0, target.Process.ExitCode);
            var moved = AssertFailover(load, owners, target.Name, faultStart, signalledAt, stoppedAt);
            output.WriteLine($"SIGTERM to {target.Name}, stream done at {stoppedAt.TotalMilliseconds:0} ms, exit code 0; calls acknowledged {load.Acknowledged.Count}, client errors {load.Errors.Count}; " +
                $"its institutions {string.Join(", ", moved.Select(m => $"{m.Key}→{m.Value.Node} after {m.Value.Delay.TotalMilliseconds:0} ms"))}");
            Assert.Empty(await load.NotReplayedAsync());
            using var client = new GrpcClient(cluster.Endpoint) { BearerToken = store.AdminKey };
            foreach (var request in stream)
            {
                var replay = await client.UnaryAsync(ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser,
                    new GrpcCallOptions().WithMetadata("x-fixmedins-code", request.FixmedinsCode));
                Assert.True(replay.Replayed, $"{request.RequestId}, answered on the draining node's stream, is not in the audit trail");
            }
        }
        finally
        {
            DumpLog(cluster);
        }
    }

    /// <summary>
    /// No client-visible error; every institution was on exactly one node before the fault (consistent hashing);
    /// afterwards the faulty node's institutions are answered by others and no other institution moved.
    /// Returns, per moved institution, its new node and the time from the fault to its first answer there.
    /// </summary>
    /// <param name="faultStart">Before this, the cluster was whole.</param>
    /// <param name="signalledAt">When the signal was sent: the delays count from here.</param>
    /// <param name="faultDone">After this, the node is dead or no longer accepts connections.</param>
    private static Dictionary<string, (string Node, TimeSpan Delay)> AssertFailover(
        ClusterLoad load, Dictionary<string, string> owners, string failed, TimeSpan faultStart, TimeSpan signalledAt, TimeSpan faultDone)
    {
        Assert.True(load.Errors.IsEmpty, $"{load.Errors.Count} client-visible errors:\n{string.Join('\n', load.Errors.Take(20))}");
        foreach (var group in load.Acknowledged.Where(a => a.Answered < faultStart).GroupBy(a => a.Institution))
        {
            Assert.Single(group.Select(a => a.Node).Distinct());
        }

        var after = load.Acknowledged.Where(a => a.Sent > faultDone).ToList();
        var moved = new Dictionary<string, (string, TimeSpan)>();
        foreach (var (institution, owner) in owners)
        {
            var answers = after.Where(a => a.Institution == institution).ToList();
            Assert.NotEmpty(answers);
            if (owner == failed)
            {
                Assert.DoesNotContain(answers, a => a.Node == failed);
                var first = load.Acknowledged.Where(a => a.Institution == institution && a.Node != failed && a.Answered > signalledAt).MinBy(a => a.Answered)!;
                moved[institution] = (first.Node, first.Answered - signalledAt);
            }
            else
            {
                Assert.All(answers, a => Assert.Equal(owner, a.Node));
            }
        }

        Assert.NotEmpty(moved);
        // Generous on a loaded machine: the retries move a call at once, the health check within ~2 s.
        Assert.All(moved.Values, m => Assert.True(m.Item2 < TimeSpan.FromSeconds(10), $"moved only after {m.Item2}"));
        return moved;
    }

    private static Dictionary<string, string> Owners(IEnumerable<Acknowledged> acknowledged) =>
        acknowledged.GroupBy(a => a.Institution).ToDictionary(g => g.Key, g => g.MaxBy(a => a.Answered)!.Node);

    /// <summary>The node owning the most institutions: the fault then moves several of them.</summary>
    private static ClusterNode Busiest(GatewayCluster cluster, Dictionary<string, string> owners) =>
        cluster.Nodes.MaxBy(n => owners.Values.Count(v => v == n.Name))!;

    private static ValidateRequest Batch(string institution, string id)
    {
        var request = Request(institution, Line("1", ValidDrug), Line("2", ValidService, price: "8.00"));
        request.RequestId = id + "-" + Guid.NewGuid().ToString("N")[..8];
        return request;
    }

    private static async Task WaitUntilRefusedAsync(int port, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync("127.0.0.1", port, cancellationToken);
            }
            catch (SocketException)
            {
                return;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private void DumpLog(GatewayCluster cluster)
    {
        foreach (var line in cluster.Log.Take(200))
        {
            output.WriteLine(line);
        }
    }
}
