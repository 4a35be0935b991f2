-- The deals outlets disagree on: per fact key and period with at least one standing conflict alert (withdrawn
-- ones left out), the values reported for it with their outlets and independent reports, how many conflicts
-- were raised, when, and whether every channel has been told.
CREATE OR REPLACE VIEW open_conflicts AS
WITH

alerts AS (
    SELECT * FROM main.alerts WHERE severity = 'conflict' AND withdrawn_at IS NULL
),

deal_figures AS (
    SELECT * FROM main.deal_figures
),

conflicts_per_key AS (
    SELECT
        kind,
        subject,
        counterparty,
        unit,
        as_of,
        count(*) AS conflict_count,
        min(raised_at) AS first_raised_at,
        max(raised_at) AS last_raised_at,
        bool_and(sent_at IS NOT NULL) AS is_sent
    FROM alerts
    GROUP BY kind, subject, counterparty, unit, as_of
),

values_per_key AS (
    SELECT
        kind,
        subject,
        counterparty,
        unit,
        as_of,
        list(value ORDER BY value, basis) AS reported_values,
        list(outlet_count ORDER BY value, basis) AS outlet_counts,
        list(report_count ORDER BY value, basis) AS report_counts
    FROM deal_figures
    GROUP BY kind, subject, counterparty, unit, as_of
),

final AS (
    SELECT
        conflicts_per_key.kind,
        conflicts_per_key.subject,
        conflicts_per_key.counterparty,
        conflicts_per_key.unit,
        conflicts_per_key.as_of,
        values_per_key.reported_values,
        values_per_key.outlet_counts,
        values_per_key.report_counts,
        conflicts_per_key.conflict_count,
        conflicts_per_key.first_raised_at,
        conflicts_per_key.last_raised_at,
        conflicts_per_key.is_sent
    FROM conflicts_per_key
    LEFT JOIN values_per_key
        ON values_per_key.kind = conflicts_per_key.kind
        AND values_per_key.subject = conflicts_per_key.subject
        AND values_per_key.counterparty IS NOT DISTINCT FROM conflicts_per_key.counterparty
        AND values_per_key.unit = conflicts_per_key.unit
        AND values_per_key.as_of IS NOT DISTINCT FROM conflicts_per_key.as_of
)

SELECT * FROM final
ORDER BY last_raised_at DESC, subject, kind;
