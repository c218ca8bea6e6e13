using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using Xunit.Abstractions;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Fuzz;

/// <summary>Throws generated hostile input at a running gateway; see the folder README for the case families and how to replay.</summary>
public sealed class GatewayFuzzTests(GatewayFixture gateway, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    private const int BatchSize = 500;
    private const int MaxFailuresReported = 25;
    private const long MemoryGrowthLimit = 256L * 1024 * 1024;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Fuzz_GeneratedCases_EveryCallEndsWithAProperStatusAndTheServerKeepsServing()
    {
        var settings = FuzzSettings.FromEnvironment();
        using var http = RawGrpcCaller.CreateHttpClient(gateway.AdminKey);
        var runner = new FuzzRunner(gateway, new RawGrpcCaller(http, gateway.Host.GrpcAddress, CallTimeout), CallTimeout);
        var first = settings.OnlyCase ?? 0;
        var end = settings.OnlyCase + 1 ?? settings.Cases;
        output.WriteLine($"fuzz seed={settings.Seed} cases={first}..{end - 1} parallelism={settings.Parallelism} (replay one: VGW_FUZZ_SEED={settings.Seed} VGW_FUZZ_CASE=<index>)");

        await AssertServesAsync();
        var (managedBefore, workingSetBefore) = Memory();
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<string, int>();
        var kinds = new ConcurrentDictionary<string, int>();
        var warnings = 0;
        var unobserved = new ConcurrentQueue<string>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => unobserved.Enqueue(e.Exception.InnerException?.ToString() ?? e.Exception.ToString());
        TaskScheduler.UnobservedTaskException += OnUnobserved;
        var clock = Stopwatch.StartNew();
        var ran = 0L;
        for (var batch = first; batch < end && failures.Count < MaxFailuresReported; batch += BatchSize)
        {
            var batchEnd = Math.Min(batch + BatchSize, end);
            await Parallel.ForEachAsync(
                LongRange(batch, batchEnd),
                new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism },
                async (index, _) =>
                {
                    var fuzzCase = FuzzCaseGenerator.Generate(settings.Seed, index);
                    var outcome = await runner.SendAsync(fuzzCase);
                    var verdict = FuzzRunner.Judge(fuzzCase, outcome);
                    statuses.AddOrUpdate(outcome.Status?.ToString() ?? "none", 1, (_, n) => n + 1);
                    kinds.AddOrUpdate(fuzzCase.Kind, 1, (_, n) => n + 1);
                    if (verdict is not null)
                    {
                        failures.Enqueue($"seed={settings.Seed} case={index} [{fuzzCase}]: {verdict} (got {outcome.Status} '{Shorten(outcome.Message)}')");
                    }
                });
            ran += batchEnd - batch;

            // Error logs are failures; warnings (rejected requests) are drained so a long run does not hoard them.
            while (gateway.Logs.Entries.TryDequeue(out var entry))
            {
                if (entry.StartsWith("Error", StringComparison.Ordinal) || entry.StartsWith("Critical", StringComparison.Ordinal))
                {
                    failures.Enqueue($"seed={settings.Seed} cases={batch}..{batchEnd - 1}: error log: {Shorten(entry)}");
                }
                else
                {
                    warnings++;
                }
            }

            await AssertServesAsync();
            if (settings.IsFullRun && ran % 10_000 == 0)
            {
                var (managed, workingSet) = Memory();
                output.WriteLine($"after {ran} cases ({clock.Elapsed.TotalSeconds:0} s): managed heap {Mb(managed)} MB, working set {Mb(workingSet)} MB");
            }
        }

        clock.Stop();
        var (managedAfter, workingSetAfter) = Memory();
        TaskScheduler.UnobservedTaskException -= OnUnobserved;
        foreach (var exception in unobserved)
        {
            // A task the server started and abandoned failed unseen: a failure, unless VGW_FUZZ_STRICT_TASKS=0 asks only
            // for a report (e.g. while a new finding is being fixed).
            var line = $"seed={settings.Seed}: unobserved task exception: {Shorten(exception)}";
            if (settings.StrictTasks)
            {
                failures.Enqueue(line);
            }
            else
            {
                output.WriteLine("NOTE " + line);
            }
        }

        output.WriteLine($"ran {ran} cases in {clock.Elapsed.TotalSeconds:0.0} s ({ran / clock.Elapsed.TotalSeconds:0} cases/s); {warnings} warning log entries drained");
        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        output.WriteLine("kinds: " + string.Join(", ", kinds.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
        output.WriteLine($"managed heap {Mb(managedBefore)} -> {Mb(managedAfter)} MB; working set {Mb(workingSetBefore)} -> {Mb(workingSetAfter)} MB; "
            + $"institution actors {gateway.Host.Engine.Institutions.ActiveCount}, catalog actors {gateway.Host.Engine.Catalogs.ActiveCount}");
        foreach (var failure in failures)
        {
            output.WriteLine("FAIL " + failure);
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} fuzz failure(s) (seed {settings.Seed}); first: {failures.FirstOrDefault()}");
        Assert.True(managedAfter - managedBefore < MemoryGrowthLimit, $"managed heap grew {Mb(managedAfter - managedBefore)} MB over the run");
        if (settings.IsFullRun)
        {
            Assert.True(workingSetAfter - workingSetBefore < MemoryGrowthLimit * 2, $"working set grew {Mb(workingSetAfter - workingSetBefore)} MB over the run");
        }
    }

    private static IEnumerable<long> LongRange(long from, long to)
    {
        for (var i = from; i < to; i++)
        {
            yield return i;
        }
    }

    private static (long Managed, long WorkingSet) Memory()
    {
        // Aggressive: compacts the large object heap and gives free memory back to the OS, so the working set shows
        // what is still held rather than what the GC kept around after the big messages.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return (GC.GetTotalMemory(forceFullCollection: false), Environment.WorkingSet);
    }

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture);

    private static string? Shorten(string? text) => text is { Length: > 400 } ? text[..400] + "…" : text;

    /// <summary>A normal batch still gets its normal answer.</summary>
    private async Task AssertServesAsync()
    {
        var request = Request(DemoDataSet.Hospital3, Line("1", ValidDrug), Line("2", ExpiredDrug));
        var response = await gateway.Client.UnaryAsync(
            ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser, new GrpcCallOptions { Deadline = TimeSpan.FromSeconds(30) });
        Assert.Equal(request.RequestId, response.RequestId);
        Assert.Equal(Verdict.Pass, response.Lines[0].Verdict);
        Assert.Equal("NATIONAL_CODE_NOT_VALID_ON_DATE", Assert.Single(response.Lines[1].Findings).RuleId);
    }
}
