-- The evidence behind each open conflict: every article's report of a fact key listed in open_conflicts, with
-- its figure, outlet, qualifier, context, the sentence it was read from and the article's link; newest
-- conflict first. (Named after open_conflicts so that it is created after it: views apply in name order.)
CREATE OR REPLACE VIEW open_conflicts_evidence AS
WITH

open_conflicts AS (
    SELECT * FROM main.open_conflicts
),

article_facts AS (
    SELECT * FROM main.article_facts
),

final AS (
    SELECT
        article_facts.kind,
        article_facts.subject,
        article_facts.counterparty,
        article_facts.unit,
        article_facts.value,
        article_facts.qualifier,
        article_facts.as_of,
        article_facts.status,
        article_facts.basis,
        article_facts.outlet,
        article_facts.title,
        article_facts.article,
        article_facts.canonical_url,
        article_facts.published_at,
        article_facts.seen_at,
        article_facts.evidence,
        article_facts.copy_group,
        article_facts.fact_id,
        open_conflicts.last_raised_at
    FROM article_facts
    INNER JOIN open_conflicts
        ON open_conflicts.kind = article_facts.kind
        AND open_conflicts.subject = article_facts.subject
        AND open_conflicts.counterparty IS NOT DISTINCT FROM article_facts.counterparty
        AND open_conflicts.unit = article_facts.unit
        AND open_conflicts.as_of IS NOT DISTINCT FROM article_facts.as_of
)

SELECT * FROM final
ORDER BY last_raised_at DESC, subject, kind, counterparty NULLS FIRST, unit, value, seen_at, outlet;
