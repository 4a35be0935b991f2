-- Every figure of every deal: per fact key (kind, subject, counterparty, unit), period (`as_of`), basis and
-- distinct value, the outlets and the independent reports behind it (a wire story reprinted by several outlets
-- is one report: one copy group), its statuses, and when it was first and last seen (publication date, else
-- fetch time).
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
        as_of,
        basis,
        value,
        list_sort(list_distinct(list(qualifier))) AS qualifiers,
        list_sort(list_distinct(list(coalesce(status, 'announced')))) AS statuses,
        count(DISTINCT outlet) AS outlet_count,
        count(DISTINCT copy_group) AS report_count,
        list_sort(list_distinct(list(outlet))) AS outlets,
        list_sort(list_distinct(list(article))) AS articles,
        min(seen_at) AS first_seen_at,
        max(seen_at) AS last_seen_at
    FROM reports
    GROUP BY kind, subject, counterparty, unit, as_of, basis, value
),

-- Disputed: another value for the same deal figure in the same period and basis.
final AS (
    SELECT
        *,
        count(*) OVER (PARTITION BY kind, subject, counterparty, unit, as_of, basis) > 1 AS is_disputed
    FROM figures
)

SELECT * FROM final
ORDER BY subject, kind, counterparty, unit, as_of NULLS FIRST, basis NULLS FIRST, value;
