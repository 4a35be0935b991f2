-- Alerts a channel has not accepted yet: how often it was tried and the channel's last answer (a withdrawn alert
-- is owed to no one: it is never sent).
CREATE OR REPLACE VIEW pending_deliveries AS
WITH

alert_deliveries AS (
    SELECT * FROM main.alert_deliveries WHERE sent_at IS NULL
),

alerts AS (
    SELECT * FROM main.alerts WHERE withdrawn_at IS NULL
),

final AS (
    SELECT
        alert_deliveries.alert_id,
        alert_deliveries.channel_name,
        alerts.severity,
        alerts.kind,
        alerts.subject,
        alerts.counterparty,
        alerts.value,
        alerts.unit,
        alerts.outlet,
        alerts.raised_at,
        alert_deliveries.attempts,
        alert_deliveries.last_attempt_at,
        alert_deliveries.last_error
    FROM alert_deliveries
    INNER JOIN alerts USING (alert_id)
)

SELECT * FROM final
ORDER BY raised_at, alert_id, channel_name;
