-- What each outlet contributed: articles, how many were about AI financing, their facts, and the dates covered.
CREATE OR REPLACE VIEW articles_per_outlet AS
WITH

articles AS (
    SELECT * FROM main.articles
),

facts AS (
    SELECT * FROM main.facts
),

facts_per_article AS (
    SELECT article_id, count(*) AS fact_count
    FROM facts
    GROUP BY article_id
),

final AS (
    SELECT
        articles.outlet,
        count(*) AS article_count,
        count(*) FILTER (WHERE articles.is_relevant) AS relevant_article_count,
        coalesce(sum(facts_per_article.fact_count), 0)::BIGINT AS fact_count,
        min(articles.published_at) AS first_published_at,
        max(articles.published_at) AS last_published_at,
        max(articles.fetched_at) AS last_fetched_at
    FROM articles
    LEFT JOIN facts_per_article USING (article_id)
    GROUP BY articles.outlet
)

SELECT * FROM final
ORDER BY article_count DESC, outlet;
