using Microsoft.AspNetCore.Http;
using ValidationGateway.Core.Validation;

namespace ValidationGateway.Server.Hosting;

/// <summary><c>/readyz</c>: ready only while the current catalog version's snapshot is built and the host is not stopping.</summary>
internal static class CatalogReadiness
{
    /// <summary>200 when ready, else 503 with the reason.</summary>
    /// <remarks>
    /// A version learnt by polling is built on first use; the probe starts (or joins) that build, so a node gets ready
    /// without waiting for traffic. The probe also keeps the current version's actor from idling out.
    /// </remarks>
    public static IResult Check(ValidationEngine engine, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (stopping.IsCancellationRequested)
        {
            return NotReady("not ready: stopping");
        }

        if (engine.CurrentVersion is not { } version)
        {
            return NotReady("not ready: no catalog version is published");
        }

        var snapshot = engine.Catalogs.GetAsync(version, CancellationToken.None);
        if (snapshot.IsCompletedSuccessfully)
        {
            return Results.Text("ready: catalog " + version);
        }

        // A failed build is retried by the next probe; observe it so it is not an unobserved task exception.
        _ = snapshot.AsTask().ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return NotReady("not ready: catalog " + version + " is loading");
    }

    private static IResult NotReady(string reason) => Results.Text(reason, statusCode: StatusCodes.Status503ServiceUnavailable);
}
