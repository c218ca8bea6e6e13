using ValidationGateway.Contracts.V1;
using ValidationGateway.Core.Actors;
using ValidationGateway.Core.Catalog;
using ValidationGateway.Core.Institutions;
using ValidationGateway.Core.Rules;

namespace ValidationGateway.Core.Validation;

/// <summary>
/// The hot path: checks a request, finds the institution actor for (institution, catalog version), validates
/// the batch against the version's snapshot and builds the response.
/// </summary>
/// <remarks>
/// Thread-safe. Completes synchronously when the actor is already active. The current version is cached and
/// re-read from the source on a timer; snapshots are built once per version by the catalog actors.
/// </remarks>
public sealed class ValidationEngine : IAsyncDisposable
{
    private readonly IGatewayDataSource _source;
    private readonly BatchValidator _validator;
    private readonly ValidationEngineOptions _options;
    private readonly ActorRegistry<string, CatalogVersionActor> _catalogs;
    private readonly ActorRegistry<InstitutionActorKey, InstitutionActor> _institutions;
    private readonly ITimer _poll;
    private readonly TimeProvider _time;
    private volatile string? _currentVersion;

    /// <summary>Creates the engine.</summary>
    public ValidationEngine(IGatewayDataSource source, BatchValidator validator, ValidationEngineOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _source = source;
        _validator = validator;
        _options = options;
        _time = time;
        _catalogs = new ActorRegistry<string, CatalogVersionActor>(ActivateCatalogAsync, options.CatalogActors, time);
        _institutions = new ActorRegistry<InstitutionActorKey, InstitutionActor>(ActivateInstitutionAsync, options.InstitutionActors, time);
        _poll = time.CreateTimer(static s => _ = ((ValidationEngine)s!).PollCurrentVersionAsync(), this, options.CatalogPollInterval, options.CatalogPollInterval);
    }

    /// <summary>The institution actors.</summary>
    public ActorRegistry<InstitutionActorKey, InstitutionActor> Institutions => _institutions;

    /// <summary>The catalog version actors.</summary>
    public ActorRegistry<string, CatalogVersionActor> Catalogs => _catalogs;

    /// <summary>The rule table in force.</summary>
    public RuleTable Rules => _validator.Rules;

    /// <summary>Most fee detail lines accepted in one batch.</summary>
    public int MaxLinesPerBatch => _options.MaxLinesPerBatch;

    /// <summary>The cached current version (null until first known).</summary>
    public string? CurrentVersion => _currentVersion;

    /// <summary>Refuses a batch of more than <see cref="ValidationEngineOptions.MaxLinesPerBatch"/> lines. Also called on
    /// the encoded request before it is parsed, so that a message of many tiny lines is refused without building them.</summary>
    /// <exception cref="RequestRejectedException">Too many lines.</exception>
    public void CheckLineCount(int lines)
    {
        if (lines > _options.MaxLinesPerBatch)
        {
            throw new RequestRejectedException(RequestErrorKind.InvalidArgument,
                $"fee_details 行数 {lines} 超过上限 {_options.MaxLinesPerBatch}（fee_details: too many lines）");
        }
    }

    /// <summary>Validates one batch.</summary>
    /// <exception cref="RequestRejectedException">The request as a whole is invalid, or names an unknown institution or version.</exception>
    public ValueTask<ValidateResponse> ValidateAsync(ValidateRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckRequest(request);
        var version = request.CatalogVersion.Length > 0 ? request.CatalogVersion : _currentVersion;
        if (version is not null)
        {
            var pending = _institutions.GetAsync(new InstitutionActorKey(request.FixmedinsCode, version), cancellationToken);
            if (pending.IsCompletedSuccessfully)
            {
                var validated = pending.Result.ValidateAsync(_validator, request);
                return validated.IsCompletedSuccessfully ? validated : AwaitValidatedAsync(validated, request, version, cancellationToken);
            }

            return AwaitActorAsync(pending, request, cancellationToken);
        }

        return ValidateSlowAsync(request, cancellationToken);
    }

    /// <summary>Re-reads the current published version from the source.</summary>
    /// <remarks>
    /// A newly published version's snapshot is built before the switch (hot swap): requests keep using the old version
    /// until the new one is ready, so none waits for a build. Requests already running, and requests that name a
    /// version, are unaffected; the old version's actors are collected when idle.
    /// </remarks>
    public async Task<string?> RefreshCurrentVersionAsync(CancellationToken cancellationToken)
    {
        var current = await _source.GetCurrentCatalogVersionAsync(cancellationToken).ConfigureAwait(false);
        var previous = _currentVersion;
        if (current is not null && !string.Equals(current, previous, StringComparison.Ordinal))
        {
            await _catalogs.GetAsync(current, cancellationToken).ConfigureAwait(false);
            if (previous is not null)
            {
                await ActivateSuccessorsAsync(previous, current, cancellationToken).ConfigureAwait(false);
            }
        }

        _currentVersion = current;
        return current;
    }

    /// <summary>Activates, on the new version, every institution active on the previous one, handing over its
    /// reference data and memory, so the first batch after the switch neither reads the store nor forgets a visit.</summary>
    private async Task ActivateSuccessorsAsync(string previous, string current, CancellationToken cancellationToken)
    {
        foreach (var key in _institutions.ActiveKeys())
        {
            if (string.Equals(key.CatalogVersion, previous, StringComparison.Ordinal))
            {
                await _institutions.GetAsync(key with { CatalogVersion = current }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Loads the current version's snapshot ahead of traffic (readiness).</summary>
    public async Task<CatalogSnapshot?> WarmUpAsync(CancellationToken cancellationToken)
    {
        var current = await RefreshCurrentVersionAsync(cancellationToken).ConfigureAwait(false);
        return current is null ? null : (await _catalogs.GetAsync(current, cancellationToken).ConfigureAwait(false)).Snapshot;
    }

    /// <summary>Stops the poll timer and deactivates every actor.</summary>
    public async ValueTask DisposeAsync()
    {
        await _poll.DisposeAsync().ConfigureAwait(false);
        await _institutions.DisposeAsync().ConfigureAwait(false);
        await _catalogs.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Swaps fresh mappings and practitioners into the institution's active actors (all versions); memory is kept.</summary>
    public async Task ReloadInstitutionAsync(string institutionCode, CancellationToken cancellationToken)
    {
        InstitutionReferenceData? reference = null;
        foreach (var key in _institutions.ActiveKeys())
        {
            if (key.InstitutionCode != institutionCode)
            {
                continue;
            }

            reference ??= await LoadReferenceAsync(institutionCode, cancellationToken).ConfigureAwait(false);
            (await _institutions.GetAsync(key, cancellationToken).ConfigureAwait(false)).Reload(reference);
        }
    }

    private async ValueTask<ValidateResponse> AwaitValidatedAsync(ValueTask<ValidateResponse> validated, ValidateRequest request, string version, CancellationToken cancellationToken)
    {
        try
        {
            return await validated.ConfigureAwait(false);
        }
        catch (ActorDeactivatedException)
        {
            // Lost a race with idle collection: a fresh activation takes the batch.
            return await RunAsync(request, version, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<ValidateResponse> AwaitActorAsync(ValueTask<InstitutionActor> pending, ValidateRequest request, CancellationToken cancellationToken)
    {
        var actor = await pending.ConfigureAwait(false);
        return await AwaitValidatedAsync(actor.ValidateAsync(_validator, request), request, actor.Key.CatalogVersion, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ValidateResponse> RunAsync(ValidateRequest request, string version, CancellationToken cancellationToken)
    {
        var actor = await _institutions.GetAsync(new InstitutionActorKey(request.FixmedinsCode, version), cancellationToken).ConfigureAwait(false);
        return await actor.ValidateAsync(_validator, request).ConfigureAwait(false);
    }

    private async ValueTask<ValidateResponse> ValidateSlowAsync(ValidateRequest request, CancellationToken cancellationToken)
    {
        var version = await RefreshCurrentVersionAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new RequestRejectedException(RequestErrorKind.Unavailable, "尚未发布任何医保目录版本，网关暂不能校验（no catalog version is published）");
        return await RunAsync(request, version, cancellationToken).ConfigureAwait(false);
    }

    private void CheckRequest(ValidateRequest request)
    {
        if (request.RequestId.Length == 0)
        {
            throw new RequestRejectedException(RequestErrorKind.InvalidArgument, "request_id 不能为空（request_id is required）");
        }

        if (request.FixmedinsCode.Length == 0)
        {
            throw new RequestRejectedException(RequestErrorKind.InvalidArgument, "fixmedins_code 不能为空（fixmedins_code is required）");
        }

        if (request.FeeDetails.Count == 0)
        {
            throw new RequestRejectedException(RequestErrorKind.InvalidArgument, "fee_details 不能为空（fee_details: at least one line is required）");
        }

        CheckLineCount(request.FeeDetails.Count);

        if (FieldLimits.FirstViolation(request) is { } violation)
        {
            throw new RequestRejectedException(RequestErrorKind.InvalidArgument,
                $"{violation.Field} 超过最大长度 {violation.Limit}（{violation.Field}: longer than {violation.Limit} characters）");
        }
    }

    private async Task PollCurrentVersionAsync()
    {
        try
        {
            await RefreshCurrentVersionAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed poll keeps the last known version; the next tick retries.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private async Task<CatalogVersionActor> ActivateCatalogAsync(string version, CancellationToken cancellationToken)
    {
        if (!await _source.IsPublishedAsync(version, cancellationToken).ConfigureAwait(false))
        {
            throw new RequestRejectedException(RequestErrorKind.NotFound, $"目录版本“{version}”不存在或未发布（catalog_version not found）");
        }

        var knowledge = new List<KnowledgePoint>();
        await foreach (var point in _source.ReadKnowledgePointsAsync(version, cancellationToken).ConfigureAwait(false))
        {
            knowledge.Add(point);
        }

        // Built on a background thread of the lowest CPU priority: on a busy node the requests still being answered on
        // the old version get the CPU first, and the build takes what is left.
        var snapshot = await LowPriorityThread.RunAsync(
            $"catalog-build {version}",
            () => CatalogSnapshot.BuildAsync(version, _source.ReadCatalogRowsAsync(version, cancellationToken), knowledge, cancellationToken)).ConfigureAwait(false);
        return new CatalogVersionActor(snapshot);
    }

    private async Task<InstitutionActor> ActivateInstitutionAsync(InstitutionActorKey key, CancellationToken cancellationToken)
    {
        var catalog = await _catalogs.GetAsync(key.CatalogVersion, cancellationToken).ConfigureAwait(false);
        if (ActiveSibling(key) is { } sibling)
        {
            // Same institution, another catalog version: reference data does not depend on the version, and the memory
            // must not either (a visit's earlier batches count whichever version judged them).
            return new InstitutionActor(key, sibling.Reference, catalog.Snapshot, sibling.Memory);
        }

        var reference = await LoadReferenceAsync(key.InstitutionCode, cancellationToken).ConfigureAwait(false);
        return new InstitutionActor(key, reference, catalog.Snapshot, new InstitutionMemory(_options.VisitMemory, _time));
    }

    private InstitutionActor? ActiveSibling(InstitutionActorKey key)
    {
        // The version most likely to be active first: the current one, then any other.
        if (_currentVersion is { } current && !string.Equals(current, key.CatalogVersion, StringComparison.Ordinal)
            && _institutions.TryGetActive(key with { CatalogVersion = current }, out var actor))
        {
            return actor;
        }

        if (_catalogs.ActiveCount < 2)
        {
            return null; // one version active: no sibling to find
        }

        foreach (var other in _institutions.ActiveKeys())
        {
            if (string.Equals(other.InstitutionCode, key.InstitutionCode, StringComparison.Ordinal)
                && !string.Equals(other.CatalogVersion, key.CatalogVersion, StringComparison.Ordinal)
                && _institutions.TryGetActive(other, out actor))
            {
                return actor;
            }
        }

        return null;
    }

    private async Task<InstitutionReferenceData> LoadReferenceAsync(string institutionCode, CancellationToken cancellationToken)
    {
        var institution = await _source.GetInstitutionAsync(institutionCode, cancellationToken).ConfigureAwait(false)
            ?? throw new RequestRejectedException(RequestErrorKind.NotFound, $"定点机构“{institutionCode}”未在网关登记（fixmedins_code not found）");
        var mappings = await _source.GetMappingsAsync(institutionCode, cancellationToken).ConfigureAwait(false);
        var practitioners = await _source.GetPractitionersAsync(institutionCode, cancellationToken).ConfigureAwait(false);
        return new InstitutionReferenceData(institution, mappings, practitioners, _validator.Codes);
    }
}
