using System.Globalization;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.LoadTest.Correctness;

namespace ValidationGateway.LoadTest.Running;

/// <summary>Reads the gateway's audit totals per institution through <c>ComplianceService.GetInstitutionReport</c>.</summary>
/// <remarks>The report is added up from the stored requests when asked for, so on a day with millions of requests it
/// takes seconds: the call has no deadline.</remarks>
internal sealed class GatewayAudit(GrpcChannel channel, DateOnly today)
{
    public const string Path = "/validationgateway.v1.ComplianceService/GetInstitutionReport";

    // The gateway files a request under its business day; the days either side cover any time zone and a run that
    // crosses midnight.
    private readonly string _from = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private readonly string _to = today.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The totals of every institution, or why they cannot be read (then the run is not reconciled).</summary>
    public async Task<(Dictionary<string, AuditCounts>? Totals, string? Problem)> TryReadAsync(IReadOnlyList<string> institutions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(institutions);
        var totals = new Dictionary<string, AuditCounts>(StringComparer.Ordinal);
        foreach (var institution in institutions)
        {
            try
            {
                var report = await channel.Client.UnaryAsync(
                    Path,
                    new GetInstitutionReportRequest { FixmedinsCode = institution, FromDate = _from, ToDate = _to },
                    GetInstitutionReportResponse.Parser,
                    channel.OptionsFor(institution, withDeadline: false),
                    cancellationToken).ConfigureAwait(false);
                var counts = new AuditCounts();
                foreach (var day in report.Days)
                {
                    counts.AddDay(day);
                }

                totals[institution] = counts;
            }
            catch (GrpcStatusException ex)
            {
                return (null, ex.StatusCode switch
                {
                    GrpcStatusCode.Unauthenticated or GrpcStatusCode.PermissionDenied =>
                        $"the key cannot read the gateway's compliance reports ({StatusNames.Of(ex.StatusCode)}); an administrator key can",
                    GrpcStatusCode.Unimplemented => "the target does not serve ComplianceService/GetInstitutionReport",
                    _ => $"reading the report of {institution} failed: {StatusNames.Of(ex.StatusCode)} {ex.Detail}",
                });
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
            {
                return (null, $"reading the report of {institution} failed: {ex.Message}");
            }
        }

        return (totals, null);
    }
}
