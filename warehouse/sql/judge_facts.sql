-- The diff's judgement: each fact on the touched keys against the figures published before it, like with like;
-- the alerts the current facts raise go into the temporary table `verdicts` (warehouse/diff.py records them).
-- Parameters: $keys JSON (kind, subject, unit_class of the keys to judge), $article_ids JSON (the articles
-- loaded or re-extracted), $window_days INTEGER, $tolerance DOUBLE (0.01 = 1 %), $rates JSON (ECB rates in USD
-- per unit, by currency and day: warehouse/rates.py).
CREATE OR REPLACE TEMP TABLE verdicts AS
WITH

touched_keys AS (
    SELECT unnest(touched_key) FROM (
        SELECT unnest($keys::JSON::STRUCT(kind VARCHAR, subject VARCHAR, unit_class VARCHAR)[]) AS touched_key
    )
),

rates AS (
    SELECT unnest(rate) FROM (
        SELECT unnest($rates::JSON::STRUCT(unit VARCHAR, day DATE, usd_per_unit DOUBLE,
                                          month_low_usd_per_unit DOUBLE,
                                          month_high_usd_per_unit DOUBLE, rate_day DATE)[]) AS rate
    )
),

-- The articles loaded or re-extracted, where they stand in publication order.
changed_articles AS (
    SELECT
        article_id,
        published_at,
        {'seen_at': coalesce(published_at, fetched_at), 'canonical_url': canonical_url} AS position
    FROM main.articles
    WHERE article_id IN (SELECT unnest($article_ids::JSON::VARCHAR[]))
),

changed_span AS (
    SELECT
        min(position) AS first_position,
        max(published_at) AS last_published_at,
        bool_or(published_at IS NULL) AS has_undated
    FROM changed_articles
),

-- Every fact on the touched keys with its article's place in publication order (then fetch order, then URL:
-- a total order that does not depend on the order of loading), its copy group (an article not signed yet is
-- one group with its exact copies), its unit class (currencies compare with each other), whether it was
-- read from the title, its claim: the article, key and period its other figures must share to be read with it
-- (a title against its body, the two ends of a range), and whether these articles may change its verdict (one of
-- their own facts, or one published after the first of them, up to the window after the last, an undated one
-- whatever the dates: an earlier fact's verdict cannot change; a fact judged again for nothing gets the verdict it
-- had). The only copy of the facts the judgement makes: the steps below read it.
key_facts AS (
    SELECT
        article_facts.* EXCLUDE (status, title, content_hash, fetched_at, extractor_version),
        coalesce(status, 'announced') AS status,
        CAST(seen_at AS DATE) AS seen_day,
        {'article_id': article_id, 'kind': kind, 'subject': subject, 'counterparty': counterparty, 'unit': unit,
         'as_of': as_of} AS claim,
        -- Two reports of one moment in URL order, not in the order they happened to download (a flow and a
        -- plain run, or two runs, must raise the same alerts on the same articles).
        {'seen_at': seen_at, 'canonical_url': canonical_url} AS position,
        CASE WHEN unit IN ('GW', '%') THEN unit ELSE 'money' END AS unit_class,
        -- The month a figure belongs to: the one its text names ("in March 2024"), else, for the article's own news,
        -- the month it was published. A figure its text dates to a month is that month's round, and the news
        -- published that month reports the same round, whatever the window.
        regexp_full_match(coalesce(as_of, ''), '[0-9]{4}-[0-9]{2}') AS is_month_dated,
        CASE WHEN is_month_dated THEN as_of
             WHEN as_of IS NULL THEN strftime(published_at, '%Y-%m') END AS month,
        changed.article_id IS NOT NULL AS is_changed,
        is_changed OR (
            position > changed_span.first_position
            AND (
                published_at IS NULL OR changed_span.has_undated OR is_month_dated
                OR published_at <= changed_span.last_published_at + to_days($window_days)
            )
        ) AS is_judged
    FROM article_facts
    CROSS JOIN changed_span
    LEFT JOIN (SELECT article_id FROM changed_articles) AS changed USING (article_id)
    SEMI JOIN touched_keys
        ON touched_keys.kind = article_facts.kind
        AND touched_keys.subject = article_facts.subject
        AND touched_keys.unit_class = CASE WHEN article_facts.unit IN ('GW', '%') THEN article_facts.unit
                                           ELSE 'money' END
),

-- A title figure its own body contradicts (same key and period, and neither one of the body's figures nor
-- their sum): the article's own inconsistency, raised once as a notice and kept out of the comparisons.
title_against_body AS (
    SELECT
        title_fact.fact_id,
        list(earlier_figure(
            counterparty := body.counterparty, value := body.value, unit := body.unit, qualifier := body.qualifier,
            as_of := body.as_of, status := body.status, basis := body.basis, compared_value := body.value,
            rate := NULL::DOUBLE, rate_day := NULL::DATE, round_amount := NULL::DECIMAL(38, 6),
            outlets := [body.outlet], articles := [body.article], copy_groups := [[body.outlet]],
            evidence := body.evidence, first_seen_at := body.seen_at
        ) ORDER BY body.value) AS earlier
    FROM key_facts AS title_fact
    INNER JOIN key_facts AS body
        ON body.claim = title_fact.claim
        AND body.basis IS NOT DISTINCT FROM title_fact.basis
        AND NOT body.is_from_title
    WHERE title_fact.is_from_title
    GROUP BY title_fact.fact_id, title_fact.value
    HAVING count(*) FILTER (
            WHERE abs(title_fact.value - body.value) <= $tolerance * greatest(abs(title_fact.value), abs(body.value))
        ) = 0
        AND abs(title_fact.value - sum(body.value)) > $tolerance * greatest(abs(title_fact.value), abs(sum(body.value)))
),

-- The two ends of a range an article gives ("between $1 billion and $2 billion": at least 1, up to 2; or a title's
-- "up to $2 billion" over a body's "at least $1 billion"), each end with the whole range: a figure inside it agrees
-- with it, whichever end it is compared with.
range_ends AS (
    SELECT low.fact_id AS low_fact_id, high.fact_id AS high_fact_id, low.value AS low, high.value AS high
    FROM key_facts AS low
    INNER JOIN key_facts AS high
        ON high.claim = low.claim
        AND high.qualifier = 'up_to'
        AND high.value > low.value
    WHERE low.qualifier = 'at_least'
),

fact_ranges AS (
    SELECT low_fact_id AS fact_id, low, high FROM range_ends
    UNION ALL
    SELECT high_fact_id AS fact_id, low, high FROM range_ends
),

-- The facts compared: all but the title figures their own body contradicts. Read where it is used, not stored: DuckDB
-- stores a step that two others read as a copy of its rows unless told not to, and this one is every fact.
comparable_facts AS NOT MATERIALIZED (
    SELECT * FROM key_facts ANTI JOIN title_against_body USING (fact_id)
),

-- The facts judged: those whose verdict these articles may change.
judged_facts AS (
    SELECT * FROM comparable_facts WHERE is_judged
),

-- The figures that say which round an article reports: its valuations and round totals (investments with no
-- counterparty), by company and period. Read once for the two steps that need them: the round a pre-money valuation
-- is added to, and telling two rounds apart.
round_figures AS (
    SELECT
        article_id, subject, as_of, unit, basis, value,
        coalesce(status, 'announced') AS status,
        CASE kind WHEN 'valuation' THEN 'valuation' ELSE 'round_total' END AS round_figure
    FROM main.facts
    WHERE (kind = 'valuation' OR (kind = 'investment' AND counterparty IS NULL))
        AND article_id IN (SELECT article_id FROM key_facts WHERE kind IN ('valuation', 'investment'))
),

-- The round a pre-money valuation is added to: the article's own round total.
round_amounts AS (
    SELECT article_id, subject, as_of, unit, max(value) AS amount
    FROM round_figures
    WHERE round_figure = 'round_total'
        AND article_id IN (SELECT article_id FROM key_facts WHERE basis = 'pre')
    GROUP BY article_id, subject, as_of, unit
),

-- Each judged fact beside every earlier fact of its key (subject, kind, counterparty, unit class) that may be its
-- rival: same period, another outlet and another copy group, within the window (an undated article is compared
-- whatever the dates), and not a `talks` figure after a firm one (news relayed late, or the next round's talks).
-- Each judged fact once for its own key, and a joint figure ("Microsoft+Nvidia") once more for each part.
judged_sides AS (
    SELECT
        *,
        unnest(CASE WHEN counterparty LIKE '%+%' THEN [counterparty] || string_split(counterparty, '+')
                    ELSE [counterparty] END) AS matched_counterparty
    FROM judged_facts
),

pairs AS (
    SELECT
        new.fact_id,
        new.kind,
        new.subject,
        new.article_id AS new_article_id,
        new.counterparty AS new_counterparty,
        new.value AS new_value,
        new.unit AS new_unit,
        new.basis AS new_basis,
        new.status AS new_status,
        new.as_of AS new_as_of,
        earlier.fact_id AS earlier_fact_id,
        earlier.article_id AS earlier_article_id,
        earlier.counterparty,
        earlier.value,
        earlier.unit,
        earlier.qualifier,
        earlier.as_of,
        earlier.status,
        earlier.basis,
        earlier.outlet,
        earlier.article,
        earlier.copy_group,
        earlier.evidence,
        earlier.seen_at,
        earlier.seen_day,
        earlier.position,
        new.published_at IS NULL OR earlier.published_at IS NULL AS is_undated
    FROM judged_sides AS new
    INNER JOIN comparable_facts AS earlier
        ON earlier.counterparty IS NOT DISTINCT FROM new.matched_counterparty
        AND earlier.kind = new.kind
        AND earlier.subject = new.subject
        AND earlier.unit_class = new.unit_class
        AND earlier.position < new.position
        AND earlier.outlet <> new.outlet
        AND earlier.copy_group <> new.copy_group
        AND (
            (
                earlier.as_of IS NOT DISTINCT FROM new.as_of
                AND (
                    new.published_at IS NULL OR earlier.published_at IS NULL
                    OR abs(date_diff('day', earlier.published_at, new.published_at)) <= $window_days
                )
                -- A round recalled without a date ("its previous round") is earlier than its own article's news,
                -- nothing more: two such figures are one round only if both articles are dated within the window.
                AND NOT (new.as_of IS NOT DISTINCT FROM 'earlier'
                         AND (new.published_at IS NULL OR earlier.published_at IS NULL))
            )
            -- "In November 2024 it raised $135 million": the month's round, as the news of that month reported it.
            OR ((new.is_month_dated OR earlier.is_month_dated) AND earlier.month = new.month)
        )
        AND NOT (new.status = 'talks' AND earlier.status <> 'talks')
),

-- The earlier figure in the new figure's unit, at the ECB rate of the earlier article's day, and how far that
-- rate strayed from it over the month before (an outlet may have converted at any of those fixings).
converted AS (
    SELECT
        pairs.*,
        CASE WHEN pairs.unit = pairs.new_unit THEN NULL
            ELSE earlier_rate.usd_per_unit / new_rate.usd_per_unit END AS rate,
        CASE WHEN pairs.unit = pairs.new_unit THEN NULL ELSE earlier_rate.rate_day END AS rate_day,
        CASE WHEN pairs.unit = pairs.new_unit THEN 0
            ELSE greatest(
                (earlier_rate.month_high_usd_per_unit / new_rate.month_low_usd_per_unit)
                    / (earlier_rate.usd_per_unit / new_rate.usd_per_unit) - 1,
                1 - (earlier_rate.month_low_usd_per_unit / new_rate.month_high_usd_per_unit)
                    / (earlier_rate.usd_per_unit / new_rate.usd_per_unit)
            ) END AS rate_move
    FROM pairs
    LEFT JOIN rates AS earlier_rate ON earlier_rate.unit = pairs.unit AND earlier_rate.day = pairs.seen_day
    LEFT JOIN rates AS new_rate ON new_rate.unit = pairs.new_unit AND new_rate.day = pairs.seen_day
    WHERE pairs.unit = pairs.new_unit OR (earlier_rate.usd_per_unit IS NOT NULL AND new_rate.usd_per_unit IS NOT NULL)
),

-- A pre-money valuation against a post-money (or unqualified) one: the earlier figure moved to the new one's
-- basis by the round's amount (the new article's, else the earlier one's); without an amount, not compared.
rebased AS (
    SELECT
        converted.*,
        CASE
            WHEN coalesce(converted.basis = 'pre', false) = coalesce(converted.new_basis = 'pre', false) THEN NULL
            ELSE coalesce(new_round.amount, earlier_round.amount * coalesce(converted.rate, 1))
        END AS round_amount
    FROM converted
    LEFT JOIN round_amounts AS new_round
        ON new_round.article_id = converted.new_article_id
        AND new_round.subject = converted.subject
        AND converted.new_basis = 'pre'
        AND new_round.unit = converted.new_unit
        AND new_round.as_of IS NOT DISTINCT FROM converted.new_as_of
    LEFT JOIN round_amounts AS earlier_round
        ON earlier_round.article_id = converted.earlier_article_id
        AND earlier_round.subject = converted.subject
        AND converted.basis = 'pre'
        AND earlier_round.unit = converted.unit
        AND earlier_round.as_of IS NOT DISTINCT FROM converted.as_of
),

compared AS (
    SELECT
        rebased.*,
        CAST(
            rebased.value * coalesce(rebased.rate, 1)
            + CASE WHEN rebased.new_basis = 'pre' THEN -1 ELSE 1 END * coalesce(rebased.round_amount, 0)
        AS DECIMAL(38, 6)) AS compared_value,
        -- Across currencies a gap must also exceed the rate's move over the month and the rounding of the figures.
        $tolerance + CASE WHEN rebased.rate IS NULL THEN 0
            ELSE rebased.rate_move + greatest(rounding_of(rebased.new_value), rounding_of(rebased.value)) END
            AS allowed_gap
    FROM rebased
    WHERE coalesce(rebased.basis = 'pre', false) = coalesce(rebased.new_basis = 'pre', false)
        OR rebased.round_amount IS NOT NULL
),

-- A valuation whose basis is not said ("valued at") may be either: beside a `pre` figure it agrees when it
-- matches the pre figure itself or the pre figure plus the round. A figure inside a range agrees with both its ends.
judged_pairs AS (
    SELECT
        compared.*,
        abs(new_value - compared_value) <= allowed_gap * greatest(abs(new_value), abs(compared_value))
        OR (
            round_amount IS NOT NULL AND (basis IS NULL OR new_basis IS NULL)
            AND abs(new_value - value * coalesce(rate, 1))
                <= allowed_gap * greatest(abs(new_value), abs(value * coalesce(rate, 1)))
        )
        OR coalesce(
            round_amount IS NULL
            AND new_value BETWEEN earlier_range.low * coalesce(rate, 1) * (1 - allowed_gap)
                AND earlier_range.high * coalesce(rate, 1) * (1 + allowed_gap),
            false
        )
        OR coalesce(
            round_amount IS NULL
            AND compared_value BETWEEN new_range.low * (1 - allowed_gap) AND new_range.high * (1 + allowed_gap),
            false
        ) AS is_agreeing,
        -- A range's ends read "at least" and "up to": against a single figure that is no other qualifier.
        earlier_range.fact_id IS NOT NULL OR new_range.fact_id IS NOT NULL AS involves_range
    FROM compared
    LEFT JOIN fact_ranges AS earlier_range ON earlier_range.fact_id = compared.earlier_fact_id
    LEFT JOIN fact_ranges AS new_range ON new_range.fact_id = compared.fact_id
),

-- Two articles whose figures of a company's round all disagree, one of them by half or more, report two rounds,
-- not one round two ways: a lab's valuation grows by half or more from one round to the next, where outlets
-- reporting one round differ by tens of percent at most. Each pair is judged on its own figures and on the other
-- round figure both articles give beside them (the round total beside a valuation; the valuation beside a round
-- total or an investor's cheque; both beside a cheque), in one currency and on one basis; a pair with no such
-- figure is compared as before. Undated pages make this common: "raised $640 million at $2.8 billion" and "raised
-- $750 million at $6.9 billion" are last year's round and this year's. One figure that agrees keeps the pair.
round_evidence AS (
    SELECT
        pair.fact_id,
        pair.earlier_fact_id,
        pair.new_value,
        pair.compared_value,
        new_side.round_figure,
        bool_or(abs(new_side.value - earlier_side.value)
            <= $tolerance * greatest(abs(new_side.value), abs(earlier_side.value))) AS side_agrees,
        bool_and(greatest(abs(new_side.value), abs(earlier_side.value))
            >= 1.5 * least(abs(new_side.value), abs(earlier_side.value))) AS side_steps
    FROM judged_pairs AS pair
    INNER JOIN round_figures AS new_side
        ON new_side.article_id = pair.new_article_id
        AND new_side.subject = pair.subject
        AND new_side.as_of IS NOT DISTINCT FROM pair.new_as_of
        AND new_side.round_figure <> CASE
            WHEN pair.kind = 'valuation' THEN 'valuation'
            WHEN pair.new_counterparty IS NULL THEN 'round_total'
            ELSE 'cheque' END
    INNER JOIN round_figures AS earlier_side
        ON earlier_side.article_id = pair.earlier_article_id
        AND earlier_side.subject = pair.subject
        AND earlier_side.as_of IS NOT DISTINCT FROM pair.as_of
        AND earlier_side.round_figure = new_side.round_figure
        AND earlier_side.unit = new_side.unit
        AND earlier_side.basis IS NOT DISTINCT FROM new_side.basis
        -- Figures still in talks say nothing of which round it is: talks move.
        AND new_side.status <> 'talks' AND earlier_side.status <> 'talks'
    WHERE pair.kind IN ('valuation', 'investment') AND NOT pair.is_agreeing
    GROUP BY pair.fact_id, pair.earlier_fact_id, pair.new_value, pair.compared_value, new_side.round_figure
),

other_round_pairs AS (
    SELECT fact_id, earlier_fact_id
    FROM round_evidence
    GROUP BY fact_id, earlier_fact_id, new_value, compared_value
    HAVING NOT bool_or(side_agrees)
        AND (bool_or(side_steps) OR greatest(abs(new_value), abs(compared_value))
                                    >= 1.5 * least(abs(new_value), abs(compared_value)))
),

-- A pair of undated news figures with nothing beside them to tell the round, a step of half or more apart: another
-- round (last year's news on a page without a date) or a misreading (a total raised to date, a recalled round),
-- more often than two outlets reporting one round. Nothing says which: a notice, not a conflict. So too for two
-- rounds recalled without a date ("its previous round", `as_of` 'earlier'), even in dated articles: each article's
-- "previous" round may be another one. Dated news within the window, or a figure dated by its text (`as_of` a
-- period), are compared as before.
lone_steps AS (
    SELECT fact_id, earlier_fact_id
    FROM judged_pairs AS pair
    ANTI JOIN round_evidence USING (fact_id, earlier_fact_id)
    WHERE pair.kind IN ('valuation', 'investment') AND NOT pair.is_agreeing
        AND ((pair.is_undated AND pair.as_of IS NULL) OR pair.as_of = 'earlier')
        AND greatest(abs(pair.new_value), abs(pair.compared_value))
            >= 1.5 * least(abs(pair.new_value), abs(pair.compared_value))
),

same_key AS (
    SELECT judged_pairs.*, lone_steps.fact_id IS NOT NULL AS is_lone_step
    FROM judged_pairs
    ANTI JOIN other_round_pairs USING (fact_id, earlier_fact_id)
    LEFT JOIN lone_steps USING (fact_id, earlier_fact_id)
    WHERE counterparty IS NOT DISTINCT FROM new_counterparty
),

-- Differs: the figure agrees with none of the earlier ones (two outlets both giving two tranches agree).
-- A firm figure that differs only from earlier `talks` figures is a revision, not a contradiction. Talks that
-- differ only from earlier talks are figures nobody has settled yet (each side floats its own, the talks move):
-- worth a notice, not a conflict between sources. A firm figure that differs from firm ones only by a lone step
-- (above) is a notice of its own.
differing AS (
    SELECT
        fact_id,
        CASE
            WHEN bool_or(status <> 'talks' AND NOT is_lone_step) THEN 'differs'
            WHEN bool_and(status = 'talks') AND any_value(new_status) = 'talks' THEN 'talks'
            WHEN bool_and(status = 'talks') THEN 'revised'
            ELSE 'step'
        END AS reason
    FROM same_key
    GROUP BY fact_id
    HAVING NOT bool_or(is_agreeing)
),

-- Qualifier: the figure agrees, but most of the independent reports (copy groups) agreeing with it qualify it
-- otherwise.
qualifier_readings AS (
    SELECT fact_id, qualifier AS other_qualifier, count(DISTINCT copy_group) AS report_count
    FROM same_key
    WHERE is_agreeing AND NOT involves_range
    GROUP BY fact_id, qualifier
),

requalified AS (
    SELECT readings.fact_id
    FROM qualifier_readings AS readings
    INNER JOIN key_facts AS judged_fact USING (fact_id)
    GROUP BY readings.fact_id, judged_fact.qualifier
    HAVING coalesce(max(readings.report_count) FILTER (WHERE readings.other_qualifier = judged_fact.qualifier), 0)
        < max(readings.report_count)
),

-- A joint figure (counterparty "Microsoft+Nvidia") against the sum of its parts as earlier reports give them.
part_reports AS (
    SELECT *, len(string_split(new_counterparty, '+')) AS part_count
    FROM judged_pairs
    WHERE counterparty IS DISTINCT FROM new_counterparty
),

part_copy_groups AS (
    SELECT fact_id, counterparty, list_transform(list_sort(list({'first_position': first_position, 'outlets': outlets})), copy_group -> copy_group.outlets)
        AS copy_groups
    FROM (
        SELECT fact_id, counterparty, list_sort(list_distinct(list(outlet))) AS outlets, min(position) AS first_position
        FROM part_reports
        GROUP BY fact_id, counterparty, copy_group
    )
    GROUP BY fact_id, counterparty
),

-- A part counts only when undisputed: every report of it within the tolerance of one value.
undisputed_parts AS (
    SELECT
        part_reports.fact_id,
        any_value(part_reports.part_count) AS part_count,
        earlier_figure(
            counterparty := part_reports.counterparty,
            value := min(part_reports.value),
            unit := any_value(part_reports.unit),
            qualifier := mode(part_reports.qualifier),
            as_of := any_value(part_reports.as_of),
            status := mode(part_reports.status),
            basis := any_value(part_reports.basis),
            compared_value := min(part_reports.compared_value),
            rate := arg_min(part_reports.rate, part_reports.position),
            rate_day := arg_min(part_reports.rate_day, part_reports.position),
            round_amount := NULL::DECIMAL(38, 6),
            outlets := list_sort(list_distinct(list(part_reports.outlet))),
            articles := list_sort(list_distinct(list(part_reports.article))),
            copy_groups := any_value(groups.copy_groups),
            evidence := arg_min(part_reports.evidence, part_reports.position),
            first_seen_at := min(part_reports.seen_at)
        ) AS figure
    FROM part_reports
    INNER JOIN part_copy_groups AS groups USING (fact_id, counterparty)
    GROUP BY part_reports.fact_id, part_reports.counterparty
    HAVING max(part_reports.compared_value) - min(part_reports.compared_value)
        <= $tolerance * max(abs(part_reports.compared_value))
),

part_totals AS (
    SELECT
        fact_id,
        sum(figure.compared_value) AS expected_value,
        list_sort(list(figure)) AS earlier
    FROM undisputed_parts
    GROUP BY fact_id
    HAVING count(*) = any_value(part_count)
),

sum_mismatches AS (
    SELECT part_totals.*
    FROM part_totals
    INNER JOIN key_facts AS judged_fact USING (fact_id)
    WHERE abs(judged_fact.value - part_totals.expected_value)
        > $tolerance * greatest(abs(judged_fact.value), abs(part_totals.expected_value))
),

-- The facts that raise something: only their earlier figures are listed (most judged facts agree with all).
raising AS (
    SELECT fact_id FROM differing
    UNION
    SELECT fact_id FROM requalified
    UNION
    SELECT fact_id FROM sum_mismatches
),

-- The pairs of the facts that raise something, read by the two steps below, each earlier figure named by its value
-- and context (made here, for these pairs only: for every pair it took as long as the pairs' join).
raised_pairs AS (
    SELECT
        *,
        concat_ws('|', coalesce(counterparty, ''), CAST(value AS VARCHAR), unit, qualifier, coalesce(as_of, ''),
            status, coalesce(basis, '')) AS figure_key
    FROM same_key SEMI JOIN raising USING (fact_id)
),

-- The outlets of each copy group behind an earlier figure, the group first reported first.
figure_copy_groups AS (
    SELECT fact_id, figure_key, list_transform(list_sort(list({'first_position': first_position, 'outlets': outlets})), copy_group -> copy_group.outlets)
        AS copy_groups
    FROM (
        SELECT fact_id, figure_key, list_sort(list_distinct(list(outlet))) AS outlets, min(position) AS first_position
        FROM raised_pairs
        GROUP BY fact_id, figure_key, copy_group
    )
    GROUP BY fact_id, figure_key
),

-- Each distinct earlier figure (by value, unit and context) with its outlets, copy groups, and the evidence
-- and conversion of its first report.
figures AS (
    SELECT
        raised.fact_id,
        earlier_figure(
            counterparty := any_value(raised.counterparty),
            value := any_value(raised.value),
            unit := any_value(raised.unit),
            qualifier := any_value(raised.qualifier),
            as_of := any_value(raised.as_of),
            status := any_value(raised.status),
            basis := any_value(raised.basis),
            compared_value := arg_min(raised.compared_value, raised.position),
            rate := arg_min(raised.rate, raised.position),
            rate_day := arg_min(raised.rate_day, raised.position),
            round_amount := arg_min(raised.round_amount, raised.position),
            outlets := list_sort(list_distinct(list(raised.outlet))),
            articles := list_sort(list_distinct(list(raised.article))),
            copy_groups := any_value(groups.copy_groups),
            evidence := arg_min(raised.evidence, raised.position),
            first_seen_at := min(raised.seen_at)
        ) AS figure
    FROM raised_pairs AS raised
    INNER JOIN figure_copy_groups AS groups USING (fact_id, figure_key)
    GROUP BY raised.fact_id, raised.figure_key
),

earlier_lists AS (
    -- list_sort, not an ordered aggregate: DuckDB sorts each group's list apart, 10x slower on 20,000 groups.
    SELECT fact_id, list_sort(list(figure)) AS earlier
    FROM figures
    GROUP BY fact_id
),

-- The verdict of each fact that raises something; a joint figure that both differs and misses its parts shows both
-- sides.
judged AS (
    SELECT
        raising.fact_id,
        CASE
            WHEN differing.reason = 'differs' OR sum_mismatches.fact_id IS NOT NULL THEN 'conflict'
            WHEN differing.reason IN ('revised', 'talks', 'step') OR requalified.fact_id IS NOT NULL THEN 'notice'
        END AS severity,
        CASE
            WHEN differing.reason = 'differs' THEN 'differs'
            WHEN sum_mismatches.fact_id IS NOT NULL THEN 'sum_of_parts'
            WHEN differing.reason IN ('revised', 'talks', 'step') THEN differing.reason
            WHEN requalified.fact_id IS NOT NULL THEN 'qualifier'
        END AS reason,
        sum_mismatches.expected_value,
        list_concat(coalesce(earlier_lists.earlier, []), coalesce(sum_mismatches.earlier, [])) AS earlier
    FROM raising
    LEFT JOIN differing USING (fact_id)
    LEFT JOIN sum_mismatches USING (fact_id)
    LEFT JOIN requalified USING (fact_id)
    LEFT JOIN earlier_lists USING (fact_id)
),

candidates AS (
    SELECT fact_id, severity, reason, expected_value, earlier FROM judged
    UNION ALL
    SELECT fact_id, 'notice', 'inconsistent', NULL, earlier
    FROM title_against_body
    WHERE fact_id IN (SELECT fact_id FROM key_facts WHERE is_changed)
),

identified AS (
    SELECT
        *,
        sha256(concat_ws('|', disagreement_id, array_to_string(earlier_values, ','))) AS alert_id
    FROM (
        SELECT
            sha256(concat_ws('|', candidates.reason, key_facts.kind, key_facts.subject,
                coalesce(key_facts.counterparty, ''), coalesce(key_facts.as_of, ''), coalesce(key_facts.basis, ''),
                key_facts.unit, CAST(key_facts.value AS VARCHAR),
                CASE candidates.reason WHEN 'qualifier' THEN key_facts.qualifier ELSE '' END,
                CASE candidates.reason WHEN 'inconsistent' THEN key_facts.article_id ELSE '' END)) AS disagreement_id,
            list_sort(list_distinct(
                list_transform(candidates.earlier, figure -> CAST(figure.compared_value AS VARCHAR))
            )) AS earlier_values,
            candidates.severity,
            candidates.reason,
            key_facts.kind,
            key_facts.subject,
            key_facts.counterparty,
            key_facts.unit,
            key_facts.value,
            key_facts.qualifier,
            key_facts.as_of,
            key_facts.status,
            key_facts.basis,
            key_facts.fact_id,
            key_facts.article_id,
            key_facts.outlet,
            key_facts.evidence,
            candidates.expected_value,
            candidates.earlier,
            key_facts.position,
            key_facts.unit_class,
            CASE candidates.severity WHEN 'conflict' THEN 1 ELSE 2 END AS priority
        FROM candidates
        INNER JOIN key_facts USING (fact_id)
    )
),

-- One alert per key and article (an article reporting two tranches on a key gets one), and one per
-- disagreement (reason, key, context and figure): the earliest article raising it carries it. The alert's id adds
-- the figures it was compared with: after a re-extraction changed those, it is another alert.
final AS (
    SELECT * EXCLUDE (priority)
    FROM identified
    QUALIFY row_number() OVER (
            PARTITION BY kind, subject, counterparty, unit_class, article_id, reason = 'inconsistent'
            -- The unit and the fact's key break ties ("8 bn" in USD and in EUR): the same alert on every run.
            ORDER BY priority, value, unit, fact_id
        ) = 1
)

SELECT * FROM final
QUALIFY row_number() OVER (PARTITION BY disagreement_id ORDER BY position) = 1
