using ValidationGateway.Core.Catalog;

namespace ValidationGateway.Storage.Tests.TestSupport;

/// <summary>A migrated, empty store of one kind on a manual clock, removed on dispose; what the shared store suite needs.</summary>
internal interface IStoreScope : IAsyncDisposable
{
    /// <summary>The store under test.</summary>
    IGatewayStore Store { get; }

    /// <summary>The store's clock, starting at <see cref="StoreScope.Start"/>.</summary>
    ManualTimeProvider Clock { get; }

    /// <summary>Runs raw SQL and returns the first column of the first row, for checks the store API does not expose.</summary>
    Task<object?> ScalarAsync(string sql);

    /// <summary>Like <see cref="ScalarAsync"/>, as the database's own text form (to check that decimals and dates are stored exactly).</summary>
    Task<string?> TextAsync(string sql);

    /// <summary>Like <see cref="ScalarAsync"/>, for a timestamp column.</summary>
    Task<DateTimeOffset?> TimestampAsync(string sql);

    /// <summary>Imports rows with just these codes into a draft.</summary>
    Task<long> ImportAsync(string version, CatalogItemKind kind, params string[] codes);
}
