-- Each configured source: its last status and error, its run of failures, when it last worked and when it
-- will be tried again, and how many articles it brought.
CREATE OR REPLACE VIEW source_health AS
WITH

sources AS (
    SELECT * FROM main.sources
),

articles AS (
    SELECT * FROM main.articles
),

articles_per_source AS (
    SELECT source_name, count(*) AS article_count, max(fetched_at) AS last_article_fetched_at
    FROM articles
    GROUP BY source_name
),

final AS (
    SELECT
        sources.source_name,
        sources.source_type,
        sources.location,
        sources.last_status,
        sources.last_error,
        sources.consecutive_failures,
        sources.last_attempt_at,
        sources.last_success_at,
        sources.next_attempt_at,
        coalesce(articles_per_source.article_count, 0) AS article_count,
        articles_per_source.last_article_fetched_at,
        sources.last_status = 'failed' AS is_failing
    FROM sources
    LEFT JOIN articles_per_source USING (source_name)
)

SELECT * FROM final
ORDER BY is_failing DESC, source_name;
