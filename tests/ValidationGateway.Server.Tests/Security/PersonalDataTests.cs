using Microsoft.Extensions.Logging;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Security;

/// <summary>A gateway that logs everything, down to trace.</summary>
public sealed class VerboseGatewayFixture : GatewayFixture
{
    protected override LogLevel MinimumLogLevel => LogLevel.Trace;
}

/// <summary>psn_no never reaches logs and is only ever stored hashed: a load run with marked values, then a scan.</summary>
public sealed class PersonalDataTests(VerboseGatewayFixture gateway) : IClassFixture<VerboseGatewayFixture>
{
    [Fact]
    public async Task LoadWithMarkedPsnNo_LeavesNoTraceInLogsOrStore()
    {
        var marks = Enumerable.Range(0, 200).Select(i => $"PIIMARK{i:D6}X").ToArray();
        using var client = gateway.ClientWith(await gateway.IssueKeyAsync(DemoDataSet.Hospital3));
        await Parallel.ForEachAsync(marks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (mark, ct) =>
        {
            var request = Request(DemoDataSet.Hospital3, Line("1", ValidDrug), Line("2", "XA10BAE056A001010109999"));
            request.Visit.PsnNo = mark;
            await client.UnaryAsync(ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser, cancellationToken: ct);
            // Errors too: a request refused before validation must not log the identifier either.
            var bad = Request("H99999900001", Line("1", ValidDrug));
            bad.Visit.PsnNo = mark;
            await Assert.ThrowsAsync<ValidationGateway.Grpc.GrpcStatusException>(() => gateway.Client.UnaryAsync(ValidationGrpcService.ValidatePath, bad, ValidateResponse.Parser, cancellationToken: ct));
        });

        Assert.NotEmpty(gateway.Logs.Entries); // trace logging is really on, so the scan below means something
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.Contains("PIIMARK", StringComparison.Ordinal));

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var needle = System.Text.Encoding.UTF8.GetBytes("PIIMARK");
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(gateway.StorePath)!))
        {
            Assert.True((await File.ReadAllBytesAsync(file)).AsSpan().IndexOf(needle) < 0, $"{Path.GetFileName(file)} holds psn_no in clear");
        }
    }
}
