using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace ValidationGateway.Grpc.Tests;

/// <summary>Hand-made gRPC requests, for frames a well-behaved client never sends.</summary>
public static class RawGrpc
{
    public static byte[] Frame(byte flag, ReadOnlySpan<byte> payload, uint? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)payload.Length);
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    public static byte[] Frame(IMessage message) => Frame(0, message.ToByteArray());

    public static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static async Task<RawResult> SendAsync(
        Uri address,
        string path,
        byte[] body,
        string contentType = "application/grpc",
        params (string Key, string Value)[] headers)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        foreach (var (key, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        using var response = await http.SendAsync(request);
        var responseBody = await response.Content.ReadAsByteArrayAsync();
        return new RawResult(
            response.StatusCode,
            Header(response.Headers, "grpc-status"),
            Header(response.Headers, "grpc-message"),
            Header(response.TrailingHeaders, "grpc-status"),
            Header(response.Headers, "grpc-accept-encoding"),
            responseBody);
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    public sealed record RawResult(
        HttpStatusCode HttpStatus,
        string? HeaderStatus,
        string? HeaderMessage,
        string? TrailerStatus,
        string? AcceptEncoding,
        byte[] Body)
    {
        /// <summary>The status, from trailers-only headers or from trailers.</summary>
        public GrpcStatusCode? Status =>
            (HeaderStatus ?? TrailerStatus) is { } s ? (GrpcStatusCode)int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
