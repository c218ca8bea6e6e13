using System.Globalization;
using ValidationGateway.LoadTest.Schedules;
using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Cli;

/// <summary>Parses <c>vgw-load</c> arguments; reports every error at once.</summary>
internal static class OptionsParser
{
    private static readonly TimeSpan MaxPacing = TimeSpan.FromMilliseconds(100);

    public const string Usage = """
        vgw-load: load and correctness test for the ValidationGateway gRPC endpoint

        Target and safety
          --target URL              gateway or load balancer gRPC URL (default http://127.0.0.1:5080)
          --allow-remote            allow a non-loopback target (refused by default: load only your own machine)
          --key KEY                 API key sent as authorization: Bearer KEY (default: VGW_KEY)
          --key-file FILE           read the key from FILE, e.g. data/demo-admin.key written by `vgw serve` with demo data
          --header k=v              extra metadata on every call (repeatable)
          --connections N           HTTP/2 connections, exactly N, calls spread round robin (default 4)
          --client h2|httpclient    the calls' client: the tool's own HTTP/2 client (default; at its maximum about half
                                    of HttpClient's CPU per call), or .NET's HttpClient as a .NET HIS adapter uses it
          --deadline T              grpc-timeout of each unary call (default 10s)

        Mode (runs stop by themselves: --duration and/or --requests)
          --mode closed|open        closed: N workers back to back (max throughput); open: arrivals on a schedule
          --concurrency N           closed-loop workers / outstanding batches (default 64)
          --rate R                  open loop, constant R batches/s for --duration
          --step R:T,R:T…           open loop, steps (e.g. 1000:10s,2000:10s); the run lasts their sum
          --peak R                  open loop, the 08:00–11:00 outpatient curve compressed into --duration, top rate R
          --duration T              measured time (default 10s; e.g. 15s, 2m)
          --requests N              stop after N calls
          --warmup T                unmeasured warm-up before the run (default 2s; 0 for none)
          --drain T                 time allowed for calls in flight at the end (default 10s)
          --max-in-flight N         open loop: outstanding calls at most (default 10000)
          --pacing T                open loop: the sender wakes at most every T and sends the arrivals then due (default
                                    0.25ms, at most 100ms; 0 = at each arrival's time). A longer step costs the tool less
                                    CPU and adds up to T to each latency; the sender lag in the report shows it
          --spin                    open loop: spin instead of sleeping below 1.5 ms to the next arrival (exact pacing, burns a core)

        Calls
          --call unary|stream|empty Validate per batch, batches on ValidateStream streams, or (baseline) each batch to the
                            gateway's empty handler, served with vgw serve --enable-baseline-endpoint (default unary)
          --streams N               streams per institution for --call stream (default 2)

        Traffic
          --institutions A,B,…      institution codes, largest first (default: the 4 demo institutions); P… are pharmacies
          --zipf S                  size skew: the i-th institution gets weight 1/i^S (default 1.0; 0 = equal)
          --lines N                 fixed lines per batch (default: realistic distribution by scene)
          --inpatient P             share of hospital batches that are inpatient settlements (default 0.1)
          --catalog FILE            catalog import CSV/TSV to draw codes from (repeatable; default: the demo catalog)
          --knowledge FILE          rules (knowledge points) CSV in the gateway's import format: clean lines respect them,
                                    the gender/age/duplicate/frequency faults break them (default: the demo's points
                                    without --catalog, none with it)
          --local-code-prefix P     local code = P + national code, the institutions' mapping convention (default HIS)
          --doctors N               doctors each hospital registered: D + division (code chars 2–7) + 000001..N (default 9)
          --pharmacists N           pharmacists each pharmacy registered: Y + division + 000001..N (default 3)
          --fee-date yyyy-MM-dd     date of every fee line (default: today in China, UTC+8)
          --faults SPEC             per-line fault probabilities, name=p,… or none (default: {0};
                                    with --catalog the same without the mapping and doctor faults, which need the demo
                                    data's conventions)
          --list-faults             print the fault table and exit
          --seed N                  random seed (default 20261122)

        Output
          --out DIR                 where result.json and report.html go (default ./loadtest-results/<time>)
          --no-reconcile            do not compare the answers with the gateway's audit trail (by default its compliance
                            report is read before and after the run: needs an administrator key; differences fail the run)
          --gateway-metrics URL     the gateway's /metrics page (e.g. http://127.0.0.1:5081/metrics): its own latency
                            histogram is read before and after the run and its p50/p99 reported beside the tool's
                            (one node's: through a load balancer, that node's share of the calls)
          --h2load-body FILE        write one generated batch (same traffic options) as a gRPC-framed body for h2load -d, and exit
        """;

    public static LoadOptions Parse(IReadOnlyList<string> args, DateOnly today, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(errors);
        var o = new LoadOptions { FeeDate = today, CommandLine = string.Join(' ', args) };
        string? mode = null, rate = null, step = null, peak = null, call = null;
        var durationGiven = false;
        var faultsGiven = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 && arg != "--header")
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 < args.Count)
                {
                    return args[++i];
                }

                errors.Add($"{arg}: a value is missing");
                return "";
            }

            switch (arg)
            {
                case "--help" or "-h":
                    o.Help = true;
                    break;
                case "--list-faults":
                    o.ListFaults = true;
                    break;
                case "--target":
                    o.Target = HttpUrl("--target", Value(), "", errors) ?? o.Target;
                    break;
                case "--allow-remote":
                    o.AllowRemote = true;
                    break;
                case "--gateway-metrics":
                    o.GatewayMetrics = HttpUrl("--gateway-metrics", Value(), " (the gateway's /metrics page, e.g. http://127.0.0.1:5081/metrics)", errors);
                    break;
                case "--header":
                    var header = Value();
                    var split = header.IndexOf('=', StringComparison.Ordinal);
                    if (split <= 0)
                    {
                        errors.Add($"--header: '{header}' is not key=value");
                    }
                    else
                    {
                        o.Headers.Add(new(header[..split].Trim().ToLowerInvariant(), header[(split + 1)..]));
                    }

                    break;
                case "--key":
                    o.Headers.Add(new("authorization", "Bearer " + Value().Trim()));
                    break;
                case "--key-file":
                    var keyFile = Value();
                    if (File.Exists(keyFile))
                    {
                        o.Headers.Add(new("authorization", "Bearer " + File.ReadAllText(keyFile).Trim()));
                    }
                    else
                    {
                        errors.Add($"--key-file: '{keyFile}' does not exist");
                    }

                    break;
                case "--connections":
                    o.Connections = Int(arg, Value(), 1, 1024, errors);
                    break;
                case "--client":
                    switch (Value())
                    {
                        case "h2":
                            o.UseHttpClient = false;
                            break;
                        case "httpclient":
                            o.UseHttpClient = true;
                            break;
                        case var other:
                            errors.Add($"--client: '{other}' is not h2 or httpclient");
                            break;
                    }

                    break;
                case "--deadline":
                    o.Deadline = Duration(arg, Value(), errors);
                    break;
                case "--mode":
                    mode = Value();
                    break;
                case "--concurrency":
                    o.Concurrency = Int(arg, Value(), 1, 100_000, errors);
                    break;
                case "--rate":
                    rate = Value();
                    break;
                case "--step":
                    step = Value();
                    break;
                case "--peak":
                    peak = Value();
                    break;
                case "--duration":
                    o.Duration = Duration(arg, Value(), errors);
                    durationGiven = true;
                    break;
                case "--requests":
                    o.MaxRequests = Int(arg, Value(), 1, int.MaxValue, errors);
                    break;
                case "--warmup":
                    o.Warmup = Duration(arg, Value(), errors, allowZero: true);
                    break;
                case "--drain":
                    o.Drain = Duration(arg, Value(), errors, allowZero: true);
                    break;
                case "--max-in-flight":
                    o.MaxInFlight = Int(arg, Value(), 1, 1_000_000, errors);
                    break;
                case "--pacing":
                    var pacingErrors = errors.Count;
                    o.Pacing = Duration(arg, Value(), errors, allowZero: true);
                    if (errors.Count == pacingErrors && o.Pacing > MaxPacing)
                    {
                        errors.Add($"{arg}: at most {MaxPacing.TotalMilliseconds:0} ms; the sender's lag would swamp the latency it measures");
                    }

                    break;
                case "--spin":
                    o.Spin = true;
                    break;
                case "--no-reconcile":
                    o.Reconcile = false;
                    break;
                case "--call":
                    call = Value();
                    break;
                case "--streams":
                    o.StreamsPerInstitution = Int(arg, Value(), 1, 1000, errors);
                    break;
                case "--institutions":
                    o.Institutions = [.. Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    foreach (var code in o.Institutions.Where(c => !(c.Length == 12 && c[0] is 'H' or 'P' && c[1..].All(char.IsAsciiDigit))))
                    {
                        errors.Add($"--institutions: '{code}' is not H or P followed by 11 digits");
                    }

                    break;
                case "--zipf":
                    o.Zipf = Double(arg, Value(), 0, 5, errors);
                    break;
                case "--lines":
                    o.Lines = Int(arg, Value(), 1, 1000, errors);
                    break;
                case "--inpatient":
                    o.InpatientShare = Double(arg, Value(), 0, 1, errors);
                    break;
                case "--catalog":
                    o.CatalogFiles.Add(Value());
                    break;
                case "--knowledge":
                    o.KnowledgeFile = Value();
                    break;
                case "--fee-date":
                    var date = Value();
                    if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var feeDate))
                    {
                        o.FeeDate = feeDate;
                    }
                    else
                    {
                        errors.Add($"--fee-date: '{date}' is not yyyy-MM-dd");
                    }

                    break;
                case "--faults":
                    o.FaultText = Value();
                    faultsGiven = true;
                    break;
                case "--local-code-prefix":
                    o.LocalCodePrefix = Value();
                    if (o.LocalCodePrefix.Length > 50 || o.LocalCodePrefix.Any(char.IsWhiteSpace))
                    {
                        errors.Add($"--local-code-prefix: '{o.LocalCodePrefix}' must be at most 50 characters without spaces");
                    }

                    break;
                case "--doctors":
                    o.Doctors = Int(arg, Value(), 1, 899_999, errors);
                    break;
                case "--pharmacists":
                    o.Pharmacists = Int(arg, Value(), 1, 899_999, errors);
                    break;
                case "--seed":
                    o.Seed = Int(arg, Value(), 0, int.MaxValue, errors);
                    break;
                case "--out":
                    o.OutDirectory = Value();
                    break;
                case "--h2load-body":
                    o.H2loadBodyFile = Value();
                    break;
                default:
                    errors.Add($"unknown argument '{args[i]}' (see --help)");
                    break;
            }
        }

        if (!faultsGiven && o.CatalogFiles.Count > 0)
        {
            o.FaultText = FaultMix.DefaultWithoutDemoReference;
        }

        o.Faults = FaultMix.Parse(o.FaultText, errors);
        o.Stream = call switch
        {
            null or "unary" or "empty" => false,
            "stream" => true,
            _ => Fail($"--call: '{call}' is not unary, stream or empty", errors),
        };
        o.Baseline = call == "empty";

        var schedules = new[] { rate, step, peak }.Count(s => s is not null);
        if (schedules > 1)
        {
            errors.Add("give only one of --rate, --step, --peak");
        }

        o.OpenLoop = mode switch
        {
            "open" => true,
            "closed" => false,
            null => schedules > 0,
            _ => Fail($"--mode: '{mode}' is not open or closed", errors),
        };
        if (o.OpenLoop)
        {
            if (schedules == 0)
            {
                errors.Add("--mode open needs --rate, --step or --peak");
            }
            else if (rate is not null)
            {
                o.Schedule = new ConstantSchedule(Double("--rate", rate, 0.001, 10_000_000, errors), o.Duration.TotalSeconds);
            }
            else if (peak is not null)
            {
                o.Schedule = new OutpatientPeakSchedule(Double("--peak", peak, 0.001, 10_000_000, errors), o.Duration.TotalSeconds);
            }
            else if (StepSchedule.TryParse(step!, out var steps, out var error))
            {
                o.Schedule = steps;
                if (durationGiven && Math.Abs(steps!.DurationSeconds - o.Duration.TotalSeconds) > 1e-6)
                {
                    errors.Add("--step sets the run's length; leave out --duration");
                }

                o.Duration = TimeSpan.FromSeconds(steps!.DurationSeconds);
            }
            else
            {
                errors.Add(error);
            }
        }
        else if (schedules > 0)
        {
            errors.Add("--rate, --step and --peak are for --mode open");
        }

        if (o.Duration <= TimeSpan.Zero || o.Duration > TimeSpan.FromHours(4))
        {
            errors.Add("--duration: must be more than 0 and at most 4h (every run stops by itself)");
        }

        if (!o.Headers.Exists(h => h.Key == "authorization") && Environment.GetEnvironmentVariable("VGW_KEY") is { Length: > 0 } envKey)
        {
            o.Headers.Add(new("authorization", "Bearer " + envKey.Trim()));
        }

        return o;
    }

    private static bool Fail(string message, List<string> errors)
    {
        errors.Add(message);
        return false;
    }

    private static Uri? HttpUrl(string name, string text, string hint, List<string> errors)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        errors.Add($"{name}: '{text}' is not an http(s) URL{hint}");
        return null;
    }

    private static int Int(string name, string text, int min, int max, List<string> errors)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"{name}: '{text}' is not a whole number from {min} to {max}");
        return min;
    }

    private static double Double(string name, string text, double min, double max, List<string> errors)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"{name}: '{text}' is not a number from {min} to {max}");
        return min;
    }

    private static TimeSpan Duration(string name, string text, List<string> errors, bool allowZero = false)
    {
        if (DurationText.TryParse(text, out var value) && (allowZero || value > TimeSpan.Zero))
        {
            return value;
        }

        errors.Add($"{name}: '{text}' is not a duration such as 15s, 500ms or 2m");
        return TimeSpan.FromSeconds(1);
    }
}
