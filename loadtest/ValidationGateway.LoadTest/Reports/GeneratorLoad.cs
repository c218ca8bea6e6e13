using System.Diagnostics;

namespace ValidationGateway.LoadTest.Reports;

/// <summary>What the load generator itself used during the measured phase: if it ran short of CPU or paused for
/// garbage collection, part of the measured latency is its own (the sender lag shows the rest).</summary>
/// <param name="CpuPercentOfOneCore">Process CPU time over the phase, in percent of one core.</param>
/// <param name="CpusUsable">Cores the process may run on (<c>taskset</c> and container limits included).</param>
/// <param name="GcCollections">Garbage collections, all generations.</param>
/// <param name="GcPauseMs">Total time the collector paused the process.</param>
internal sealed record GeneratorLoad(double CpuPercentOfOneCore, int CpusUsable, int GcCollections, double GcPauseMs)
{
    /// <summary>The share of its usable CPU from which the tool's own queueing shows in an open loop's tail: at
    /// 62–78% of its one core (4,800 calls/s), its p99 was 3–8 ms above the gateway's own (docs/performance.md, item 37).</summary>
    public const double BusyShare = 0.6;

    /// <summary>True when the tool used at least <see cref="BusyShare"/> of the CPU it may run on.</summary>
    public bool Busy => CpuPercentOfOneCore >= 100 * BusyShare * Math.Max(1, CpusUsable);

    /// <summary>Starts measuring; <see cref="Mark.Stop"/> gives the load since.</summary>
    public static Mark Start() => new(Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp(), CollectionCount(), GC.GetTotalPauseDuration());

    private static int CollectionCount() => GC.CollectionCount(0); // a gen1 or gen2 collection also counts as a gen0 one

    /// <summary>The counters at the start of the phase.</summary>
    internal readonly record struct Mark(TimeSpan Cpu, long Timestamp, int Collections, TimeSpan Paused)
    {
        public GeneratorLoad Stop()
        {
            var elapsed = Stopwatch.GetElapsedTime(Timestamp);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - Cpu;
            return new GeneratorLoad(
                elapsed > TimeSpan.Zero ? Math.Round(100 * cpu / elapsed, 1) : 0,
                Environment.ProcessorCount,
                CollectionCount() - Collections,
                Math.Round((GC.GetTotalPauseDuration() - Paused).TotalMilliseconds, 1));
        }
    }
}
