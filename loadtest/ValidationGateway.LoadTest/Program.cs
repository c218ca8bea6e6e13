using System.Globalization;
using ValidationGateway.LoadTest.Cli;
using ValidationGateway.LoadTest.Running;
using ValidationGateway.LoadTest.Traffic;

var errors = new List<string>();
var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
var options = OptionsParser.Parse(args, today, errors);
if (options.Help)
{
    Console.Out.WriteLine(OptionsParser.Usage.Replace("{0}", FaultMix.Default, StringComparison.Ordinal));
    return 0;
}

if (options.ListFaults)
{
    foreach (var fault in FaultCatalog.All)
    {
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{fault.Name,-21} {fault.RuleId,-32} {(fault.Verdict == ValidationGateway.Contracts.V1.Verdict.Warn ? "WARN" : "REJECT"),-7} {fault.Description}{(fault.Requires.Length == 0 ? "" : $" (needs {fault.Requires})")}"));
    }

    return 0;
}

if (errors.Count > 0)
{
    foreach (var message in errors)
    {
        Console.Error.WriteLine("error: " + message);
    }

    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C stops sending and reports what was measured; a second one ends the process.
    if (!stop.IsCancellationRequested)
    {
        e.Cancel = true;
        stop.Cancel();
    }
};

try
{
    return await new LoadRunner(options, Console.Out, Console.Error, !Console.IsOutputRedirected).RunAsync(stop.Token).ConfigureAwait(false);
}
catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 2;
}
