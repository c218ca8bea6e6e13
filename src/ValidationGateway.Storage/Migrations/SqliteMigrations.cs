namespace ValidationGateway.Storage.Migrations;

/// <summary>The SQLite schema, as an ordered list of migrations.</summary>
/// <remarks>Append only: a shipped migration is never edited, because stores in the field already ran it.</remarks>
internal static class SqliteMigrations
{
    // Decimals are TEXT in invariant format (exact, keeps the scale the file gave); dates are ISO yyyy-MM-dd;
    // timestamps are ISO 8601 round-trip UTC. catalog_items has no primary key on purpose: a bulk replace with
    // a key is ~1.6x slower (FIELD-NOTES) and duplicates are rejected by the file parser.
    private const string V1CatalogAndInstitutions = """
        CREATE TABLE catalog_versions (
            version      TEXT    NOT NULL PRIMARY KEY,
            state        TEXT    NOT NULL CHECK (state IN ('draft', 'published', 'retired')),
            is_current   INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
            created_at   TEXT    NOT NULL,
            published_at TEXT,
            CHECK (is_current = 0 OR state = 'published')
        );
        CREATE UNIQUE INDEX ux_catalog_versions_current ON catalog_versions (is_current) WHERE is_current = 1;

        CREATE TABLE catalog_items (
            version            TEXT    NOT NULL REFERENCES catalog_versions (version) ON DELETE CASCADE,
            kind               TEXT    NOT NULL,
            code               TEXT    NOT NULL,
            name               TEXT    NOT NULL DEFAULT '',
            begndate           TEXT,
            enddate            TEXT,
            vali_flag          INTEGER NOT NULL DEFAULT 1,
            chrgitm_lv         TEXT    NOT NULL DEFAULT '',
            lmt_used_flag      INTEGER NOT NULL DEFAULT 0,
            pric_uplmt_amt     TEXT,
            lv1_hosp_item_pric TEXT,
            lv2_hosp_item_pric TEXT,
            lv3_hosp_item_pric TEXT
        );
        CREATE INDEX ix_catalog_items_version_kind ON catalog_items (version, kind);

        CREATE TABLE institutions (
            code       TEXT    NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
            type       TEXT    NOT NULL CHECK (type IN ('hospital', 'pharmacy')),
            created_at TEXT    NOT NULL,
            updated_at TEXT    NOT NULL
        );
        """;

    /// <summary>Every migration, in order.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "catalog versions, catalog items, institutions", V1CatalogAndInstitutions),
    ];

    /// <summary>The schema version this build creates.</summary>
    public static int Latest => All[^1].Number;
}
