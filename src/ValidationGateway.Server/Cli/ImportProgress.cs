using System.Globalization;
using ValidationGateway.Storage.Files;

namespace ValidationGateway.Server.Cli;

/// <summary>
/// Shows how far an import file has been read: percentage of its bytes, rows, rows/s and the time left.
/// </summary>
/// <remarks>
/// On a terminal it redraws one line in place (carriage return) at most five times a second. When the output is
/// redirected (CI logs, pipes, files) it prints a plain line only when the percentage passes the next tenth or
/// five seconds have passed since the last line, so a log gets at most a dozen lines per file plus one per five
/// seconds. Reports come on the reading thread; not thread-safe.
/// </remarks>
internal sealed class ImportProgress(TextWriter writer, bool interactive, TimeProvider time, string label) : IProgress<FileReadPosition>
{
    private const int BarWidth = 30;
    private const int PlainStepPercent = 10;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    private readonly long _started = time.GetTimestamp();
    private long? _lastShown;
    private int _lastStep;
    private int _lastWidth;
    private bool _lineOpen;
    private bool _finished;

    /// <summary>A renderer for the CLI's error stream: in place on a terminal, plain lines when redirected.</summary>
    public static ImportProgress For(CliContext context, string label)
    {
        ArgumentNullException.ThrowIfNull(context);
        var terminal = ReferenceEquals(context.Error, Console.Error) && !Console.IsErrorRedirected;
        return new ImportProgress(context.Error, terminal, TimeProvider.System, label);
    }

    /// <inheritdoc />
    public void Report(FileReadPosition value)
    {
        if (_finished)
        {
            return;
        }

        var now = time.GetTimestamp();
        var sinceLast = time.GetElapsedTime(_lastShown ?? _started, now);
        var percent = Percent(value);
        if (interactive)
        {
            if (value.Finished || sinceLast >= RedrawInterval)
            {
                Redraw(value, percent, now);
            }
        }
        else
        {
            var step = (int)(percent / PlainStepPercent);
            if (value.Finished || step > _lastStep || sinceLast >= PlainInterval)
            {
                writer.WriteLine(Describe(value, percent, now));
                _lastStep = step;
                _lastShown = now;
            }
        }

        _finished = value.Finished;
    }

    /// <summary>Ends the in-place line, so what is printed next starts on a line of its own. Call when the import is over, however it ended.</summary>
    public void End()
    {
        if (_lineOpen)
        {
            writer.WriteLine();
            _lineOpen = false;
        }
    }

    private void Redraw(FileReadPosition value, double percent, long now)
    {
        var filled = (int)Math.Round(percent / 100 * BarWidth);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('-', BarWidth - filled)}] {Describe(value, percent, now)}");
        // Pad over the tail of a longer previous line.
        writer.Write("\r" + line.PadRight(_lastWidth));
        writer.Flush();
        _lastWidth = line.Length;
        _lineOpen = true;
        _lastShown = now;
    }

    private string Describe(FileReadPosition value, double percent, long now)
    {
        var elapsed = time.GetElapsedTime(_started, now);
        var rate = elapsed > TimeSpan.Zero ? value.RowsRead / elapsed.TotalSeconds : 0;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{label}: {percent,5:0.0}% of {value.Length / 1048576.0:0.0} MiB, {value.RowsRead:N0} rows, {rate:N0} rows/s");
        if (value.Finished)
        {
            return text + string.Create(CultureInfo.InvariantCulture, $", read in {Clock(elapsed)}; writing to the store…");
        }

        return percent > 0 && elapsed > TimeSpan.Zero
            ? text + ", ETA " + Clock(elapsed * ((100 - percent) / percent))
            : text + ", ETA --:--";
    }

    private static double Percent(FileReadPosition value) =>
        value.Finished || value.Length <= 0 ? 100 : Math.Clamp(100.0 * value.BytesRead / value.Length, 0, 100);

    private static string Clock(TimeSpan span) => span.TotalHours >= 1
        ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
