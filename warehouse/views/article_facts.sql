-- Every fact with the article that reported it: outlet, article (file name for folder sources, else URL),
-- publication date and the date the diff and the views go by (publication, else fetch time).
CREATE OR REPLACE VIEW article_facts AS
WITH

facts AS (
    SELECT * FROM main.facts
),

articles AS (
    SELECT * FROM main.articles
),

final AS (
    SELECT
        facts.fact_id,
        facts.article_id,
        facts.kind,
        facts.subject,
        facts.counterparty,
        facts.unit,
        facts.value,
        facts.qualifier,
        facts.evidence,
        facts.as_of,
        facts.status,
        facts.basis,
        articles.outlet,
        coalesce(articles.file_name, articles.canonical_url) AS article,
        articles.canonical_url,
        articles.content_hash,
        articles.title,
        articles.published_at,
        coalesce(articles.published_at, articles.fetched_at) AS seen_at,
        facts.extractor_version
    FROM facts
    INNER JOIN articles USING (article_id)
)

SELECT * FROM final;
