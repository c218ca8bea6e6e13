using Google.Protobuf;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Tests.Support;

namespace ValidationGateway.Server.Tests.Fuzz;

/// <summary>Sends one fuzz case to the running gateway and judges the answer.</summary>
internal sealed class FuzzRunner(GatewayFixture gateway, RawGrpcCaller raw, TimeSpan callTimeout)
{
    public async Task<FuzzOutcome> SendAsync(FuzzCase fuzzCase)
    {
        if (fuzzCase.Request is null)
        {
            return await raw.SendAsync(fuzzCase);
        }

        using var timeout = new CancellationTokenSource(callTimeout);
        try
        {
            var response = await gateway.Client.UnaryAsync(fuzzCase.Path, fuzzCase.Request, ValidateResponse.Parser, null, timeout.Token);
            return new FuzzOutcome(200, GrpcStatusCode.OK, null, [response.ToByteArray()], null);
        }
        catch (GrpcStatusException ex)
        {
            return new FuzzOutcome(200, ex.StatusCode, ex.Detail, [], null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return FuzzOutcome.Failed($"no answer within {callTimeout.TotalSeconds:0} s (hang)");
        }
    }

    /// <summary>The oracle: null when the answer is a proper one for the case, else what is wrong with it.</summary>
    public static string? Judge(FuzzCase fuzzCase, FuzzOutcome outcome)
    {
        if (outcome.Failure is not null)
        {
            return fuzzCase.KestrelMayResetStream && outcome.Failure.Contains("PROTOCOL_ERROR", StringComparison.Ordinal) ? null : outcome.Failure;
        }

        if (outcome.HttpStatus != 200)
        {
            return $"HTTP status {outcome.HttpStatus}";
        }

        if (outcome.Status is not { } status)
        {
            return "no grpc-status";
        }

        if (status == GrpcStatusCode.Internal && outcome.Message?.StartsWith("Internal server error", StringComparison.Ordinal) == true)
        {
            return "unhandled exception on the server: " + outcome.Message;
        }

        if (!fuzzCase.Allowed.Contains(status))
        {
            return $"status {status} not in {fuzzCase.Allowed}";
        }

        var unary = fuzzCase.Path != FuzzCaseGenerator.ValidateStream;
        if (status != GrpcStatusCode.OK)
        {
            return unary && outcome.Messages.Count > 0 ? $"{status} after {outcome.Messages.Count} response message(s) on a unary call" : null;
        }

        if (fuzzCase.Path is not (FuzzCaseGenerator.Validate or FuzzCaseGenerator.ValidateStream))
        {
            return unary && outcome.Messages.Count != 1 ? $"OK with {outcome.Messages.Count} messages on a unary call" : null;
        }

        if (unary && outcome.Messages.Count != 1)
        {
            return $"OK with {outcome.Messages.Count} messages on a unary call";
        }

        foreach (var message in outcome.Messages)
        {
            ValidateResponse response;
            try
            {
                response = ValidateResponse.Parser.ParseFrom(message);
            }
            catch (InvalidProtocolBufferException ex)
            {
                return "response does not parse: " + ex.Message;
            }

            if (response.Verdict == Verdict.Unspecified || response.Lines.Any(l => l.Verdict == Verdict.Unspecified))
            {
                return "OK response without a verdict";
            }

            // A request id already answered gets that first answer back (idempotency): its lines are the first request's.
            if (fuzzCase.ExpectedLines >= 0 && !response.Replayed && response.Lines.Count != fuzzCase.ExpectedLines)
            {
                return $"OK response with {response.Lines.Count} line results for {fuzzCase.ExpectedLines} lines";
            }

            if (fuzzCase.ExpectedRequestId is { } id && response.RequestId != id)
            {
                return $"OK response for request_id '{response.RequestId}', sent '{id}'";
            }
        }

        return null;
    }
}
