using System.Net.Http.Headers;
using Google.Protobuf;

namespace ValidationGateway.Grpc;

/// <summary>A gRPC client over <see cref="HttpClient"/> with HTTP/2 prior knowledge (h2c) or TLS.</summary>
/// <remarks>Thread-safe; share one instance. Non-OK statuses are thrown as <see cref="GrpcStatusException"/>.</remarks>
public sealed class GrpcClient : IDisposable
{
    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly Uri _baseAddress;

    /// <summary>Creates a client for <paramref name="baseAddress"/> (e.g. <c>http://127.0.0.1:5001</c>).</summary>
    /// <param name="baseAddress">Scheme, host and port of the server.</param>
    /// <param name="handler">An optional handler to share (e.g. a SocketsHttpHandler with EnableMultipleHttp2Connections); not disposed by the client.</param>
    public GrpcClient(Uri baseAddress, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        _baseAddress = baseAddress;
        _httpClient = handler is null
            ? new HttpClient(new SocketsHttpHandler { EnableMultipleHttp2Connections = true }, disposeHandler: true)
            : new HttpClient(handler, disposeHandler: false);
        _httpClient.Timeout = Timeout.InfiniteTimeSpan;
        _ownsHttpClient = true;
    }

    /// <summary>Creates a client on an existing <see cref="HttpClient"/>, which the client does not dispose.</summary>
    public GrpcClient(Uri baseAddress, HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(httpClient);
        _baseAddress = baseAddress;
        _httpClient = httpClient;
    }

    /// <summary>Sends <c>authorization: Bearer &lt;key&gt;</c> on every call of this client (null: none).</summary>
    /// <remarks>Set once, before the first call; a client with its own key is what a tool or HIS adapter holds.</remarks>
    public string? BearerToken
    {
        get => _httpClient.DefaultRequestHeaders.Authorization?.Parameter;
        init => _httpClient.DefaultRequestHeaders.Authorization = value is null ? null : new AuthenticationHeaderValue("Bearer", value);
    }

    /// <summary>Largest response message accepted (default 4 MiB).</summary>
    public int MaxReceiveMessageSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Clock that enforces call deadlines locally.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Makes a unary call.</summary>
    /// <exception cref="GrpcStatusException">The call ended with a non-OK status.</exception>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        string path,
        TRequest request,
        MessageParser<TResponse> parser,
        GrpcCallOptions? options = null,
        CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parser);
        using var call = Start(path, FixedContent(request, options), options, cancellationToken);
        var response = await call.ReadAsync(parser, CancellationToken.None).ConfigureAwait(false)
            ?? throw new GrpcStatusException(GrpcStatusCode.Internal, "The server answered OK without a response message.");
        if (await call.ReadAsync(parser, CancellationToken.None).ConfigureAwait(false) is not null)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, "The server sent more than one response message to a unary call.");
        }

        return response;
    }

    /// <summary>Starts a server-streaming call; read the responses from the returned call, then dispose it.</summary>
    public GrpcServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(
        string path,
        TRequest request,
        MessageParser<TResponse> parser,
        GrpcCallOptions? options = null,
        CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parser);
        return new GrpcServerStreamingCall<TResponse>(Start(path, FixedContent(request, options), options, cancellationToken), parser);
    }

    /// <summary>Starts a bidirectional streaming call; write requests, complete, read responses, then dispose it.</summary>
    public GrpcDuplexCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(
        string path,
        MessageParser<TResponse> parser,
        GrpcCallOptions? options = null,
        CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(parser);
        var content = new GrpcPushStreamContent();
        var call = Start(path, content, options, cancellationToken);
        return new GrpcDuplexCall<TRequest, TResponse>(call, content, parser, options?.CompressRequest == true);
    }

    /// <summary>Disposes the HttpClient the client created (not one passed in).</summary>
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    private static ReadOnlyMemoryContent FixedContent(IMessage request, GrpcCallOptions? options)
    {
        var content = new ReadOnlyMemoryContent(GrpcMessageWriter.Frame(request, options?.CompressRequest == true));
        content.Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);
        return content;
    }

    private GrpcClientCall Start(string path, HttpContent content, GrpcCallOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new GrpcClientCall(
            _httpClient, new Uri(_baseAddress, path), content, options, MaxReceiveMessageSize, TimeProvider, cancellationToken);
    }
}
