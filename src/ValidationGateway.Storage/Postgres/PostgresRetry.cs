namespace ValidationGateway.Storage.Postgres;

/// <summary>When an operation that failed with a transient error may be run again from the start.</summary>
internal enum PostgresRetry
{
    /// <summary>Only failures to open the connection are retried (nothing was sent yet): the input cannot be replayed.</summary>
    OpenOnly,

    /// <summary>
    /// Also retried when the server certainly rolled the transaction back (serialization failure, deadlock):
    /// the operation is not idempotent, so a broken connection, whose commit may or may not have happened, is not.
    /// </summary>
    WhenRolledBack,

    /// <summary>Every transient failure is retried: the operation is idempotent and its input can be replayed.</summary>
    Always,
}
