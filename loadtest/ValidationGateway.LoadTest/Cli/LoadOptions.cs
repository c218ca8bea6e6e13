using ValidationGateway.LoadTest.Schedules;
using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Cli;

/// <summary>Everything a run needs, parsed and checked from the command line.</summary>
internal sealed class LoadOptions
{
    public Uri Target { get; set; } = new("http://127.0.0.1:5080");

    public bool OpenLoop { get; set; }

    /// <summary>Open loop only.</summary>
    public IArrivalSchedule? Schedule { get; set; }

    public int Concurrency { get; set; } = 64;

    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(10);

    public long MaxRequests { get; set; } = long.MaxValue;

    public TimeSpan Warmup { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan Drain { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(10);

    public bool Stream { get; set; }

    /// <summary>The gateway's <c>/metrics</c> page, read before and after the run for its own latency (<c>--gateway-metrics</c>).</summary>
    public Uri? GatewayMetrics { get; set; }

    /// <summary>Calls the empty baseline handler instead of Validate (<c>--call empty</c>).</summary>
    public bool Baseline { get; set; }

    public int StreamsPerInstitution { get; set; } = 2;

    public int Connections { get; set; } = 4;

    /// <summary>The calls' client: true for <see cref="HttpClient"/> (<c>--client httpclient</c>), false for the tool's
    /// own HTTP/2 client (<c>--client h2</c>, the default).</summary>
    public bool UseHttpClient { get; set; }

    public int MaxInFlight { get; set; } = 10_000;

    public bool Spin { get; set; }

    /// <summary>Open loop: the sender sleeps at least this long between wake-ups, and sends every arrival then due
    /// (<c>--pacing</c>). Zero wakes it at each arrival's time.</summary>
    public TimeSpan Pacing { get; set; } = TimeSpan.FromMilliseconds(0.25);

    public IReadOnlyList<string> Institutions { get; set; } = DemoCatalog.Institutions;

    public double Zipf { get; set; } = 1.0;

    public int? Lines { get; set; }

    public double InpatientShare { get; set; } = 0.1;

    public string FaultText { get; set; } = FaultMix.Default;

    public FaultMix Faults { get; set; } = new([]);

    /// <summary>Local code = this prefix + national code (the demo data's mapping convention).</summary>
    public string LocalCodePrefix { get; set; } = CodePool.DefaultLocalPrefix;

    /// <summary>Registered doctors per hospital: D + division + 000001..N.</summary>
    public int Doctors { get; set; } = 9;

    /// <summary>Registered pharmacists per pharmacy: Y + division + 000001..N.</summary>
    public int Pharmacists { get; set; } = 3;

    public List<string> CatalogFiles { get; } = [];

    public string? KnowledgeFile { get; set; }

    public DateOnly FeeDate { get; set; }

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    public int Seed { get; set; } = 20261122;

    public string? OutDirectory { get; set; }

    public bool AllowRemote { get; set; }

    /// <summary>Compare the answers with the gateway's audit trail (its compliance report before and after the run).</summary>
    public bool Reconcile { get; set; } = true;

    public bool Help { get; set; }

    public bool ListFaults { get; set; }

    /// <summary>Write one generated batch as a gRPC-framed body for h2load and exit.</summary>
    public string? H2loadBodyFile { get; set; }

    /// <summary>The command line as given, for the report.</summary>
    public string CommandLine { get; set; } = "";
}
