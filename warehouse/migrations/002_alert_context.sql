-- What the diff needs to compare like with like, and alerts that explain themselves and can be withdrawn.
--
-- Articles get their copy group (near-duplicate text: one wire story reprinted by several outlets is one report)
-- and its MinHash signature with the LSH band keys that find copies; extractions record which extractor read an
-- article last (dealwatch reextract). Alerts are rebuilt: each carries the figure's context, each earlier figure
-- its unit, context, conversion, copy groups and evidence, and an alert can be withdrawn (never deleted).
ALTER TABLE articles ADD COLUMN IF NOT EXISTS copy_group VARCHAR;

-- One row per relevant article whose text was signed: the MinHash of its word shingles (warehouse/copies.py).
CREATE TABLE IF NOT EXISTS article_signatures (
    article_id  VARCHAR PRIMARY KEY,
    minhash     UBIGINT[] NOT NULL
);

-- The LSH bands of each signature: two articles sharing a band key are candidate copies of one text.
CREATE TABLE IF NOT EXISTS signature_bands (
    band_key    VARCHAR NOT NULL,
    article_id  VARCHAR NOT NULL
);

-- Which extractor last read each article (facts or none): dealwatch reextract reads the others again.
CREATE TABLE IF NOT EXISTS extractions (
    article_id         VARCHAR PRIMARY KEY,
    extractor_version  VARCHAR NOT NULL,
    extracted_at       TIMESTAMP NOT NULL
);

INSERT INTO extractions (article_id, extractor_version, extracted_at)
SELECT article_id, min(extractor_version), max(loaded_at)
FROM facts
GROUP BY article_id
ON CONFLICT DO NOTHING;

CREATE TABLE alerts_with_context (
    alert_id        VARCHAR PRIMARY KEY,             -- sha256 of disagreement_id and the figures compared with
    -- sha256 of the disagreement: reason, fact key, period, basis, unit and figure (and the qualifier for a
    -- qualifier notice, the article for a title the body contradicts); the expression of judge_facts.sql.
    -- One standing alert per disagreement.
    disagreement_id VARCHAR NOT NULL,
    severity        VARCHAR NOT NULL,                -- conflict | notice
    reason          VARCHAR NOT NULL,                -- differs | sum_of_parts | qualifier | revised | inconsistent
    kind            VARCHAR NOT NULL,
    subject         VARCHAR NOT NULL,
    counterparty    VARCHAR,
    unit            VARCHAR NOT NULL,
    value           DECIMAL(38, 6) NOT NULL,         -- the figure the alert is about
    qualifier       VARCHAR NOT NULL,
    as_of           VARCHAR,
    status          VARCHAR NOT NULL,
    basis           VARCHAR,
    fact_id         VARCHAR NOT NULL,
    article_id      VARCHAR NOT NULL,
    outlet          VARCHAR NOT NULL,
    evidence        VARCHAR NOT NULL,
    expected_value  DECIMAL(38, 6),                  -- sum_of_parts: the total of the parts
    -- The figures it was compared with (sum_of_parts: the parts; inconsistent: the body's figures), each with
    -- its value as compared (converted into the alert's unit, or to its basis) and who reported it.
    earlier         STRUCT(counterparty VARCHAR, value DECIMAL(38, 6), unit VARCHAR, qualifier VARCHAR,
                           as_of VARCHAR, status VARCHAR, basis VARCHAR, compared_value DECIMAL(38, 6),
                           rate DOUBLE, rate_day DATE, round_amount DECIMAL(38, 6), outlets VARCHAR[],
                           articles VARCHAR[], copy_groups VARCHAR[][], evidence VARCHAR,
                           first_seen_at TIMESTAMP)[] NOT NULL,
    raised_at       TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,                       -- when the last channel took it; NULL while pending
    withdrawn_at    TIMESTAMP                        -- re-extraction left the diff no longer raising it
);

-- Earlier alerts keep their ids and get their disagreement; a second alert on one disagreement is withdrawn
-- now (the first raised stands), so it is never sent again.
INSERT INTO alerts_with_context
WITH

identified AS (
    SELECT
        *,
        sha256(concat_ws('|', reason, kind, subject, coalesce(counterparty, ''), '', '', unit,
            CAST(value AS VARCHAR), CASE reason WHEN 'qualifier' THEN qualifier ELSE '' END, ''))
            AS disagreement_id
    FROM alerts
),

ranked AS (
    SELECT *, row_number() OVER (PARTITION BY disagreement_id ORDER BY raised_at, alert_id) AS rank
    FROM identified
)

SELECT
    alert_id, disagreement_id, severity, reason, kind, subject, counterparty, unit, value, qualifier,
    NULL, 'announced', NULL,
    fact_id, article_id, outlet, evidence, expected_value,
    list_transform(earlier, figure -> {
        'counterparty': figure.counterparty, 'value': figure.value, 'unit': ranked.unit,
        'qualifier': figure.qualifier, 'as_of': NULL, 'status': 'announced', 'basis': NULL,
        'compared_value': figure.value, 'rate': NULL, 'rate_day': NULL, 'round_amount': NULL,
        'outlets': figure.outlets, 'articles': figure.articles,
        'copy_groups': list_transform(figure.outlets, outlet -> [outlet]), 'evidence': NULL,
        'first_seen_at': NULL
    }),
    raised_at, sent_at,
    CASE WHEN rank = 1 THEN NULL ELSE timezone('UTC', current_timestamp) END
FROM ranked;

DROP TABLE alerts;
ALTER TABLE alerts_with_context RENAME TO alerts;
