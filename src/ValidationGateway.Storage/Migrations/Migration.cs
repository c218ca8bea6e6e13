namespace ValidationGateway.Storage.Migrations;

/// <summary>One numbered schema change, applied once, in its own transaction.</summary>
/// <param name="Number">Position in the sequence; strictly increasing, never reused.</param>
/// <param name="Name">Short description recorded in <c>schema_migrations</c>.</param>
/// <param name="Sql">The statements; run as one batch inside the migration's transaction.</param>
internal sealed record Migration(int Number, string Name, string Sql);
