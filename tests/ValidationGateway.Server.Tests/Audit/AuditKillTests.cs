using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using Xunit.Abstractions;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Audit;

/// <summary>The real <c>vgw</c> process is killed with SIGKILL under load; every answer a client received must be in
/// the audit trail after a restart (proved over the wire: a resent request comes back as a replay).</summary>
public sealed class AuditKillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vgw-kill-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Sigkill_DuringLoad_EveryAcknowledgedRequestIsInTheAuditAfterRestart()
    {
        var (grpcPort, httpPort) = (FreePort(), FreePort());
        var store = Path.Combine(_dir, "vgw.db");
        var first = await StartAsync(store, grpcPort, httpPort);
        var key = (await File.ReadAllTextAsync(Path.Combine(_dir, DemoKeyFile.FileName))).Trim();
        var acknowledged = new ConcurrentDictionary<string, ValidateRequest>();
        using var stop = new CancellationTokenSource();
        Task[] senders;
        using (var client = new GrpcClient(new Uri($"http://127.0.0.1:{grpcPort}")) { BearerToken = key })
        {
            senders = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested && n < 100_000; n++)
                {
                    var request = Request(DemoDataSet.Hospital3, Line("1", ValidDrug), Line("2", "001102000010000", price: "8.00"));
                    request.RequestId = $"kill-{worker}-{n}";
                    try
                    {
                        await client.UnaryAsync(ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser, new GrpcCallOptions { Deadline = TimeSpan.FromSeconds(10) });
                        acknowledged[request.RequestId] = request;
                    }
                    catch (Exception ex) when (ex is GrpcStatusException or HttpRequestException or OperationCanceledException or IOException)
                    {
                        // Calls in flight when the process dies fail; they were not acknowledged.
                    }
                }
            })).ToArray();

            while (acknowledged.Count < 300)
            {
                await Task.Delay(10);
            }

            first.Kill(); // SIGKILL on Unix: no shutdown hooks, no flush
            await first.WaitForExitAsync();
            stop.Cancel();
            await Task.WhenAll(senders);
        }

        output.WriteLine($"acknowledged before the kill: {acknowledged.Count}");
        var restart = Stopwatch.StartNew();
        var second = await StartAsync(store, grpcPort, httpPort);
        output.WriteLine($"restart to ready: {restart.ElapsedMilliseconds} ms");
        try
        {
            using var client = new GrpcClient(new Uri($"http://127.0.0.1:{grpcPort}")) { BearerToken = key };
            var missing = new List<string>();
            foreach (var (id, request) in acknowledged)
            {
                var replay = await client.UnaryAsync(ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser);
                if (!replay.Replayed)
                {
                    missing.Add(id);
                }
            }

            Assert.Empty(missing);
        }
        finally
        {
            second.Kill();
            await second.WaitForExitAsync();
        }
    }

    private async Task<Process> StartAsync(string store, int grpcPort, int httpPort)
    {
        var vgw = Path.Combine(AppContext.BaseDirectory, "vgw.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        foreach (var arg in new[] { vgw, "serve", "--store", store, "--grpc-url", $"http://127.0.0.1:{grpcPort}", "--http-url", $"http://127.0.0.1:{httpPort}" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Press Ctrl+C", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                output.WriteLine("vgw: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(ready.Task, exited, Task.Delay(TimeSpan.FromMinutes(2))) != ready.Task)
        {
            process.Kill();
            throw new InvalidOperationException("vgw did not start");
        }

        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
