using System.Globalization;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Compliance;
using ValidationGateway.Core.Rules;
using ValidationGateway.Grpc;
using LocalCodeCount = ValidationGateway.Contracts.V1.LocalCodeCount;
using ValidationGateway.Server.Security;

namespace ValidationGateway.Server.Services;

/// <summary><c>validationgateway.v1.ComplianceService</c>: the rule table (reports arrive with the audit trail).</summary>
internal sealed class ComplianceGrpcService(RuleTable rules, ApiKeyAuthenticator authenticator, IComplianceReports reports)
{
    public const string ListRulesPath = "/validationgateway.v1.ComplianceService/ListRules";
    public const string GetDailyReportPath = "/validationgateway.v1.ComplianceService/GetDailyReport";
    public const string GetInstitutionReportPath = "/validationgateway.v1.ComplianceService/GetInstitutionReport";

    public void Register(GrpcServiceRegistry registry)
    {
        registry.AddUnary<ListRulesRequest, ListRulesResponse>(ListRulesPath, ListRulesRequest.Parser, ListRules);
        registry.AddUnary<GetDailyReportRequest, GetDailyReportResponse>(GetDailyReportPath, GetDailyReportRequest.Parser, GetDailyReportAsync);
        registry.AddUnary<GetInstitutionReportRequest, GetInstitutionReportResponse>(GetInstitutionReportPath, GetInstitutionReportRequest.Parser, GetInstitutionReportAsync);
    }

    private async ValueTask<GetDailyReportResponse> GetDailyReportAsync(GetDailyReportRequest request, GrpcServerCallContext context)
    {
        CallAuthorization.RequireAdmin(await authenticator.AuthenticateAsync(context.GetMetadata("authorization"), context.CancellationToken).ConfigureAwait(false));
        var day = ParseDay(request.Date, "date");
        var response = new GetDailyReportResponse { Date = request.Date };
        foreach (var report in await reports.GetDailyAsync(day, context.CancellationToken).ConfigureAwait(false))
        {
            if ((request.AdmdvsPrefix.Length == 0 || report.Institution.AdminDivision.StartsWith(request.AdmdvsPrefix, StringComparison.Ordinal))
                && (request.Level == 0 || report.Institution.Level == request.Level))
            {
                response.Institutions.Add(ToContract(report));
            }
        }

        return response;
    }

    private async ValueTask<GetInstitutionReportResponse> GetInstitutionReportAsync(GetInstitutionReportRequest request, GrpcServerCallContext context)
    {
        CallAuthorization.RequireAdmin(await authenticator.AuthenticateAsync(context.GetMetadata("authorization"), context.CancellationToken).ConfigureAwait(false));
        var first = ParseDay(request.FromDate, "from_date");
        var last = ParseDay(request.ToDate, "to_date");
        if (last < first || last.DayNumber - first.DayNumber > 366)
        {
            throw new GrpcStatusException(GrpcStatusCode.InvalidArgument, "to_date 须不早于 from_date，且区间不超过 367 天");
        }

        var response = new GetInstitutionReportResponse { FixmedinsCode = request.FixmedinsCode };
        foreach (var report in await reports.GetInstitutionRangeAsync(request.FixmedinsCode, first, last, context.CancellationToken).ConfigureAwait(false))
        {
            response.Days.Add(ToContract(report));
        }

        return response;
    }

    private static DateOnly ParseDay(string text, string field) =>
        FeeTime.TryParseDate(text, out var day) ? day : throw new GrpcStatusException(GrpcStatusCode.InvalidArgument, $"{field} 应为 yyyy-MM-dd 日期（was '{text}'）");

    private static InstitutionDay ToContract(InstitutionDayReport report)
    {
        var s = report.Stats;
        var day = new InstitutionDay
        {
            FixmedinsCode = report.Institution.Code,
            Name = report.Institution.Name,
            Level = report.Institution.Level,
            Date = s.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Batches = s.Batches,
            Lines = s.Lines,
            LinesWithValidNationalCode = s.LinesWithValidNationalCode,
            LinesPass = s.LinesPass,
            LinesWarn = s.LinesWarn,
            LinesReject = s.LinesReject,
            AmountTotal = s.AmountTotal.ToString("0.00", CultureInfo.InvariantCulture),
            AmountRejected = s.AmountRejected.ToString("0.00", CultureInfo.InvariantCulture),
            AmountOverCap = s.AmountOverCap.ToString("0.00", CultureInfo.InvariantCulture),
            MappingRate = report.MappingRate,
            FlagRate = report.FlagRate,
        };
        foreach (var (rule, count) in s.FindingsByRule.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            day.FindingsByRule.Add(new RuleCount { RuleId = rule, Count = count });
        }

        foreach (var code in s.TopFailingLocalCodes)
        {
            day.TopFailingLocalCodes.Add(new LocalCodeCount { MedinsListCodg = code.LocalCode, RuleId = code.RuleId, Count = code.Count });
        }

        return day;
    }

    private async ValueTask<ListRulesResponse> ListRules(ListRulesRequest request, GrpcServerCallContext context)
    {
        CallAuthorization.RequireAdmin(await authenticator.AuthenticateAsync(context.GetMetadata("authorization"), context.CancellationToken).ConfigureAwait(false));
        if (request.Profile.Length > 0 && request.Profile != rules.Profile)
        {
            throw new GrpcStatusException(GrpcStatusCode.NotFound, $"规则配置“{request.Profile}”不存在（profile not found; this gateway runs '{rules.Profile}'）");
        }

        var response = new ListRulesResponse { Profile = rules.Profile };
        foreach (var rule in rules.Rules)
        {
            response.Rules.Add(new RuleDescription
            {
                RuleId = rule.Name,
                DefaultSeverity = rule.DefaultSeverity,
                Severity = rules.SeverityOf(rule.Id),
                DescriptionZh = rule.DescriptionZh,
                DescriptionEn = rule.DescriptionEn,
            });
        }

        return response;
    }
}
