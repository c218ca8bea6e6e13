using Google.Protobuf;
using ValidationGateway.Contracts.Health;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Demo;
using ValidationGateway.Server.Services;
using ValidationGateway.Server.Tests.Support;
using static ValidationGateway.Server.Tests.Support.Batches;

namespace ValidationGateway.Server.Tests.Security;

/// <summary>The credential matrix: no key, a bad key, a revoked key, another institution's key, an institution key
/// on administrator functions, and the right keys, against every service.</summary>
public sealed class CredentialTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>, IDisposable
{
    private const string OtherHospital = DemoDataSet.Hospital2;

    public void Dispose() => Assert.Empty(gateway.Logs.Errors());

    public enum Caller
    {
        None,
        Garbage,
        UnknownKey,
        OwnInstitution,
        OtherInstitution,
        Admin,
    }

    private async Task<string?> KeyFor(Caller caller) => caller switch
    {
        Caller.None => null,
        Caller.Garbage => "not-a-key",
        Caller.UnknownKey => "vgw_0123456789abcdef_" + new string('A', 43),
        Caller.OwnInstitution => await gateway.IssueKeyAsync(DemoDataSet.Hospital3),
        Caller.OtherInstitution => await gateway.IssueKeyAsync(OtherHospital),
        _ => gateway.AdminKey,
    };

    private static async Task<GrpcStatusCode> StatusOf(Func<Task> call)
    {
        try
        {
            await call();
            return GrpcStatusCode.OK;
        }
        catch (GrpcStatusException ex)
        {
            return ex.StatusCode;
        }
    }

    [Theory]
    [InlineData(Caller.None, GrpcStatusCode.Unauthenticated)]
    [InlineData(Caller.Garbage, GrpcStatusCode.Unauthenticated)]
    [InlineData(Caller.UnknownKey, GrpcStatusCode.Unauthenticated)]
    [InlineData(Caller.OwnInstitution, GrpcStatusCode.OK)]
    [InlineData(Caller.OtherInstitution, GrpcStatusCode.PermissionDenied)]
    [InlineData(Caller.Admin, GrpcStatusCode.OK)]
    public async Task Validate_ByCaller_IsAllowedOnlyForItsOwnInstitution(Caller caller, GrpcStatusCode expected)
    {
        using var client = gateway.ClientWith(await KeyFor(caller));
        var status = await StatusOf(() => client.UnaryAsync(ValidationGrpcService.ValidatePath, Request(DemoDataSet.Hospital3, Line("1", ValidDrug)), ValidateResponse.Parser));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData(Caller.None, GrpcStatusCode.Unauthenticated)]
    [InlineData(Caller.OwnInstitution, GrpcStatusCode.OK)]
    [InlineData(Caller.OtherInstitution, GrpcStatusCode.PermissionDenied)]
    [InlineData(Caller.Admin, GrpcStatusCode.OK)]
    public async Task ValidateStream_ByCaller_ChecksEveryBatchsInstitution(Caller caller, GrpcStatusCode expected)
    {
        using var client = gateway.ClientWith(await KeyFor(caller));
        var status = await StatusOf(async () =>
        {
            using var call = client.DuplexStreaming<ValidateRequest, ValidateResponse>(ValidationGrpcService.ValidateStreamPath, ValidateResponse.Parser);
            await call.WriteAsync(Request(DemoDataSet.Hospital3, Line("1", ValidDrug)));
            await call.CompleteAsync();
            await foreach (var _ in call.ReadAllAsync())
            {
            }
        });
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData(Caller.None, GrpcStatusCode.Unauthenticated)]
    [InlineData(Caller.OwnInstitution, GrpcStatusCode.PermissionDenied)]
    [InlineData(Caller.Admin, GrpcStatusCode.OK)]
    public async Task AdministratorFunctions_NeedAnAdministratorKey(Caller caller, GrpcStatusCode expected)
    {
        using var client = gateway.ClientWith(await KeyFor(caller));
        Assert.Equal(expected, await StatusOf(() => client.UnaryAsync(ComplianceGrpcService.ListRulesPath, new ListRulesRequest(), ListRulesResponse.Parser)));
        Assert.Equal(expected, await StatusOf(() => client.UnaryAsync(AdminGrpcService.ListCatalogVersionsPath, new ListCatalogVersionsRequest(), ListCatalogVersionsResponse.Parser)));
        Assert.Equal(expected, await StatusOf(() => client.UnaryAsync(AdminGrpcService.IssueKeyPath, new IssueKeyRequest { Admin = true }, IssueKeyResponse.Parser)));
    }

    [Fact]
    public async Task HealthCheck_NeedsNoKey()
    {
        using var client = gateway.ClientWith(null);
        var response = await client.UnaryAsync(GrpcHealthService.CheckPath, new HealthCheckRequest(), HealthCheckResponse.Parser);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task RevokeKey_OverGrpc_TakesEffectOnTheNextCallWithoutRestart()
    {
        var issued = await gateway.Client.UnaryAsync(AdminGrpcService.IssueKeyPath, new IssueKeyRequest { FixmedinsCode = DemoDataSet.Hospital3 }, IssueKeyResponse.Parser);
        using var client = gateway.ClientWith(issued.Key);
        var request = Request(DemoDataSet.Hospital3, Line("1", ValidDrug));
        Assert.Equal(GrpcStatusCode.OK, await StatusOf(() => client.UnaryAsync(ValidationGrpcService.ValidatePath, request, ValidateResponse.Parser)));

        var revoked = await gateway.Client.UnaryAsync(AdminGrpcService.RevokeKeyPath, new RevokeKeyRequest { KeyId = issued.KeyId }, RevokeKeyResponse.Parser);
        Assert.True(revoked.Revoked);
        var again = Request(DemoDataSet.Hospital3, Line("1", ValidDrug));
        Assert.Equal(GrpcStatusCode.Unauthenticated, await StatusOf(() => client.UnaryAsync(ValidationGrpcService.ValidatePath, again, ValidateResponse.Parser)));
    }

    [Fact]
    public async Task Keys_AreStoredHashed()
    {
        var key = await gateway.IssueKeyAsync(DemoDataSet.Hospital1);
        var bytes = await File.ReadAllBytesAsync(gateway.StorePath);
        var wal = gateway.StorePath + "-wal";
        var walBytes = File.Exists(wal) ? await File.ReadAllBytesAsync(wal) : [];
        var secret = System.Text.Encoding.UTF8.GetBytes(key[^43..]);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(secret));
        Assert.Equal(-1, walBytes.AsSpan().IndexOf(secret));
    }

    [Fact]
    public async Task UploadMappings_ByTheInstitutionItself_TakesEffectAtOnce()
    {
        var key = await gateway.IssueKeyAsync(DemoDataSet.Hospital1);
        using var client = gateway.ClientWith(key);
        var line = Line("1", ValidDrug, local: "YP-NEW-0001");
        Assert.Equal("MAPPING_UNREGISTERED", (await client.UnaryAsync(ValidationGrpcService.ValidatePath, Request(DemoDataSet.Hospital1, line), ValidateResponse.Parser)).Lines[0].Findings[0].RuleId);

        var upload = new UploadMappingsRequest { FixmedinsCode = DemoDataSet.Hospital1 };
        upload.Mappings.Add(new Mapping { MedinsListCodg = "YP-NEW-0001", MedListCodg = ValidDrug, ItemType = ItemType.Drug, MedinsListName = "二甲双胍片" });
        var response = await client.UnaryAsync(AdminGrpcService.UploadMappingsPath, upload, UploadMappingsResponse.Parser);
        Assert.Empty(response.Errors);
        Assert.Equal(1, response.Accepted);

        var after = await client.UnaryAsync(ValidationGrpcService.ValidatePath, Request(DemoDataSet.Hospital1, Line("1", ValidDrug, local: "YP-NEW-0001")), ValidateResponse.Parser);
        Assert.Equal(Verdict.Pass, after.Verdict);
    }

    [Fact]
    public async Task UploadMappings_ForAnotherInstitution_IsPermissionDenied()
    {
        using var client = gateway.ClientWith(await gateway.IssueKeyAsync(DemoDataSet.Hospital1));
        var upload = new UploadMappingsRequest { FixmedinsCode = DemoDataSet.Hospital3 };
        upload.Mappings.Add(new Mapping { MedinsListCodg = "X", MedListCodg = ValidDrug });
        Assert.Equal(GrpcStatusCode.PermissionDenied, await StatusOf(() => client.UnaryAsync(AdminGrpcService.UploadMappingsPath, upload, UploadMappingsResponse.Parser)));
    }

    [Fact]
    public async Task UploadMappings_BadRows_ReportsEveryErrorAndWritesNothing()
    {
        using var client = gateway.ClientWith(await gateway.IssueKeyAsync(DemoDataSet.Hospital1));
        var upload = new UploadMappingsRequest { FixmedinsCode = DemoDataSet.Hospital1 };
        upload.Mappings.Add(new Mapping { MedinsListCodg = "YP-OK-1", MedListCodg = ValidDrug });
        upload.Mappings.Add(new Mapping { MedinsListCodg = "", MedListCodg = ValidDrug });
        upload.Mappings.Add(new Mapping { MedinsListCodg = "YP-OK-3", MedListCodg = ValidDrug, Begndate = "2026/01/01" });
        upload.Mappings.Add(new Mapping { MedinsListCodg = "YP-OK-1", MedListCodg = ValidDrug });
        var response = await client.UnaryAsync(AdminGrpcService.UploadMappingsPath, upload, UploadMappingsResponse.Parser);
        Assert.Equal(0, response.Accepted);
        Assert.Equal([(2, "medins_list_codg"), (3, "begndate"), (4, "medins_list_codg")], response.Errors.Select(e => (e.Row, e.Column)));

        var line = Line("1", ValidDrug, local: "YP-OK-1");
        var check = await client.UnaryAsync(ValidationGrpcService.ValidatePath, Request(DemoDataSet.Hospital1, line), ValidateResponse.Parser);
        Assert.Equal("MAPPING_UNREGISTERED", check.Lines[0].Findings[0].RuleId);
    }
}
