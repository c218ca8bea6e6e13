using System.Globalization;

namespace ValidationGateway.LoadTest.Running;

/// <summary>
/// The gateway's own latency histogram for the called method, read from its <c>/metrics</c> page
/// (<c>--gateway-metrics</c>) before and after the run: the gateway's p50 and p99, as the bounds of the buckets that
/// hold them, to set beside the tool's. Unary calls and the empty handler: <c>vgw_grpc_request_duration_seconds</c>
/// (request headers to status); a stream: <c>vgw_grpc_stream_message_duration_seconds</c> (each message, from reading it
/// to flushing its answer).
/// </summary>
internal sealed class GatewayHistogram(HttpClient http, Uri url, string family, string method)
{
    /// <summary>The histogram for what the run calls.</summary>
    public static GatewayHistogram For(HttpClient http, Uri url, bool stream, bool baseline) =>
        stream ? new(http, url, "vgw_grpc_stream_message_duration_seconds", StreamTarget.Path)
        : new(http, url, "vgw_grpc_request_duration_seconds", baseline ? UnaryTarget.BaselinePath : UnaryTarget.Path);

    /// <summary>The source, for the report: the page and the series.</summary>
    public string Source => $"{url} {family}{{method=\"{method}\"}}";

    /// <summary>Cumulative counts by bucket bound (seconds; +Inf last), or why the page could not be read.</summary>
    public async Task<(SortedDictionary<double, long>? Buckets, string? Problem)> TryReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var text = await http.GetStringAsync(url, timeout.Token).ConfigureAwait(false);
            var buckets = Parse(text, family, method);
            return buckets.Count == 0 ? (null, $"{url} has no {family} series for {method}") : (buckets, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return (null, $"{url} could not be read: {ex.Message}");
        }
    }

    /// <summary>The buckets of one method's series in a Prometheus text page.</summary>
    public static SortedDictionary<double, long> Parse(string text, string family, string method)
    {
        ArgumentNullException.ThrowIfNull(text);
        var prefix = family + "_bucket{";
        var methodLabel = $"method=\"{method}\"";
        var buckets = new SortedDictionary<double, long>();
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(prefix, StringComparison.Ordinal) || !line.Contains(methodLabel, StringComparison.Ordinal))
            {
                continue;
            }

            var le = line.IndexOf("le=\"", StringComparison.Ordinal);
            var close = line.IndexOf('}', StringComparison.Ordinal);
            if (le < 0 || close < 0)
            {
                continue;
            }

            // A line this parser cannot read (another server's page) is skipped, never fatal.
            var end = line.IndexOf('"', le + 4);
            var bound = end < 0 ? "" : line[(le + 4)..end];
            var value = line[(close + 1)..].Trim().Split(' ')[0];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var count)
                && double.TryParse(bound == "+Inf" ? "Infinity" : bound, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                buckets[seconds] = (long)count;
            }
        }

        return buckets;
    }

    /// <summary>What the gateway counted between two readings: calls, and the bucket bounds holding their p50 and p99.</summary>
    public static (long Calls, double? P50Ms, double? P99Ms) Between(SortedDictionary<double, long> before, SortedDictionary<double, long> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var deltas = after.Select(b => (Bound: b.Key, Count: b.Value - before.GetValueOrDefault(b.Key))).ToList();
        var calls = deltas.Count == 0 ? 0 : deltas[^1].Count;
        double? Bound(double q) => calls == 0 ? null : deltas.First(d => d.Count >= q * calls).Bound * 1000;
        return (calls, Bound(0.5), Bound(0.99));
    }
}
