-- Every figure of every deal: per fact key (kind, subject, counterparty, unit) and distinct value, the outlets
-- and articles behind it and when it was first and last seen (publication date, else fetch time).
CREATE OR REPLACE VIEW deal_figures AS
WITH

reports AS (
    SELECT * FROM article_facts
),

figures AS (
    SELECT
        kind,
        subject,
        counterparty,
        unit,
        value,
        list_sort(list_distinct(list(qualifier))) AS qualifiers,
        count(DISTINCT outlet) AS outlet_count,
        list_sort(list_distinct(list(outlet))) AS outlets,
        list_sort(list_distinct(list(article))) AS articles,
        min(seen_at) AS first_seen_at,
        max(seen_at) AS last_seen_at
    FROM reports
    GROUP BY kind, subject, counterparty, unit, value
),

final AS (
    SELECT
        *,
        count(*) OVER (PARTITION BY kind, subject, counterparty, unit) > 1 AS is_disputed
    FROM figures
)

SELECT * FROM final
ORDER BY subject, kind, counterparty, unit, value;
