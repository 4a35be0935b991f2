-- The deals outlets disagree on: per fact key with at least one conflict alert, the values reported for it,
-- how many conflicts were raised, when, and whether every channel has been told.
CREATE OR REPLACE VIEW open_conflicts AS
WITH

alerts AS (
    SELECT * FROM main.alerts WHERE severity = 'conflict'
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
        count(*) AS conflict_count,
        min(raised_at) AS first_raised_at,
        max(raised_at) AS last_raised_at,
        bool_and(sent_at IS NOT NULL) AS is_sent
    FROM alerts
    GROUP BY kind, subject, counterparty, unit
),

values_per_key AS (
    SELECT
        kind,
        subject,
        counterparty,
        unit,
        list(value ORDER BY value) AS reported_values,
        list(outlet_count ORDER BY value) AS outlet_counts
    FROM deal_figures
    GROUP BY kind, subject, counterparty, unit
),

final AS (
    SELECT
        conflicts_per_key.kind,
        conflicts_per_key.subject,
        conflicts_per_key.counterparty,
        conflicts_per_key.unit,
        values_per_key.reported_values,
        values_per_key.outlet_counts,
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
)

SELECT * FROM final
ORDER BY last_raised_at DESC, subject, kind;
