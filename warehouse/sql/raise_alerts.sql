-- The diff: every fact of the new articles against the facts of the same key (kind, subject,
-- counterparty, unit) that other outlets reported within the window; one alert per key and new article.
-- Parameters: $article_ids VARCHAR[], $window_days INTEGER, $tolerance DOUBLE (0.01 = 1 %), $raised_at TIMESTAMP.
INSERT INTO alerts BY NAME
WITH

-- An undated article is compared whatever the other's date: its fetch time says nothing of the deal's.
dated_facts AS (
    SELECT * FROM article_facts
),

new_facts AS (
    SELECT * FROM dated_facts WHERE article_id IN (SELECT unnest($article_ids::VARCHAR[]))
),

-- Each new fact beside every fact on the same subject, kind and unit from another story within the window:
-- another outlet, another URL, another text (copies of one story never disagree with themselves).
other_stories AS (
    SELECT
        new_facts.fact_id,
        new_facts.counterparty AS new_counterparty,
        new_facts.value AS new_value,
        other.counterparty,
        other.value,
        other.qualifier,
        other.outlet,
        other.article
    FROM new_facts
    INNER JOIN dated_facts AS other
        ON other.kind = new_facts.kind
        AND other.subject = new_facts.subject
        AND other.unit = new_facts.unit
        AND other.outlet <> new_facts.outlet
        AND other.canonical_url <> new_facts.canonical_url
        AND other.content_hash <> new_facts.content_hash
        AND (
            new_facts.published_at IS NULL OR other.published_at IS NULL
            OR abs(date_diff('day', new_facts.published_at, other.published_at)) <= $window_days
        )
),

comparable AS (
    SELECT
        fact_id,
        counterparty AS other_counterparty,
        value AS other_value,
        qualifier AS other_qualifier,
        outlet AS other_outlet,
        article AS other_article,
        abs(new_value - value) <= $tolerance * greatest(abs(new_value), abs(value)) AS is_agreeing
    FROM other_stories
    WHERE counterparty IS NOT DISTINCT FROM new_counterparty
),

earlier_figures AS (
    SELECT
        fact_id,
        {
            'counterparty': any_value(other_counterparty),
            'value': other_value,
            'qualifier': other_qualifier,
            'outlets': list_sort(list_distinct(list(other_outlet))),
            'articles': list_sort(list_distinct(list(other_article)))
        } AS figure
    FROM comparable
    GROUP BY fact_id, other_value, other_qualifier
),

earlier_lists AS (
    SELECT fact_id, list(figure ORDER BY figure.value, figure.qualifier) AS earlier
    FROM earlier_figures
    GROUP BY fact_id
),

-- Conflict: the new figure matches none of the others (so two tranches reported by both sides agree).
differing AS (
    SELECT fact_id
    FROM comparable
    GROUP BY fact_id
    HAVING count(*) FILTER (WHERE is_agreeing) = 0
),

-- Notice: the figure agrees, but most of the outlets that agree with it qualify it otherwise.
qualifier_readings AS (
    SELECT fact_id, other_qualifier, count(DISTINCT other_outlet) AS outlet_count
    FROM comparable
    WHERE is_agreeing
    GROUP BY fact_id, other_qualifier
),

requalified AS (
    SELECT readings.fact_id
    FROM qualifier_readings AS readings
    INNER JOIN new_facts USING (fact_id)
    GROUP BY readings.fact_id, new_facts.qualifier
    HAVING coalesce(max(readings.outlet_count) FILTER (WHERE readings.other_qualifier = new_facts.qualifier), 0)
        < max(readings.outlet_count)
),

-- A joint figure (counterparty "Microsoft+Nvidia") against the sum of its parts as other outlets report them.
part_reports AS (
    SELECT
        fact_id,
        counterparty AS part,
        len(string_split(new_counterparty, '+')) AS part_count,
        value,
        qualifier,
        outlet,
        article
    FROM other_stories
    WHERE new_counterparty LIKE '%+%' AND list_contains(string_split(new_counterparty, '+'), counterparty)
),

-- A part counts only when undisputed: every report of it within the tolerance of one value.
undisputed_parts AS (
    SELECT
        fact_id,
        any_value(part_count) AS part_count,
        {
            'counterparty': part,
            'value': min(value),
            'qualifier': mode(qualifier),
            'outlets': list_sort(list_distinct(list(outlet))),
            'articles': list_sort(list_distinct(list(article)))
        } AS figure
    FROM part_reports
    GROUP BY fact_id, part
    HAVING max(value) - min(value) <= $tolerance * max(abs(value))
),

part_totals AS (
    SELECT
        fact_id,
        sum(figure.value) AS expected_value,
        list(figure ORDER BY figure.counterparty) AS earlier
    FROM undisputed_parts
    GROUP BY fact_id
    HAVING count(*) = any_value(part_count)
),

sum_mismatches AS (
    SELECT part_totals.*
    FROM part_totals
    INNER JOIN new_facts USING (fact_id)
    WHERE abs(new_facts.value - part_totals.expected_value)
        > $tolerance * greatest(abs(new_facts.value), abs(part_totals.expected_value))
),

-- Each new fact's verdict; a joint figure that both differs and misses its parts shows both sides.
judged AS (
    SELECT
        new_facts.fact_id,
        CASE
            WHEN differing.fact_id IS NOT NULL OR sum_mismatches.fact_id IS NOT NULL THEN 'conflict'
            WHEN requalified.fact_id IS NOT NULL THEN 'notice'
        END AS severity,
        CASE
            WHEN differing.fact_id IS NOT NULL THEN 'differs'
            WHEN sum_mismatches.fact_id IS NOT NULL THEN 'sum_of_parts'
            WHEN requalified.fact_id IS NOT NULL THEN 'qualifier'
        END AS reason,
        sum_mismatches.expected_value,
        list_concat(coalesce(earlier_lists.earlier, []), coalesce(sum_mismatches.earlier, [])) AS earlier
    FROM new_facts
    LEFT JOIN differing USING (fact_id)
    LEFT JOIN sum_mismatches USING (fact_id)
    LEFT JOIN requalified USING (fact_id)
    LEFT JOIN earlier_lists USING (fact_id)
),

candidates AS (
    SELECT *, CASE severity WHEN 'conflict' THEN 1 ELSE 2 END AS priority
    FROM judged
    WHERE severity IS NOT NULL
),

final AS (
    SELECT
        sha256(concat_ws('|', new_facts.kind, new_facts.subject, coalesce(new_facts.counterparty, ''),
            new_facts.unit, new_facts.article_id)) AS alert_id,
        candidates.severity,
        candidates.reason,
        new_facts.kind,
        new_facts.subject,
        new_facts.counterparty,
        new_facts.unit,
        new_facts.value,
        new_facts.qualifier,
        new_facts.fact_id,
        new_facts.article_id,
        new_facts.outlet,
        new_facts.evidence,
        candidates.expected_value,
        candidates.earlier,
        $raised_at::TIMESTAMP AS raised_at,
        NULL::TIMESTAMP AS sent_at
    FROM candidates
    INNER JOIN new_facts USING (fact_id)
    -- One alert per key and new article: an article reporting two tranches on a key gets one.
    QUALIFY row_number() OVER (
        PARTITION BY new_facts.kind, new_facts.subject, new_facts.counterparty, new_facts.unit, new_facts.article_id
        ORDER BY candidates.priority, new_facts.value
    ) = 1
)

SELECT * FROM final
ON CONFLICT DO NOTHING
RETURNING alert_id
