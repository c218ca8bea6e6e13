using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Validation;

/// <summary>Publishing changes the current version, so these tests get a gateway of their own.</summary>
public sealed class CatalogVersionTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IDisposable
{
    private const string NewCode = "XA10BAE056A001010109999";

    public void Dispose() => Assert.Empty(gateway.Logs.Errors());

    private Task<ValidateResponse> ValidateAsync(ValidateRequest request) =>
        gateway.Client.UnaryAsync(ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser);

    [Fact]
    public async Task Publish_NewVersion_NewRequestsUseItWhilePinnedRequestsStayOnTheOld()
    {
        var before = await ValidateAsync(Request(DemoDataSet.Hospital3, Line("1", NewCode)));
        Assert.Equal(DemoDataSet.Version, before.CatalogVersion);
        Assert.Equal("NATIONAL_CODE_UNKNOWN", before.Lines[0].Findings[0].RuleId);

        await gateway.PublishAsync("2026.12-test", [new CatalogRow { Kind = CatalogItemKind.Drug, Code = NewCode, Name = "新增药品" }]);
        await gateway.Host.Engine.RefreshCurrentVersionAsync(CancellationToken.None);
        await gateway.Host.Store.UpsertMappingsAsync(DemoDataSet.Hospital3,
            [new MappingRow { InstitutionCode = DemoDataSet.Hospital3, LocalCode = DemoDataSet.LocalCodePrefix + NewCode, NationalCode = NewCode }], replaceAll: false, CancellationToken.None);
        await gateway.Host.Engine.ReloadInstitutionAsync(DemoDataSet.Hospital3, CancellationToken.None);

        var onNew = await ValidateAsync(Request(DemoDataSet.Hospital3, Line("1", NewCode), Line("2", ValidDrug)));
        Assert.Equal("2026.12-test", onNew.CatalogVersion);
        Assert.Equal(Verdict.Pass, onNew.Lines[0].Verdict);
        Assert.Equal("NATIONAL_CODE_UNKNOWN", onNew.Lines[1].Findings[0].RuleId);

        var pinned = Request(DemoDataSet.Hospital3, Line("1", NewCode));
        pinned.CatalogVersion = DemoDataSet.Version;
        var onOld = await ValidateAsync(pinned);
        Assert.Equal(DemoDataSet.Version, onOld.CatalogVersion);
        Assert.Equal("NATIONAL_CODE_UNKNOWN", onOld.Lines[0].Findings[0].RuleId);

        // One actor per (institution, version): both versions are active side by side.
        Assert.Contains(gateway.Host.Engine.Institutions.ActiveKeys(), k => k.CatalogVersion == "2026.12-test");
        Assert.Contains(gateway.Host.Engine.Institutions.ActiveKeys(), k => k.CatalogVersion == DemoDataSet.Version);
    }
}
