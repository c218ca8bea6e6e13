using System.Globalization;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;
using ValidationGateway.Core.Security;
using ValidationGateway.Core.Validation;
using ValidationGateway.Grpc;
using ValidationGateway.Server.Security;
using ValidationGateway.Storage;
using ContractInstitution = ValidationGateway.Contracts.V1.Institution;
using ContractVersionInfo = ValidationGateway.Contracts.V1.CatalogVersionInfo;

namespace ValidationGateway.Server.Services;

/// <summary>
/// <c>validationgateway.v1.AdminService</c>: catalog versions, institutions, keys and practitioners for administrators;
/// mapping uploads (like national transaction 3301) for the institution itself.
/// </summary>
internal sealed class AdminGrpcService(IGatewayStore store, ValidationEngine engine, ApiKeyAuthenticator authenticator, TimeProvider time)
{
    private const string Service = "/validationgateway.v1.AdminService/";
    public const string UploadMappingsPath = Service + "UploadMappings";
    public const string IssueKeyPath = Service + "IssueKey";
    public const string RevokeKeyPath = Service + "RevokeKey";
    public const string ListCatalogVersionsPath = Service + "ListCatalogVersions";

    public void Register(GrpcServiceRegistry registry)
    {
        registry.AddUnary<ListCatalogVersionsRequest, ListCatalogVersionsResponse>(ListCatalogVersionsPath, ListCatalogVersionsRequest.Parser, ListCatalogVersionsAsync);
        registry.AddUnary<PublishCatalogVersionRequest, PublishCatalogVersionResponse>(Service + "PublishCatalogVersion", PublishCatalogVersionRequest.Parser, PublishAsync);
        registry.AddUnary<ListInstitutionsRequest, ListInstitutionsResponse>(Service + "ListInstitutions", ListInstitutionsRequest.Parser, ListInstitutionsAsync);
        registry.AddUnary<AddInstitutionRequest, AddInstitutionResponse>(Service + "AddInstitution", AddInstitutionRequest.Parser, AddInstitutionAsync);
        registry.AddUnary<UploadMappingsRequest, UploadMappingsResponse>(UploadMappingsPath, UploadMappingsRequest.Parser, UploadMappingsAsync);
        registry.AddUnary<UploadPractitionersRequest, UploadPractitionersResponse>(Service + "UploadPractitioners", UploadPractitionersRequest.Parser, UploadPractitionersAsync);
        registry.AddUnary<IssueKeyRequest, IssueKeyResponse>(IssueKeyPath, IssueKeyRequest.Parser, IssueKeyAsync);
        registry.AddUnary<RevokeKeyRequest, RevokeKeyResponse>(RevokeKeyPath, RevokeKeyRequest.Parser, RevokeKeyAsync);
    }

    private ValueTask<CallerIdentity> CallerAsync(GrpcServerCallContext context) =>
        authenticator.AuthenticateAsync(context.GetMetadata("authorization"), context.CancellationToken);

    private async ValueTask<CallerIdentity> AdminAsync(GrpcServerCallContext context)
    {
        var caller = await CallerAsync(context).ConfigureAwait(false);
        CallAuthorization.RequireAdmin(caller);
        return caller;
    }

    private async ValueTask<ListCatalogVersionsResponse> ListCatalogVersionsAsync(ListCatalogVersionsRequest request, GrpcServerCallContext context)
    {
        await AdminAsync(context).ConfigureAwait(false);
        var response = new ListCatalogVersionsResponse();
        foreach (var v in await store.ListCatalogVersionsAsync(context.CancellationToken).ConfigureAwait(false))
        {
            response.Versions.Add(ToContract(v));
        }

        return response;
    }

    private async ValueTask<PublishCatalogVersionResponse> PublishAsync(PublishCatalogVersionRequest request, GrpcServerCallContext context)
    {
        await AdminAsync(context).ConfigureAwait(false);
        var published = await store.PublishCatalogVersionAsync(request.Version, context.CancellationToken).ConfigureAwait(false);
        await engine.RefreshCurrentVersionAsync(context.CancellationToken).ConfigureAwait(false);
        return new PublishCatalogVersionResponse { Version = ToContract(published) };
    }

    private async ValueTask<ListInstitutionsResponse> ListInstitutionsAsync(ListInstitutionsRequest request, GrpcServerCallContext context)
    {
        await AdminAsync(context).ConfigureAwait(false);
        var response = new ListInstitutionsResponse();
        foreach (var i in await store.ListInstitutionsAsync(context.CancellationToken).ConfigureAwait(false))
        {
            response.Institutions.Add(ToContract(i));
        }

        return response;
    }

    private async ValueTask<AddInstitutionResponse> AddInstitutionAsync(AddInstitutionRequest request, GrpcServerCallContext context)
    {
        await AdminAsync(context).ConfigureAwait(false);
        var i = request.Institution ?? throw Invalid("institution 不能为空（institution is required）");
        var type = i.Type switch
        {
            "hospital" => InstitutionType.Hospital,
            "pharmacy" => InstitutionType.Pharmacy,
            _ => throw Invalid("institution.type 应为 hospital 或 pharmacy"),
        };
        if (!CodeFormatProfile.Default.IsWellFormed(type == InstitutionType.Pharmacy ? CodeFamily.Pharmacy : CodeFamily.Hospital, i.FixmedinsCode))
        {
            throw Invalid($"institution.fixmedins_code “{i.FixmedinsCode}” 不是有效的{(type == InstitutionType.Pharmacy ? "药店" : "医疗机构")}编码");
        }

        if (i.Level is < 1 or > 3 || string.IsNullOrWhiteSpace(i.Name))
        {
            throw Invalid("institution.level 应为 1–3，institution.name 不能为空");
        }

        var record = new InstitutionRecord(i.FixmedinsCode, i.Name.Trim(), i.Level, type);
        await store.UpsertInstitutionAsync(record, context.CancellationToken).ConfigureAwait(false);
        await engine.ReloadInstitutionAsync(record.Code, context.CancellationToken).ConfigureAwait(false);
        return new AddInstitutionResponse { Institution = ToContract(record) };
    }

    /// <remarks>Every row is checked first; with any error nothing is written and the errors come back by row and column.</remarks>
    private async ValueTask<UploadMappingsResponse> UploadMappingsAsync(UploadMappingsRequest request, GrpcServerCallContext context)
    {
        CallAuthorization.RequireInstitution(await CallerAsync(context).ConfigureAwait(false), request.FixmedinsCode);
        if (request.FixmedinsCode.Length == 0)
        {
            throw Invalid("fixmedins_code 不能为空（fixmedins_code is required）");
        }

        var response = new UploadMappingsResponse();
        var rows = new List<MappingRow>(request.Mappings.Count);
        var seen = new Dictionary<(string, DateOnly?), int>();
        for (var i = 0; i < request.Mappings.Count; i++)
        {
            var m = request.Mappings[i];
            var row = i + 1;
            var errors = response.Errors.Count;
            Require(response, row, "medins_list_codg", m.MedinsListCodg, 150);
            Require(response, row, "med_list_codg", m.MedListCodg, 50);
            var begin = ParseDate(response, row, "begndate", m.Begndate);
            var end = ParseDate(response, row, "enddate", m.Enddate);
            if (begin is { } b && end is { } e && e < b)
            {
                response.Errors.Add(new ImportError { Row = row, Column = "enddate", Message = "enddate 早于 begndate" });
            }

            if (response.Errors.Count == errors && !seen.TryAdd((m.MedinsListCodg, begin), row))
            {
                response.Errors.Add(new ImportError { Row = row, Column = "medins_list_codg", Message = $"与第 {seen[(m.MedinsListCodg, begin)]} 行重复（同一院内编码与开始日期）" });
            }

            rows.Add(new MappingRow
            {
                InstitutionCode = request.FixmedinsCode,
                LocalCode = m.MedinsListCodg,
                NationalCode = m.MedListCodg,
                ItemType = m.ItemType,
                LocalName = m.MedinsListName,
                BeginDate = begin,
                EndDate = end,
            });
        }

        if (response.Errors.Count > 0)
        {
            return response;
        }

        response.Accepted = await store.UpsertMappingsAsync(request.FixmedinsCode, rows, request.ReplaceAll, context.CancellationToken).ConfigureAwait(false);
        await engine.ReloadInstitutionAsync(request.FixmedinsCode, context.CancellationToken).ConfigureAwait(false);
        return response;
    }

    private async ValueTask<UploadPractitionersResponse> UploadPractitionersAsync(UploadPractitionersRequest request, GrpcServerCallContext context)
    {
        await AdminAsync(context).ConfigureAwait(false);
        var response = new UploadPractitionersResponse();
        var rows = new List<PractitionerRow>();
        for (var i = 0; i < request.Practitioners.Count; i++)
        {
            var p = request.Practitioners[i];
            Require(response.Errors, i + 1, "code", p.Code, 30);
            Require(response.Errors, i + 1, "fixmedins_code", p.FixmedinsCode, 30);
            PractitionerKind? kind = p.Kind switch { "doctor" => PractitionerKind.Doctor, "nurse" => PractitionerKind.Nurse, "pharmacist" => PractitionerKind.Pharmacist, _ => null };
            if (kind is null)
            {
                response.Errors.Add(new ImportError { Row = i + 1, Column = "kind", Message = "kind 应为 doctor、nurse 或 pharmacist" });
                continue;
            }

            rows.Add(new PractitionerRow(p.Code, kind.Value, p.FixmedinsCode, p.Name, p.Valid));
        }

        if (response.Errors.Count > 0)
        {
            return response;
        }

        response.Accepted = await store.UpsertPractitionersAsync(rows, context.CancellationToken).ConfigureAwait(false);
        foreach (var institution in rows.Select(r => r.InstitutionCode).Distinct(StringComparer.Ordinal))
        {
            await engine.ReloadInstitutionAsync(institution, context.CancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private async ValueTask<IssueKeyResponse> IssueKeyAsync(IssueKeyRequest request, GrpcServerCallContext context)
    {
        await AdminAsync(context).ConfigureAwait(false);
        if (!request.Admin && await store.GetInstitutionAsync(request.FixmedinsCode, context.CancellationToken).ConfigureAwait(false) is null)
        {
            throw new GrpcStatusException(GrpcStatusCode.NotFound, $"定点机构“{request.FixmedinsCode}”未在网关登记（fixmedins_code not found）");
        }

        var (key, record) = ApiKeys.Create(request.Admin ? null : request.FixmedinsCode, request.Admin, time.GetUtcNow());
        await store.AddApiKeyAsync(record, context.CancellationToken).ConfigureAwait(false);
        return new IssueKeyResponse { KeyId = record.KeyId, Key = key };
    }

    private async ValueTask<RevokeKeyResponse> RevokeKeyAsync(RevokeKeyRequest request, GrpcServerCallContext context)
    {
        await AdminAsync(context).ConfigureAwait(false);
        var revoked = await store.RevokeApiKeyAsync(request.KeyId, context.CancellationToken).ConfigureAwait(false);
        authenticator.Forget(request.KeyId);
        return new RevokeKeyResponse { Revoked = revoked };
    }

    private static void Require(UploadMappingsResponse response, int row, string column, string value, int maxLength) => Require(response.Errors, row, column, value, maxLength);

    private static void Require(Google.Protobuf.Collections.RepeatedField<ImportError> errors, int row, string column, string value, int maxLength)
    {
        if (value.Length == 0)
        {
            errors.Add(new ImportError { Row = row, Column = column, Message = $"{column} 不能为空" });
        }
        else if (value.Length > maxLength)
        {
            errors.Add(new ImportError { Row = row, Column = column, Message = $"{column} 超过 {maxLength} 个字符" });
        }
    }

    private static DateOnly? ParseDate(UploadMappingsResponse response, int row, string column, string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        if (FeeTime.TryParseDate(value, out var date))
        {
            return date;
        }

        response.Errors.Add(new ImportError { Row = row, Column = column, Message = $"{column} “{value}” 不是 yyyy-MM-dd 日期" });
        return null;
    }

    private static GrpcStatusException Invalid(string message) => new(GrpcStatusCode.InvalidArgument, message);

    private static ContractInstitution ToContract(InstitutionRecord i) => new()
    {
        FixmedinsCode = i.Code,
        Name = i.Name,
        Level = i.Level,
        Type = i.Type == InstitutionType.Pharmacy ? "pharmacy" : "hospital",
    };

    private static ContractVersionInfo ToContract(Core.Catalog.CatalogVersionInfo v) => new()
    {
        Version = v.Version,
        State = v.State.ToString().ToLowerInvariant(),
        Current = v.IsCurrent,
        CreatedAt = v.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        PublishedAt = v.PublishedAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
        ItemCount = v.ItemCounts.Values.Sum(),
    };
}
