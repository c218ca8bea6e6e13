using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace ValidationGateway.Benchmarks;

/// <summary>The one configuration every benchmark runs under: short in-process runs with allocation counts.</summary>
/// <remarks>
/// In process (no generated project): BenchmarkDotNet's out-of-process toolchain rebuilds the referenced projects into
/// their own bin/obj folders, which collides with concurrent builds of the repository; it also keeps the whole run
/// under ten minutes. ShortRun (1 launch, 3 warm-up, 3 measured iterations) trades confidence intervals for time:
/// compare ratios within one run rather than absolute figures across machines.
/// </remarks>
public sealed class BenchmarkConfig : ManualConfig
{
    /// <summary>Creates the configuration.</summary>
    public BenchmarkConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortRun-InProcess"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(StatisticColumn.Median);
        AddExporter(MarkdownExporter.GitHub);
        AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
        WithOptions(ConfigOptions.DisableLogFile);
    }
}
