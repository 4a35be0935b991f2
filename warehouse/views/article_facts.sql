-- Every fact with the article that reported it: outlet, article (file name for folder sources, else URL),
-- its copy group (near-duplicate texts share one: a wire story and its reprints; an article not signed yet is
-- one group with its exact copies), publication date and the date the diff and the views go by (publication,
-- else fetch time), and whether the figure was read from the title.
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
        coalesce(articles.copy_group, 'text:' || articles.content_hash) AS copy_group,
        articles.title,
        articles.published_at,
        articles.fetched_at,
        coalesce(articles.published_at, articles.fetched_at) AS seen_at,
        -- Offsets index the title, a blank line, then the body; a fact without offsets is the title's when its
        -- evidence is the title.
        coalesce(facts.evidence_start < length(articles.title), facts.evidence = articles.title) AS is_from_title,
        facts.extractor_version
    FROM facts
    INNER JOIN articles USING (article_id)
)

SELECT * FROM final;
