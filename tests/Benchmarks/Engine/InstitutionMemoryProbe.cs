using System.Diagnostics;
using System.Globalization;
using Google.Protobuf;
using ValidationGateway.Benchmarks.Support;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Actors;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Benchmarks.Engine;

/// <summary>What a full <see cref="InstitutionMemory"/> costs the garbage collector: bytes retained per visit and the
/// pauses of ephemeral collections while it fills and while it runs full (<c>memory-probe</c>, see README).</summary>
/// <remarks>
/// Not a BenchmarkDotNet benchmark: the quantity of interest is what the collector does with a large live memory, not
/// the time of one call. The memory is filled through <see cref="BatchValidator.Validate"/> with the benchmark batch
/// (8 clean lines, one visit and one patient-day per batch), each batch parsed from its wire bytes as the server does,
/// so the memory holds request strings exactly as it would in service. Collections are counted from
/// <see cref="GC.CollectionCount"/> and timed by <see cref="GC.GetTotalPauseDuration"/>; per-collection pauses and
/// promoted bytes come from <see cref="GC.GetGCMemoryInfo(GCKind)"/>, sampled after each batch (a batch that saw two
/// collections reports the last one; a background gen2 reports its two short pauses together).
/// </remarks>
internal static class InstitutionMemoryProbe
{
    public static int Run(string[] args)
    {
        var visits = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var steady = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : visits / 2;
        var snapshot = CatalogSnapshot.Build(DemoCatalog.Version, DemoCatalog.Rows, DemoCatalog.KnowledgePoints);
        var reference = OutpatientTraffic.Reference;
        var validator = OutpatientTraffic.Validator;
        var outcome = new BatchOutcome();
        var options = new VisitMemoryOptions { MaxVisits = visits, MaxPatientDays = visits };

        // JIT and tiering: the same calls on a throwaway memory first.
        var warm = new InstitutionMemory(options, TimeProvider.System);
        for (var i = 0; i < 20_000; i++)
        {
            validator.Validate(Parse(-1 - (i % 2_000)), snapshot, reference, warm, outcome);
        }

        warm = null;
        Write($"GC: server={System.Runtime.GCSettings.IsServerGC} latency={System.Runtime.GCSettings.LatencyMode} cores={Environment.ProcessorCount}");
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var memory = new InstitutionMemory(options, TimeProvider.System);
        var fill = Phase("fill", memory, validator, snapshot, reference, outcome, 0, visits);

        var youngGen1 = TimedGen1();
        var retained = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        Write($"retained: {retained / 1048576.0:F1} MiB for {memory.VisitCount} visits and {memory.PatientDayCount} patient-days = {(double)retained / memory.VisitCount:F0} B per visit");
        Write($"forced gen1 GC right after the fill (young objects promoted): {youngGen1:F2} ms");
        var settled = new double[5];
        for (var i = 0; i < settled.Length; i++)
        {
            settled[i] = TimedGen1();
        }

        Array.Sort(settled);
        Write($"forced gen1 GC with the memory in gen2 (median of 5): {settled[2]:F2} ms");

        var run = Phase("steady (full, evicting)", memory, validator, snapshot, reference, outcome, visits, steady);
        var steadyGen1 = TimedGen1();
        Write($"forced gen1 GC right after the steady phase: {steadyGen1:F2} ms");
        Write($"summary: B/visit={(double)retained / memory.VisitCount:F0} fillMeanPause={fill.MeanPause:F2}ms fillMaxPause={fill.MaxPause:F2}ms " +
              $"steadyMeanPause={run.MeanPause:F2}ms steadyMaxPause={run.MaxPause:F2}ms gen1AfterFill={youngGen1:F2}ms gen1Settled={settled[2]:F2}ms " +
              $"steadyAlloc={run.ValidateBytesPerBatch:F0}B/batch fillLongestValidate={fill.LongestCall:F1}ms steadyLongestValidate={run.LongestCall:F1}ms");
        GC.KeepAlive(memory);
        return 0;
    }

    private static PhaseResult Phase(string name, InstitutionMemory memory, BatchValidator validator, CatalogSnapshot snapshot,
        Core.Institutions.InstitutionReferenceData reference, BatchOutcome outcome, int first, int count)
    {
        var pauses = new List<double>();
        var promoted = new List<long>();
        var (longest, longestGeneration) = (0.0, -1);
        var validateBytes = 0L;
        var (longestCall, slowCalls) = (0.0, 0);
        var gcs = new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };
        var pauseBefore = GC.GetTotalPauseDuration();
        var lastIndex = GC.GetGCMemoryInfo(GCKind.Any).Index;
        var clock = Stopwatch.StartNew();
        for (var i = first; i < first + count; i++)
        {
            var request = Parse(i);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            lock (memory.Gate)
            {
                validator.Validate(request, snapshot, reference, memory, outcome);
            }

            var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            (longestCall, slowCalls) = (Math.Max(longestCall, took), slowCalls + (took > 5 ? 1 : 0));
            validateBytes += GC.GetAllocatedBytesForCurrentThread() - before;
            OutpatientTraffic.EnsureClean(outcome);
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            if (info.Index != lastIndex)
            {
                lastIndex = info.Index;
                var pause = info.PauseDurations[0].TotalMilliseconds + info.PauseDurations[1].TotalMilliseconds;
                pauses.Add(pause);
                promoted.Add(info.PromotedBytes);
                if (pause > longest)
                {
                    (longest, longestGeneration) = (pause, info.Generation);
                }
            }
        }

        clock.Stop();
        var total = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
        var n0 = GC.CollectionCount(0) - gcs[0];
        var n1 = GC.CollectionCount(1) - gcs[1];
        var n2 = GC.CollectionCount(2) - gcs[2];
        pauses.Sort();
        var result = new PhaseResult(
            n0 == 0 ? 0 : total / n0,
            pauses.Count == 0 ? 0 : pauses[^1],
            (double)validateBytes / count,
            longestCall);
        Write($"{name}: {count} batches in {clock.Elapsed.TotalSeconds:F1} s; GCs gen0+={n0} (of which gen1+={n1}, gen2={n2}); " +
              $"pause total {total:F0} ms, mean {result.MeanPause:F2} ms/GC; sampled {pauses.Count}: p50 {Percentile(pauses, 0.5):F2} ms, " +
              $"p90 {Percentile(pauses, 0.9):F2} ms, max {result.MaxPause:F2} ms (gen{longestGeneration}); promoted mean {(promoted.Count == 0 ? 0 : promoted.Average()) / 1048576.0:F1} MiB/GC; " +
              $"Validate allocated {result.ValidateBytesPerBatch:F0} B/batch; longest Validate {longestCall:F1} ms, {slowCalls} over 5 ms (growth, collections); visits {memory.VisitCount}, patient-days {memory.PatientDayCount}");
        return result;
    }

    private static double TimedGen1()
    {
        var clock = Stopwatch.StartNew();
        GC.Collect(1, GCCollectionMode.Forced, blocking: true);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>The i-th batch as the server sees it: parsed from wire bytes, so every string is its own object.</summary>
    private static ValidateRequest Parse(int i) => ValidateRequest.Parser.ParseFrom(OutpatientTraffic.Build(i).ToByteArray());

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, p * sorted.Count)];

    private static void Write(string text) => Console.WriteLine(text);

    private readonly record struct PhaseResult(double MeanPause, double MaxPause, double ValidateBytesPerBatch, double LongestCall);
}
