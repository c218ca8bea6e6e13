namespace ValidationGateway.Server.Tests.Admin;

/// <summary>The test classes that read the known mix share one gateway (and one send of the batches).</summary>
[CollectionDefinition(Name)]
public sealed class AdminTrafficGroup : ICollectionFixture<AdminTrafficFixture>
{
    public const string Name = "admin traffic";
}
