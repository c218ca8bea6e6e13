namespace ValidationGateway.Storage.Migrations;

/// <summary>The PostgreSQL schema, as an ordered list of migrations numbered like <see cref="SqliteMigrations"/>.</summary>
/// <remarks>Append only: a shipped migration is never edited, because stores in the field already ran it.</remarks>
internal static class PostgresMigrations
{
    // Same tables and meaning as SQLite's, in native types: decimals are numeric (exact, keeps the scale the file
    // gave), dates are date, timestamps timestamptz (microseconds), flags boolean. Codes and labels are COLLATE "C"
    // so ORDER BY is ordinal like SQLite's, whatever locale the cluster was created with. catalog_versions.seq
    // breaks ties between versions created in the same instant (SQLite uses rowid). catalog_items has no primary
    // key on purpose: a key makes the bulk COPY about 2x slower (FIELD-NOTES) and the file parser rejects duplicates.
    // Nor a foreign key to catalog_versions, unlike SQLite: PostgreSQL checks it with a trigger per row, which
    // made a 1M-row COPY 2.6x slower (12.5 s against 4.8 s, measured). Every write of items runs in the transaction
    // that created or locked (FOR SHARE) its version row, so no item can point at a missing version; whoever one
    // day deletes versions must delete their items in the same transaction.
    private const string V1CatalogAndInstitutions = """
        CREATE TABLE catalog_versions (
            version      text COLLATE "C" NOT NULL PRIMARY KEY,
            seq          bigint      GENERATED ALWAYS AS IDENTITY,
            state        text        NOT NULL CHECK (state IN ('draft', 'published', 'retired')),
            is_current   boolean     NOT NULL DEFAULT false,
            created_at   timestamptz NOT NULL,
            published_at timestamptz,
            CHECK (NOT is_current OR state = 'published')
        );
        CREATE UNIQUE INDEX ux_catalog_versions_current ON catalog_versions (is_current) WHERE is_current;

        CREATE TABLE catalog_items (
            version            text COLLATE "C" NOT NULL,
            kind               text    NOT NULL,
            code               text COLLATE "C" NOT NULL,
            name               text    NOT NULL DEFAULT '',
            begndate           date,
            enddate            date,
            vali_flag          boolean NOT NULL DEFAULT true,
            chrgitm_lv         text    NOT NULL DEFAULT '',
            lmt_used_flag      boolean NOT NULL DEFAULT false,
            pric_uplmt_amt     numeric,
            lv1_hosp_item_pric numeric,
            lv2_hosp_item_pric numeric,
            lv3_hosp_item_pric numeric
        );
        CREATE INDEX ix_catalog_items_version_kind ON catalog_items (version, kind);

        CREATE TABLE institutions (
            code       text COLLATE "C" NOT NULL PRIMARY KEY,
            name       text        NOT NULL,
            level      smallint    NOT NULL CHECK (level BETWEEN 1 AND 3),
            type       text        NOT NULL CHECK (type IN ('hospital', 'pharmacy')),
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        """;

    // As in SQLite: the mapping key includes begndate, and an open begin date is one key value (coalesce to
    // -infinity, which also sorts it first). Knowledge points keep their import position in ordinal, which is
    // how they are read back (SQLite uses rowid).
    private const string V2MappingsPractitionersKnowledgePoints = """
        CREATE TABLE mappings (
            fixmedins_code   text COLLATE "C" NOT NULL REFERENCES institutions (code),
            medins_list_codg text COLLATE "C" NOT NULL,
            med_list_codg    text COLLATE "C" NOT NULL,
            item_type        text NOT NULL DEFAULT '' CHECK (item_type IN ('', 'drug', 'herb', 'service', 'consumable')),
            medins_list_name text NOT NULL DEFAULT '',
            begndate         date,
            enddate          date,
            updated_at       timestamptz NOT NULL
        );
        CREATE UNIQUE INDEX ux_mappings_key ON mappings (fixmedins_code, medins_list_codg, coalesce(begndate, '-infinity'::date));

        CREATE TABLE practitioners (
            fixmedins_code text COLLATE "C" NOT NULL,
            code           text COLLATE "C" NOT NULL,
            kind           text        NOT NULL CHECK (kind IN ('doctor', 'nurse', 'pharmacist')),
            name           text        NOT NULL DEFAULT '',
            valid          boolean     NOT NULL DEFAULT true,
            updated_at     timestamptz NOT NULL,
            PRIMARY KEY (fixmedins_code, code)
        );

        CREATE TABLE knowledge_points (
            version     text COLLATE "C" NOT NULL REFERENCES catalog_versions (version) ON DELETE CASCADE,
            ordinal     integer NOT NULL,
            rule_id     text    NOT NULL,
            code        text COLLATE "C" NOT NULL,
            code_b      text COLLATE "C" NOT NULL DEFAULT '',
            gender      text    NOT NULL DEFAULT '' CHECK (gender IN ('', '1', '2')),
            age_min     integer,
            age_max     integer,
            max_per_day numeric,
            note        text    NOT NULL DEFAULT '',
            PRIMARY KEY (version, ordinal)
        );
        """;

    // Keys: only the SHA-256 of the secret is stored; key_id is public (it is part of the key and safe to log).
    private const string V3ApiKeys = """
        CREATE TABLE api_keys (
            key_id         text COLLATE "C" NOT NULL PRIMARY KEY,
            secret_hash    text        NOT NULL,
            fixmedins_code text COLLATE "C",
            is_admin       boolean     NOT NULL,
            created_at     timestamptz NOT NULL,
            revoked_at     timestamptz,
            CHECK (is_admin OR fixmedins_code IS NOT NULL)
        );
        """;

    // The audit trail, as in SQLite: a request id is stored once per institution (a retry is a replay), lines for
    // the daily numbers; psn_no only as its keyed hash.
    private const string V4Audit = """
        CREATE TABLE audit_requests (
            fixmedins_code  text COLLATE "C" NOT NULL,
            request_id      text COLLATE "C" NOT NULL,
            received_at     timestamptz NOT NULL,
            day             date        NOT NULL,
            catalog_version text        NOT NULL,
            verdict         integer     NOT NULL,
            psn_hash        text        NOT NULL,
            line_count      integer     NOT NULL,
            request         bytea       NOT NULL,
            response        bytea       NOT NULL,
            PRIMARY KEY (fixmedins_code, request_id)
        );
        CREATE INDEX ix_audit_requests_day ON audit_requests (day);

        CREATE TABLE audit_lines (
            fixmedins_code   text COLLATE "C" NOT NULL,
            request_id       text COLLATE "C" NOT NULL,
            line_index       integer NOT NULL,
            day              date    NOT NULL,
            medins_list_codg text    NOT NULL,
            med_list_codg    text    NOT NULL,
            verdict          integer NOT NULL,
            valid_code       boolean NOT NULL,
            rule_ids         text    NOT NULL,
            amount           numeric,
            over_cap         numeric,
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

    // Administrator web sessions, as in SQLite: only the SHA-256 of the cookie's token, no foreign key to api_keys
    // (the anonymous identity has no key row), expires_at indexed for the prune each login runs.
    private const string V6AdminSessions = """
        CREATE TABLE admin_sessions (
            token_hash text COLLATE "C" NOT NULL PRIMARY KEY,
            key_id     text COLLATE "C" NOT NULL,
            created_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL
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
