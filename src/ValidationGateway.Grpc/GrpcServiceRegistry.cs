using System.Collections.Frozen;
using Google.Protobuf;

namespace ValidationGateway.Grpc;

/// <summary>The gRPC methods the transport serves, by full path <c>/package.Service/Method</c>.</summary>
/// <remarks>
/// Thread-safe. The method table is immutable and swapped whole on each registration, so lookups never lock;
/// register at start-up (registration is not meant for the hot path).
/// </remarks>
public sealed class GrpcServiceRegistry
{
    private readonly Lock _lock = new();
    private FrozenDictionary<string, GrpcMethodHandler> _methods = FrozenDictionary<string, GrpcMethodHandler>.Empty;
    private FrozenSet<string> _services = FrozenSet<string>.Empty;

    /// <summary>The registered method paths.</summary>
    public IReadOnlyCollection<string> MethodPaths => _methods.Keys;

    /// <summary>The registered service names (<c>package.Service</c>).</summary>
    public IReadOnlyCollection<string> ServiceNames => _services;

    /// <summary>Registers a unary method; <paramref name="check"/>, when given, inspects each request message before it is parsed.</summary>
    public void AddUnary<TRequest, TResponse>(
        string path,
        MessageParser<TRequest> parser,
        Func<TRequest, GrpcServerCallContext, ValueTask<TResponse>> handler,
        GrpcMessageCheck? check = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(handler);
        Add(new UnaryMethodHandler<TRequest, TResponse>(path, parser, check, handler));
    }

    /// <summary>Registers a server-streaming method; <paramref name="check"/> as for <see cref="AddUnary"/>.</summary>
    public void AddServerStreaming<TRequest, TResponse>(
        string path,
        MessageParser<TRequest> parser,
        Func<TRequest, IGrpcStreamWriter<TResponse>, GrpcServerCallContext, Task> handler,
        GrpcMessageCheck? check = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(handler);
        Add(new ServerStreamingMethodHandler<TRequest, TResponse>(path, parser, check, handler));
    }

    /// <summary>Registers a bidirectional streaming method; <paramref name="check"/> as for <see cref="AddUnary"/>.</summary>
    public void AddDuplexStreaming<TRequest, TResponse>(
        string path,
        MessageParser<TRequest> parser,
        Func<IGrpcStreamReader<TRequest>, IGrpcStreamWriter<TResponse>, GrpcServerCallContext, Task> handler,
        GrpcMessageCheck? check = null)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(handler);
        Add(new DuplexStreamingMethodHandler<TRequest, TResponse>(path, parser, check, handler));
    }

    /// <summary>True when at least one method of the service (<c>package.Service</c>) is registered.</summary>
    public bool IsServiceRegistered(string serviceName) => _services.Contains(serviceName);

    internal GrpcMethodHandler? Find(string path) => _methods.GetValueOrDefault(path);

    private static string ServiceOf(string path)
    {
        var slash = path.IndexOf('/', 1);
        if (path.Length < 4 || path[0] != '/' || slash <= 1 || slash == path.Length - 1 || path.IndexOf('/', slash + 1) >= 0)
        {
            throw new ArgumentException($"A method path looks like '/package.Service/Method' (was '{path}').", nameof(path));
        }

        return path[1..slash];
    }

    private void Add(GrpcMethodHandler method)
    {
        ArgumentNullException.ThrowIfNull(method.Path);
        _ = ServiceOf(method.Path);
        lock (_lock)
        {
            if (_methods.ContainsKey(method.Path))
            {
                throw new InvalidOperationException($"The gRPC method '{method.Path}' is already registered.");
            }

            var methods = new Dictionary<string, GrpcMethodHandler>(_methods, StringComparer.Ordinal) { [method.Path] = method };
            _methods = methods.ToFrozenDictionary(StringComparer.Ordinal);
            _services = methods.Keys.Select(ServiceOf).ToFrozenSet(StringComparer.Ordinal);
        }
    }
}
