using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Rules;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Security;

namespace ValidationGateway.Server.Services;

/// <summary><c>validationgateway.v1.ComplianceService</c>: the rule table (reports arrive with the audit trail).</summary>
internal sealed class ComplianceGrpcService(RuleTable rules, ApiKeyAuthenticator authenticator)
{
    public const string ListRulesPath = "/validationgateway.v1.ComplianceService/ListRules";

    public void Register(GrpcServiceRegistry registry) =>
        registry.AddUnary<ListRulesRequest, ListRulesResponse>(ListRulesPath, ListRulesRequest.Parser, ListRules);

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
