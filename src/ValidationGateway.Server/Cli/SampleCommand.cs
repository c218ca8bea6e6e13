using System.CommandLine;
using System.Globalization;
using Google.Protobuf;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;

namespace ValidationGateway.Server.Cli;

/// <summary><c>vgw sample</c>: sends the sample batch (or a JSON file) to a running gateway over gRPC and prints the answer.</summary>
internal static class SampleCommand
{
    private const string Resource = "ValidationGateway.Server.samples.validate-request.json";

    public static Command Build(CliContext context)
    {
        var url = new Option<string>("--grpc-url") { Description = "Gateway gRPC address", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var file = new Option<FileInfo?>("--file") { Description = "ValidateRequest as proto3 JSON (default: the built-in sample batch, samples/validate-request.json)" };
        var json = new Option<bool>("--json") { Description = "Print the response as proto3 JSON" };
        var key = new Option<string?>("--key") { Description = $"API key (default: VGW_KEY, else the demo key file {DemoKeyFile.FileName} beside --store)" };
        var command = new Command("sample", "Send a sample charge batch to a running gateway and show the verdicts") { url, file, json, key };
        command.SetAction((parse, ct) => CommandErrors.RunAsync(context, async () =>
        {
            var text = parse.GetValue(file) is { } f ? await File.ReadAllTextAsync(f.FullName, ct).ConfigureAwait(false) : ReadResource();
            var request = JsonParser.Default.Parse<ValidateRequest>(text);
            if (parse.GetValue(file) is null)
            {
                // A fresh id each run, so a repeated sample is validated again rather than answered from the audit trail.
                request.RequestId = "sample-" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
            }

            var bearer = parse.GetValue(key) ?? Environment.GetEnvironmentVariable("VGW_KEY") ?? DemoKeyFile.TryRead(context.Settings(parse).Store);
            using var client = new GrpcClient(new Uri(parse.GetValue(url)!)) { BearerToken = bearer };
            ValidateResponse response;
            try
            {
                response = await client.UnaryAsync(ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser,
                    new GrpcCallOptions { Deadline = TimeSpan.FromSeconds(10) }.WithMetadata("x-fixmedins-code", request.FixmedinsCode), ct).ConfigureAwait(false);
            }
            catch (GrpcStatusException ex)
            {
                await context.Error.WriteLineAsync($"error: {ex.StatusCode}: {ex.Detail}").ConfigureAwait(false);
                return CommandErrors.Failed;
            }
            catch (HttpRequestException ex)
            {
                await context.Error.WriteLineAsync($"error: cannot reach the gateway at {parse.GetValue(url)} ({ex.Message}); is `vgw serve` running?").ConfigureAwait(false);
                return CommandErrors.Failed;
            }

            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(new JsonFormatter(JsonFormatter.Settings.Default.WithFormatDefaultValues(false)).Format(response)).ConfigureAwait(false);
                return CommandErrors.Ok;
            }

            await context.Out.WriteLineAsync($"request {response.RequestId} → {response.Verdict} (catalog {response.CatalogVersion})").ConfigureAwait(false);
            for (var i = 0; i < response.Lines.Count; i++)
            {
                var line = response.Lines[i];
                var code = request.FeeDetails[i].MedListCodg;
                await context.Out.WriteLineAsync($"  line {line.FeedetlSn,-4} {(code.Length == 0 ? "(no national code)" : code),-26} {line.Verdict}").ConfigureAwait(false);
                foreach (var finding in line.Findings)
                {
                    await context.Out.WriteLineAsync($"        {finding.Severity} {finding.RuleId} at {finding.Field}: {finding.Message}").ConfigureAwait(false);
                }
            }

            return CommandErrors.Ok;
        }));
        return command;
    }

    private static string ReadResource()
    {
        using var stream = typeof(SampleCommand).Assembly.GetManifestResourceStream(Resource) ?? throw new InvalidOperationException($"resource {Resource} missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
