using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using ValidationGateway.Grpc;

namespace ValidationGateway.Server.Tests.Fuzz;

/// <summary>Sends arbitrary bytes as a gRPC request body over h2c and reports exactly what came back.</summary>
/// <remarks>Deliberately independent of the project's GrpcClient, so that client cannot hide a server fault.</remarks>
internal sealed class RawGrpcCaller(HttpClient http, Uri baseAddress, TimeSpan callTimeout)
{
    // Response bodies bigger than this are a fault in themselves: the server's send limit is 4 MiB.
    private const int MaxResponseBytes = 8 * 1024 * 1024;

    public static HttpClient CreateHttpClient(string bearerKey) =>
        new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true }, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", bearerKey) },
        };

    public async Task<FuzzOutcome> SendAsync(FuzzCase fuzzCase)
    {
        using var timeout = new CancellationTokenSource(callTimeout);
        HttpContent content = fuzzCase.Chunks is { } chunks
            ? new ChunkedContent(fuzzCase.Body!, chunks)
            : new ByteArrayContent(fuzzCase.Body!);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseAddress, fuzzCase.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (fuzzCase.Timeout is { } deadline)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", deadline);
        }

        if (fuzzCase.Encoding is { } encoding)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var httpStatus = (int)response.StatusCode;
            if (Header(response.Headers, "grpc-status") is { } trailersOnly)
            {
                var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                return body.Length > 0
                    ? FuzzOutcome.Failed($"trailers-only answer with a {body.Length}-byte body")
                    : Outcome(httpStatus, trailersOnly, Header(response.Headers, "grpc-message"), []);
            }

            var bytes = await ReadBoundedAsync(response.Content, timeout.Token);
            if (bytes is null)
            {
                return FuzzOutcome.Failed($"response body over {MaxResponseBytes} bytes");
            }

            if (!TrySplitFrames(bytes, out var messages, out var framingError))
            {
                return FuzzOutcome.Failed(framingError);
            }

            return Outcome(httpStatus, Header(response.TrailingHeaders, "grpc-status"), Header(response.TrailingHeaders, "grpc-message"), messages);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return FuzzOutcome.Failed($"no answer within {callTimeout.TotalSeconds:0} s (hang)");
        }
        catch (HttpRequestException ex)
        {
            return FuzzOutcome.Failed("HTTP failure: " + ex.Message + " " + ex.InnerException?.Message);
        }
        catch (IOException ex)
        {
            return FuzzOutcome.Failed("I/O failure: " + ex.Message + " " + ex.InnerException?.Message);
        }
    }

    private static FuzzOutcome Outcome(int httpStatus, string? status, string? message, IReadOnlyList<byte[]> messages)
    {
        if (status is null)
        {
            return new FuzzOutcome(httpStatus, null, null, messages, $"HTTP {httpStatus} without grpc-status");
        }

        if (!int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code is < 0 or > 16)
        {
            return new FuzzOutcome(httpStatus, null, null, messages, $"unparseable grpc-status '{status}'");
        }

        return new FuzzOutcome(httpStatus, (GrpcStatusCode)code, message is null ? null : Uri.UnescapeDataString(message), messages, null);
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxResponseBytes)
            {
                return null;
            }
        }

        return buffer.ToArray();
    }

    private static bool TrySplitFrames(byte[] body, out List<byte[]> messages, out string error)
    {
        messages = [];
        error = "";
        var offset = 0;
        while (offset < body.Length)
        {
            if (body.Length - offset < 5)
            {
                error = "response ends inside a frame header";
                return false;
            }

            if (body[offset] != 0)
            {
                error = $"response frame with compressed flag {body[offset]}";
                return false;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            if (length > (uint)(body.Length - offset - 5))
            {
                error = "response ends inside a message";
                return false;
            }

            messages.Add(body.AsSpan(offset + 5, (int)length).ToArray());
            offset += 5 + (int)length;
        }

        return true;
    }
}
