-- The warehouse tables. Applied on every open (IF NOT EXISTS); changes to an
-- existing file go through warehouse/migrations/NNN_name.sql, recorded in schema_migrations.

CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- One row per configured source (feed URL or folder), with its conditional-GET state and health.
CREATE TABLE IF NOT EXISTS sources (
    source_name           VARCHAR PRIMARY KEY,
    source_type           VARCHAR NOT NULL,          -- rss | folder
    location              VARCHAR NOT NULL,          -- feed URL or folder path
    etag                  VARCHAR,
    last_modified         VARCHAR,
    last_status           VARCHAR,                   -- ok | not_modified | failed | skipped
    last_error            VARCHAR,
    last_attempt_at       TIMESTAMP,
    last_success_at       TIMESTAMP,
    consecutive_failures  INTEGER NOT NULL DEFAULT 0,
    next_attempt_at       TIMESTAMP                  -- backoff: not retried before this
);

-- One row per canonical URL (folder sources: file:// URL of the file).
CREATE TABLE IF NOT EXISTS articles (
    article_id     VARCHAR PRIMARY KEY,              -- sha256 of canonical_url, first 16 hex
    canonical_url  VARCHAR NOT NULL UNIQUE,
    source_name    VARCHAR NOT NULL,
    outlet         VARCHAR NOT NULL,                 -- site name or host; saved files: canonical host, else file name
    file_name      VARCHAR,                          -- folder sources: the file's name
    title          VARCHAR NOT NULL,
    published_at   TIMESTAMP,                        -- NULL when the article gives none
    language       VARCHAR,
    text           VARCHAR NOT NULL,
    content_hash   VARCHAR NOT NULL,
    fetched_at     TIMESTAMP NOT NULL,               -- the start of the run that fetched it (one time per run)
    is_relevant    BOOLEAN NOT NULL DEFAULT false,
    first_run_id   VARCHAR
);

-- One row per fact per article (FACTS.md). Tranches of one deal share a key and differ by value. Rebuilt without
-- the primary key's index by migrations/005 (the load keeps fact_id unique).
CREATE TABLE IF NOT EXISTS facts (
    fact_id            VARCHAR PRIMARY KEY,          -- hash of article_id, kind, subject, counterparty, unit, value
    article_id         VARCHAR NOT NULL,
    kind               VARCHAR NOT NULL,
    subject            VARCHAR NOT NULL,
    counterparty       VARCHAR,
    value              DECIMAL(38, 6) NOT NULL,
    unit               VARCHAR NOT NULL,
    qualifier          VARCHAR NOT NULL,
    evidence           VARCHAR NOT NULL,
    evidence_start     INTEGER,
    evidence_end       INTEGER,
    extractor_version  VARCHAR NOT NULL,
    loaded_at          TIMESTAMP NOT NULL
);

-- One row per run of the pipeline.
CREATE TABLE IF NOT EXISTS runs (
    run_id           VARCHAR PRIMARY KEY,
    started_at       TIMESTAMP NOT NULL,
    finished_at      TIMESTAMP,
    status           VARCHAR NOT NULL,               -- running | ok | partial | failed
    sources_ok       INTEGER NOT NULL DEFAULT 0,
    sources_failed   INTEGER NOT NULL DEFAULT 0,
    articles_new     INTEGER NOT NULL DEFAULT 0,
    articles_seen    INTEGER NOT NULL DEFAULT 0,
    facts_new        INTEGER NOT NULL DEFAULT 0,
    alerts_new       INTEGER NOT NULL DEFAULT 0,
    message          VARCHAR
);

-- One row per disagreement, written in the transaction that loads the facts raising it (an outbox).
-- alert_id hashes the fact key and the new article, so one disagreement is never raised twice.
CREATE TABLE IF NOT EXISTS alerts (
    alert_id       VARCHAR PRIMARY KEY,              -- sha256 of kind, subject, counterparty, unit, article_id
    severity       VARCHAR NOT NULL,                 -- conflict | notice
    reason         VARCHAR NOT NULL,                 -- differs | sum_of_parts | qualifier | revised | talks | step | inconsistent
    kind           VARCHAR NOT NULL,
    subject        VARCHAR NOT NULL,
    counterparty   VARCHAR,
    unit           VARCHAR NOT NULL,
    value          DECIMAL(38, 6) NOT NULL,          -- the new figure
    qualifier      VARCHAR NOT NULL,
    fact_id        VARCHAR NOT NULL,
    article_id     VARCHAR NOT NULL,
    outlet         VARCHAR NOT NULL,
    evidence       VARCHAR NOT NULL,
    expected_value DECIMAL(38, 6),                   -- sum_of_parts: the total of the parts
    -- The other outlets' distinct figures (for sum_of_parts: the parts, named by counterparty).
    earlier        STRUCT(counterparty VARCHAR, value DECIMAL(38, 6), qualifier VARCHAR,
                          outlets VARCHAR[], articles VARCHAR[])[] NOT NULL,
    raised_at      TIMESTAMP NOT NULL,
    sent_at        TIMESTAMP                         -- when the last channel took it; NULL while pending
);

-- One row per alert per channel configured when it was raised; sent_at stays NULL until the channel accepts.
CREATE TABLE IF NOT EXISTS alert_deliveries (
    alert_id         VARCHAR NOT NULL,
    channel_id       VARCHAR NOT NULL,               -- sha256 of the apprise URL (URLs can carry tokens)
    channel_name     VARCHAR NOT NULL,               -- scheme and host only, for people
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_attempt_at  TIMESTAMP,
    last_error       VARCHAR,
    sent_at          TIMESTAMP,
    PRIMARY KEY (alert_id, channel_id)
);
