-- Pages that failed (error status, too little text, over the size cap), one row per canonical URL, with when
-- each may be fetched again: a feed full of dead links costs one attempt per link per retry interval, not one
-- per run. A page that later becomes an article loses its row.
CREATE TABLE IF NOT EXISTS page_failures (
    canonical_url         VARCHAR PRIMARY KEY,
    source_name           VARCHAR NOT NULL,
    last_error            VARCHAR NOT NULL,
    first_failed_at       TIMESTAMP NOT NULL,
    last_attempt_at       TIMESTAMP NOT NULL,
    consecutive_failures  INTEGER NOT NULL,
    next_attempt_at       TIMESTAMP NOT NULL
);
