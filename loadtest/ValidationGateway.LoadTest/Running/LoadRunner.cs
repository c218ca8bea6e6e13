using System.Globalization;
using ValidationGateway.Core.Runtime;
using ValidationGateway.Grpc;
using ValidationGateway.LoadTest.Cli;
using ValidationGateway.LoadTest.Correctness;
using ValidationGateway.LoadTest.Http2;
using ValidationGateway.LoadTest.Metrics;
using ValidationGateway.LoadTest.Reports;
using ValidationGateway.LoadTest.Schedules;
using ValidationGateway.LoadTest.Traffic;

namespace ValidationGateway.LoadTest.Running;

/// <summary>One <c>vgw-load</c> run: build the traffic model, warm up, run the measured phase with live progress, report.</summary>
internal sealed class LoadRunner(LoadOptions options, TextWriter output, TextWriter error, bool terminal)
{
    public async Task<int> RunAsync(CancellationToken stop)
    {
        if (await LoopbackGuard.CheckAsync(options.Target, options.AllowRemote, stop).ConfigureAwait(false) is { } refusal)
        {
            await error.WriteLineAsync("error: " + refusal).ConfigureAwait(false);
            return 2;
        }

        var (items, catalogText) = LoadCatalog();
        var knowledge = options.CatalogFiles.Count == 0 ? DemoCatalog.Knowledge : KnowledgePoints.Empty;
        if (options.KnowledgeFile is { } kf)
        {
            using var reader = new StreamReader(kf);
            knowledge = KnowledgePoints.Read(reader, kf);
        }

        var pool = new CodePool(items, options.FeeDate, options.LocalCodePrefix);
        if (pool.ValidCount == 0)
        {
            await error.WriteLineAsync($"error: no code in {catalogText} is valid on {options.FeeDate:yyyy-MM-dd}").ConfigureAwait(false);
            return 2;
        }

        if (options.Faults.Entries.Any(f => f.Kind.Name == "expired") && pool.Expired.Count == 0)
        {
            await error.WriteLineAsync("warning: the catalog has no code that is invalid on the fee date; the 'expired' fault will not be injected").ConfigureAwait(false);
        }

        catalogText += string.Create(CultureInfo.InvariantCulture, $": {pool.ValidCount:#,0} valid and {pool.Expired.Count:#,0} expired codes on {options.FeeDate:yyyy-MM-dd}, {knowledge.Count} knowledge points");
        var model = new TrafficModel
        {
            Pool = pool,
            Institutions = new InstitutionMix(options.Institutions, options.Zipf),
            Lines = new LineCountDistribution(options.Lines),
            Faults = options.Faults,
            Knowledge = knowledge,
            InpatientShare = options.InpatientShare,
            Doctors = options.Doctors,
            Pharmacists = options.Pharmacists,
            RunId = Guid.NewGuid().ToString("N")[..8],
        };

        if (options.H2loadBodyFile is { } bodyFile)
        {
            await File.WriteAllBytesAsync(bodyFile, GrpcMessageWriter.Frame(new TrafficGenerator(model, options.Seed).Next().Request, gzip: false), stop).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote {bodyFile}: one gRPC-framed ValidateRequest (request_id repeats on every h2load call)").ConfigureAwait(false);
            return 0;
        }

        // Only a run that makes calls: writing an h2load body measures nothing.
        await WarnAboutRuntimeAsync().ConfigureAwait(false);

        // The audit trail is read through HttpClient whichever client carries the load.
        var clock = TimeProvider.System;
        using var channel = new GrpcChannel(options.Target, options.UseHttpClient ? options.Connections : 1, options.Headers, options.Deadline);
        using IGrpcTransport transport = options.UseHttpClient
            ? new HttpClientTransport(channel, clock)
            : new Http2Transport(options.Target, options.Connections, options.Headers, options.Deadline, clock);
        await using var target = options.Stream ? new StreamTarget(transport, options.StreamsPerInstitution) : (ICallTarget)new UnaryTarget(transport, options.Baseline);
        await output.WriteLineAsync($"vgw-load → {options.Target} ({(options.OpenLoop ? options.Schedule!.Description : $"closed loop, {options.Concurrency} workers, {options.Duration.TotalSeconds:0.#} s")}, {target.Kind}); codes: {catalogText}").ConfigureAwait(false);

        var ledger = new AnswerLedger();
        var audit = new GatewayAudit(channel, options.FeeDate);
        Dictionary<string, AuditCounts>? auditBefore = null;
        var auditSkipped = !options.Reconcile ? "--no-reconcile"
            : !target.JudgesAnswers ? "the empty handler records nothing"
            : null;
        if (auditSkipped is null)
        {
            (auditBefore, auditSkipped) = await audit.TryReadAsync(options.Institutions, stop).ConfigureAwait(false);
            await output.WriteLineAsync(auditBefore is null
                ? $"audit trail: not compared with the answers ({auditSkipped})"
                : string.Create(CultureInfo.InvariantCulture, $"audit trail before the run: {auditBefore.Values.Sum(c => c.Batches):#,0} batches recorded for these institutions")).ConfigureAwait(false);
        }

        // From the warm-up to the end of the measured run: without it the tool's full collections stop it (HeapFloor).
        var heapFloor = new HeapFloor();
        long warmFailed = 0;
        if (options.Warmup > TimeSpan.Zero)
        {
            var warm = new RunMetrics();
            var warmRunner = new CallRunner(target, warm, new CorrectnessTally(), clock, ledger);
            var settle = SettleTime(options.Warmup);
            await WarmAsync(warmRunner, model, options.Warmup - settle, options.Seed + 7919, stop).ConfigureAwait(false);
            if (warm.Completed == 0 && warm.Failed > 0)
            {
                var w = warm.Snapshot();
                await error.WriteLineAsync("error: every warm-up call failed: " + string.Join("; ", w.ErrorSamples.Select(e => $"{e.Key}: {e.Value}"))).ConfigureAwait(false);
                return 2;
            }

            // What the warm-up left on the tool's own heap (its first calls' burst while it compiled) is collected now,
            // not by collections that pause the tool inside the measured run and count as the gateway's latency.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();

            // The first gen1 collection after that one paused the tool for 5–14 ms, about a second into the run; the
            // warm-up's last part takes it instead (docs/performance.md, item 32).
            await WarmAsync(warmRunner, model, settle, options.Seed + 7907, stop).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"warm-up {options.Warmup.TotalSeconds:0.#} s: {warm.Completed:#,0} ok, {warm.Failed:#,0} failed (not counted)")).ConfigureAwait(false);
            warmFailed = warm.Failed;
        }

        // The gateway's own histogram over the measured run, when its /metrics page was given.
        using var metricsHttp = options.GatewayMetrics is null ? null : new HttpClient();
        var histogram = options.GatewayMetrics is { } metricsUrl ? GatewayHistogram.For(metricsHttp!, metricsUrl, options.Stream, options.Baseline) : null;
        var (histogramBefore, histogramProblem) = histogram is null ? (null, null) : await histogram.TryReadAsync(stop).ConfigureAwait(false);

        var metrics = new RunMetrics();
        var tally = new CorrectnessTally();
        var runner = new CallRunner(target, metrics, tally, clock, ledger);
        var reporter = new ProgressReporter(metrics, options.Schedule, output, terminal, clock);
        using var stopReporter = new CancellationTokenSource();
        var startedAt = DateTimeOffset.Now;
        var generatorMark = GeneratorLoad.Start();
        var start = clock.GetTimestamp();
        var progress = reporter.RunAsync(stopReporter.Token);
        if (options.OpenLoop)
        {
            await OpenLoopDriver.RunAsync(runner, model, options.Schedule!, options.MaxRequests, options.MaxInFlight, options.Seed, options.Spin, options.Pacing, options.Drain, stop).ConfigureAwait(false);
        }
        else
        {
            await ClosedLoopDriver.RunAsync(runner, model, options.Concurrency, options.Duration, options.MaxRequests, options.Seed, options.Drain, stop).ConfigureAwait(false);
        }

        var measured = clock.GetElapsedTime(start).TotalSeconds;
        GatewayLatency? gatewayLatency = null;
        if (histogram is not null)
        {
            var (histogramAfter, problem) = histogramBefore is null ? (null, histogramProblem) : await histogram.TryReadAsync(CancellationToken.None).ConfigureAwait(false);
            var (calls, p50, p99) = histogramAfter is null ? (0, null, null) : GatewayHistogram.Between(histogramBefore!, histogramAfter);
            gatewayLatency = new GatewayLatency(histogram.Source, calls, p50, p99, problem ?? "");
        }

        heapFloor.Release();
        var generator = generatorMark.Stop();
        await stopReporter.CancelAsync().ConfigureAwait(false);
        await progress.ConfigureAwait(false);
        var lastSecond = metrics.Snapshot().Seconds.Count + 1;
        if (measured > lastSecond - 1 + 0.05)
        {
            reporter.Report(lastSecond);
        }

        var auditResult = AuditResult.Skip(auditSkipped ?? "");
        if (auditBefore is not null)
        {
            var (auditAfter, problem) = await audit.TryReadAsync(options.Institutions, CancellationToken.None).ConfigureAwait(false);
            auditResult = auditAfter is null
                ? AuditResult.Skip(problem!)
                : AuditReconciliation.Compare(options.Institutions, auditBefore, auditAfter, ledger, warmFailed + metrics.Failed);
        }

        var result = ResultBuilder.Build(options, startedAt, measured, catalogText, metrics.Snapshot(), tally.Snapshot(), auditResult, generator, transport.ConnectionsOpened, (target as StreamTarget)?.StreamsOpened ?? 0)
            with { GatewayLatency = gatewayLatency, Client = transport.Name };
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteAsync(TextSummary.Render(result)).ConfigureAwait(false);

        var directory = options.OutDirectory ?? Path.Combine("loadtest-results", startedAt.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "result.json");
        var html = Path.Combine(directory, "report.html");
        await File.WriteAllTextAsync(json, JsonReport.Render(result), CancellationToken.None).ConfigureAwait(false);
        await File.WriteAllTextAsync(html, HtmlReport.Render(result), CancellationToken.None).ConfigureAwait(false);
        await output.WriteLineAsync($"wrote {json} and {html}").ConfigureAwait(false);
        return result.Correctness.AllCorrect && result.Failed == 0 && result.Audit.Status != AuditResult.Differs ? 0 : 1;
    }

    /// <summary>The part of the warm-up that runs after the tool's forced collection: 1.5 s, at most half of it.</summary>
    internal static TimeSpan SettleTime(TimeSpan warmup) => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1.5).Ticks, warmup.Ticks / 2));

    /// <summary>Runtime settings that make the tool's own cost show as the target's latency, said before the calls start.</summary>
    private async Task WarnAboutRuntimeAsync()
    {
        if (Environment.ProcessorCount == 1 && Environment.GetEnvironmentVariable("DOTNET_TC_CallCountingDelayMs") is null)
        {
            // Measured: pinned to one CPU, the tool's hot path stayed unoptimised and it used ~85% of its core at
            // 2,300 calls/s instead of ~45%, and its own queueing then showed as the target's latency.
            await error.WriteLineAsync("warning: one CPU: the .NET runtime then delays optimising code tenfold and this tool's own CPU use " +
                "inflates the latency it measures; set DOTNET_TC_CallCountingDelayMs=0 (and DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0)").ConfigureAwait(false);
        }

        if (Gen0Budget.Warning() is { } gc)
        {
            // Measured: ~27 collections a second at 4,500 calls/s (0.55 s of pauses in a 25-s run, and in some runs a
            // spiral to 5.8 s); with the variable, about one a second (docs/performance.md, item 41).
            await error.WriteLineAsync("warning: " + gc).ConfigureAwait(false);
        }
    }

    /// <summary>Unmeasured traffic for <paramref name="span"/>: at the schedule's first rate (open loop) or with the
    /// run's workers (closed loop).</summary>
    private async Task WarmAsync(CallRunner warmRunner, TrafficModel model, TimeSpan span, int seed, CancellationToken stop)
    {
        if (span <= TimeSpan.Zero)
        {
            return;
        }

        if (options.OpenLoop)
        {
            var rate = Math.Max(1, options.Schedule!.RateAt(0));
            await OpenLoopDriver.RunAsync(warmRunner, model, new ConstantSchedule(rate, span.TotalSeconds), long.MaxValue, options.MaxInFlight, seed, options.Spin, options.Pacing, options.Drain, stop).ConfigureAwait(false);
        }
        else
        {
            await ClosedLoopDriver.RunAsync(warmRunner, model, options.Concurrency, span, long.MaxValue, seed, options.Drain, stop).ConfigureAwait(false);
        }
    }

    private (List<CatalogItem> Items, string Description) LoadCatalog()
    {
        if (options.CatalogFiles.Count == 0)
        {
            return ([.. DemoCatalog.Items], "demo catalog 2026.11-demo");
        }

        var items = new List<CatalogItem>();
        foreach (var file in options.CatalogFiles)
        {
            using var reader = new StreamReader(file);
            items.AddRange(CatalogFile.Read(reader, file));
        }

        return (items, string.Join(", ", options.CatalogFiles.Select(Path.GetFileName)));
    }
}
