using System.Runtime.CompilerServices;
using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Codes;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;
using ValidationGateway.Core.Tests.Support;
using ValidationGateway.Core.Validation;
using static ValidationGateway.Core.Tests.Support.Requests;

namespace ValidationGateway.Core.Tests.Validation;

public class ValidationEngineTests
{
    private sealed class FakeSource : IGatewayDataSource
    {
        public string? Current { get; set; } = TestCatalog.Version;

        public int RowReads { get; private set; }

        public Task<string?> GetCurrentCatalogVersionAsync(CancellationToken cancellationToken) => Task.FromResult(Current);

        public Task<bool> IsPublishedAsync(string version, CancellationToken cancellationToken) =>
            Task.FromResult(version is TestCatalog.Version or "2027.01.1");

        public async IAsyncEnumerable<CatalogRow> ReadCatalogRowsAsync(string version, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            RowReads++;
            await Task.Yield();
            foreach (var row in version == TestCatalog.Version ? TestCatalog.Rows : TestCatalog.Rows.Take(1))
            {
                yield return row;
            }
        }

        public async IAsyncEnumerable<KnowledgePoint> ReadKnowledgePointsAsync(string version, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            yield break;
        }

        public Task<IReadOnlyList<MappingRow>> GetMappingsAsync(string institutionCode, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<MappingRow>>([]);

        public Task<IReadOnlyList<PractitionerRow>> GetPractitionersAsync(string institutionCode, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<PractitionerRow>>([]);

        public Task<InstitutionRecord?> GetInstitutionAsync(string code, CancellationToken cancellationToken) =>
            Task.FromResult(code == Hospital ? new InstitutionRecord(code, "测试医院", 3, InstitutionType.Hospital) : null);
    }

    private static ValidationEngine CreateEngine(FakeSource source, ValidationEngineOptions? options = null) =>
        new(source, new BatchValidator(CodeFormatProfile.Default, RuleTable.Default), options ?? new ValidationEngineOptions(), new FakeTimeProvider());

    [Fact]
    public async Task ValidateAsync_EmptyVersion_UsesCurrentPublished()
    {
        await using var engine = CreateEngine(new FakeSource());
        var response = await engine.ValidateAsync(Batch(Line("1", TestCatalog.Drug)), CancellationToken.None);
        Assert.Equal(TestCatalog.Version, response.CatalogVersion);
        Assert.Equal(Verdict.Pass, response.Verdict);
    }

    [Fact]
    public async Task ValidateAsync_ExplicitVersion_UsesThatSnapshot()
    {
        await using var engine = CreateEngine(new FakeSource());
        var request = Batch(Line("1", TestCatalog.Service));
        request.CatalogVersion = "2027.01.1";
        var response = await engine.ValidateAsync(request, CancellationToken.None);
        Assert.Equal("2027.01.1", response.CatalogVersion);
        Assert.Equal("NATIONAL_CODE_UNKNOWN", response.Lines[0].Findings[0].RuleId);
    }

    [Fact]
    public async Task ValidateAsync_ManyInstitutionsOneVersion_BuildSnapshotOnce()
    {
        var source = new FakeSource();
        await using var engine = CreateEngine(source);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => engine.ValidateAsync(Batch(Line("1", TestCatalog.Drug)), CancellationToken.None).AsTask()));
        Assert.Equal(1, source.RowReads);
        Assert.Equal(1, engine.Institutions.ActivationCount);
    }

    [Fact]
    public async Task ValidateAsync_UnknownVersion_IsNotFound()
    {
        await using var engine = CreateEngine(new FakeSource());
        var request = Batch(Line("1", TestCatalog.Drug));
        request.CatalogVersion = "1999.1";
        var ex = await Assert.ThrowsAsync<RequestRejectedException>(async () => await engine.ValidateAsync(request, CancellationToken.None));
        Assert.Equal(RequestErrorKind.NotFound, ex.Kind);
        Assert.Contains("1999.1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_UnknownInstitution_IsNotFound()
    {
        await using var engine = CreateEngine(new FakeSource());
        var request = Batch(Line("1", TestCatalog.Drug));
        request.FixmedinsCode = "H99999999999";
        var ex = await Assert.ThrowsAsync<RequestRejectedException>(async () => await engine.ValidateAsync(request, CancellationToken.None));
        Assert.Equal(RequestErrorKind.NotFound, ex.Kind);
        Assert.Contains("H99999999999", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_NothingPublished_IsUnavailable()
    {
        await using var engine = CreateEngine(new FakeSource { Current = null });
        var ex = await Assert.ThrowsAsync<RequestRejectedException>(async () => await engine.ValidateAsync(Batch(Line("1", TestCatalog.Drug)), CancellationToken.None));
        Assert.Equal(RequestErrorKind.Unavailable, ex.Kind);
    }

    [Theory]
    [InlineData("request_id")]
    [InlineData("fixmedins_code")]
    [InlineData("fee_details")]
    public async Task ValidateAsync_MissingRequiredField_IsInvalidArgumentNamingIt(string field)
    {
        await using var engine = CreateEngine(new FakeSource());
        var request = Batch(Line("1", TestCatalog.Drug));
        switch (field)
        {
            case "request_id": request.RequestId = ""; break;
            case "fixmedins_code": request.FixmedinsCode = ""; break;
            default: request.FeeDetails.Clear(); break;
        }

        var ex = await Assert.ThrowsAsync<RequestRejectedException>(async () => await engine.ValidateAsync(request, CancellationToken.None));
        Assert.Equal(RequestErrorKind.InvalidArgument, ex.Kind);
        Assert.StartsWith(field, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_TooManyLines_IsInvalidArgument()
    {
        await using var engine = CreateEngine(new FakeSource(), new ValidationEngineOptions { MaxLinesPerBatch = 3 });
        var request = Batch(Enumerable.Range(0, 4).Select(i => Line(i.ToString(System.Globalization.CultureInfo.InvariantCulture), TestCatalog.Drug)).ToArray());
        var ex = await Assert.ThrowsAsync<RequestRejectedException>(async () => await engine.ValidateAsync(request, CancellationToken.None));
        Assert.Contains("fee_details", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateAsync_OverLongField_IsInvalidArgumentNamingThePath()
    {
        await using var engine = CreateEngine(new FakeSource());
        var request = Batch(Line("1", TestCatalog.Drug), Line("2", new string('X', 51)));
        var ex = await Assert.ThrowsAsync<RequestRejectedException>(async () => await engine.ValidateAsync(request, CancellationToken.None));
        Assert.StartsWith("fee_details[1].med_list_codg", ex.Message, StringComparison.Ordinal);
    }
}
