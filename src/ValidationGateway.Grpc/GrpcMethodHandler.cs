namespace ValidationGateway.Grpc;

/// <summary>A registered method: reads its requests, runs the application handler, writes its responses.</summary>
internal abstract class GrpcMethodHandler
{
    protected GrpcMethodHandler(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>Runs the call; a failure is thrown and becomes a status in the transport's exception mapper.</summary>
    public abstract Task HandleAsync(GrpcServerCallContext context);
}
