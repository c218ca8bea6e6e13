using System.Globalization;

namespace ValidationGateway.Server.Tests.Fuzz;

/// <summary>Fuzz run size and seed, from <c>VGW_FUZZ_CASES</c>, <c>VGW_FUZZ_SEED</c> and <c>VGW_FUZZ_CASE</c> (replay one case), <c>VGW_FUZZ_PARALLELISM</c>, <c>VGW_FUZZ_STRICT_TASKS</c>.</summary>
internal sealed record FuzzSettings(int Seed, long Cases, long? OnlyCase, int Parallelism, bool StrictTasks)
{
    public const int CiCases = 2_000;
    public const int DefaultSeed = 20_261_122;

    /// <summary>Runs this large or larger check memory growth and print the full report.</summary>
    public bool IsFullRun => Cases > CiCases;

    public static FuzzSettings FromEnvironment() => new(
        Read("VGW_FUZZ_SEED") is { } seed ? (int)seed : DefaultSeed,
        Read("VGW_FUZZ_CASES") ?? CiCases,
        Read("VGW_FUZZ_CASE"),
        (int)(Read("VGW_FUZZ_PARALLELISM") ?? 8),
        Read("VGW_FUZZ_STRICT_TASKS") != 0);

    private static long? Read(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;
}
