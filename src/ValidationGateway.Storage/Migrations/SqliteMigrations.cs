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

    // Mappings: an institution may remap one local code over time, so the key includes begndate; an open begin
    // date is NULL, and NULLs are distinct in a UNIQUE index, hence coalesce. Practitioners are keyed
    // (fixmedins_code, code) in that order: a doctor may be registered at several institutions, and lookups are per
    // institution. Knowledge points belong to a catalog version like catalog items (no key; the parser rejects
    // duplicates) and go with it.
    private const string V2MappingsPractitionersKnowledgePoints = """
        CREATE TABLE mappings (
            fixmedins_code   TEXT NOT NULL REFERENCES institutions (code),
            medins_list_codg TEXT NOT NULL,
            med_list_codg    TEXT NOT NULL,
            item_type        TEXT NOT NULL DEFAULT '' CHECK (item_type IN ('', 'drug', 'herb', 'service', 'consumable')),
            medins_list_name TEXT NOT NULL DEFAULT '',
            begndate         TEXT,
            enddate          TEXT,
            updated_at       TEXT NOT NULL
        );
        CREATE UNIQUE INDEX ux_mappings_key ON mappings (fixmedins_code, medins_list_codg, coalesce(begndate, ''));

        CREATE TABLE practitioners (
            fixmedins_code TEXT    NOT NULL,
            code           TEXT    NOT NULL,
            kind           TEXT    NOT NULL CHECK (kind IN ('doctor', 'nurse', 'pharmacist')),
            name           TEXT    NOT NULL DEFAULT '',
            valid          INTEGER NOT NULL DEFAULT 1 CHECK (valid IN (0, 1)),
            updated_at     TEXT    NOT NULL,
            PRIMARY KEY (fixmedins_code, code)
        );

        CREATE TABLE knowledge_points (
            version     TEXT    NOT NULL REFERENCES catalog_versions (version) ON DELETE CASCADE,
            rule_id     TEXT    NOT NULL,
            code        TEXT    NOT NULL,
            code_b      TEXT    NOT NULL DEFAULT '',
            gender      TEXT    NOT NULL DEFAULT '' CHECK (gender IN ('', '1', '2')),
            age_min     INTEGER,
            age_max     INTEGER,
            max_per_day TEXT,
            note        TEXT    NOT NULL DEFAULT ''
        );
        CREATE INDEX ix_knowledge_points_version ON knowledge_points (version);
        """;

    // Keys: only the SHA-256 of the secret is stored; key_id is public (it is part of the key and safe to log).
    private const string V3ApiKeys = """
        CREATE TABLE api_keys (
            key_id         TEXT    NOT NULL PRIMARY KEY,
            secret_hash    TEXT    NOT NULL,
            fixmedins_code TEXT,
            is_admin       INTEGER NOT NULL CHECK (is_admin IN (0, 1)),
            created_at     TEXT    NOT NULL,
            revoked_at     TEXT,
            CHECK (is_admin = 1 OR fixmedins_code IS NOT NULL)
        );
        """;

    // The audit trail: one row per answered request id (the key makes a retry a replay, never a second count),
    // one row per line for the daily numbers. psn_no is only ever stored as its keyed hash.
    private const string V4Audit = """
        CREATE TABLE audit_requests (
            fixmedins_code  TEXT    NOT NULL,
            request_id      TEXT    NOT NULL,
            received_at     TEXT    NOT NULL,
            day             TEXT    NOT NULL,
            catalog_version TEXT    NOT NULL,
            verdict         INTEGER NOT NULL,
            psn_hash        TEXT    NOT NULL,
            line_count      INTEGER NOT NULL,
            request         BLOB    NOT NULL,
            response        BLOB    NOT NULL,
            PRIMARY KEY (fixmedins_code, request_id)
        );
        CREATE INDEX ix_audit_requests_day ON audit_requests (day);

        CREATE TABLE audit_lines (
            fixmedins_code   TEXT    NOT NULL,
            request_id       TEXT    NOT NULL,
            line_index       INTEGER NOT NULL,
            day              TEXT    NOT NULL,
            medins_list_codg TEXT    NOT NULL,
            med_list_codg    TEXT    NOT NULL,
            verdict          INTEGER NOT NULL,
            valid_code       INTEGER NOT NULL,
            rule_ids         TEXT    NOT NULL,
            amount           TEXT,
            over_cap         TEXT,
            PRIMARY KEY (fixmedins_code, request_id, line_index)
        );
        CREATE INDEX ix_audit_lines_day ON audit_lines (day, fixmedins_code);
        """;

    // One row per audited request: the per-line summary is derived from the stored request and response when read
    // (AuditRecords.LinesOf), so the 8-line batch that cost nine rows and four index entries per line costs one row.
    // Every audit_lines row duplicated what those two columns hold, so nothing is lost. Reports read a day range of
    // one institution: the day index gains the institution.
    private const string V5AuditOneRowPerRequest = """
        DROP TABLE audit_lines;
        DROP INDEX ix_audit_requests_day;
        CREATE INDEX ix_audit_requests_day ON audit_requests (day, fixmedins_code);
        """;

    // Administrator web sessions, in the store so that every node sharing it knows them and they survive a restart.
    // Only the SHA-256 of the cookie's token is stored: reading the table does not let anyone in. No foreign key to
    // api_keys: when keys are not required the session's key id is "anonymous", which has no key row. Timestamps are
    // the round-trip UTC text of one width, so they compare as text; expires_at is indexed for the prune each login runs.
    private const string V6AdminSessions = """
        CREATE TABLE admin_sessions (
            token_hash TEXT NOT NULL PRIMARY KEY,
            key_id     TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX ix_admin_sessions_expires_at ON admin_sessions (expires_at);
        """;

    /// <summary>Every migration, in order.</summary>
    public static IReadOnlyList<Migration> All { get; } =
    [
        new(1, "catalog versions, catalog items, institutions", V1CatalogAndInstitutions),
        new(2, "mappings, practitioners, knowledge points", V2MappingsPractitionersKnowledgePoints),
        new(3, "api keys", V3ApiKeys),
        new(4, "audit trail", V4Audit),
        new(5, "audit trail: one row per request", V5AuditOneRowPerRequest),
        new(6, "admin sessions", V6AdminSessions),
    ];

    /// <summary>The schema version this build creates.</summary>
    public static int Latest => All[^1].Number;
}
