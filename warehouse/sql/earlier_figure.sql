-- One earlier figure as an alert lists it (alerts.earlier): the figure with its context, its value in the new
-- figure's unit and basis (and the rate and round that took it there), who reported it and the first report's
-- evidence. One shape for every list the judgement builds: a title's body figures, a joint figure's parts, and
-- the figures a fact differs from.
-- Every parameter has a default only so that callers can name each field (DuckDB names only those); every call
-- gives all of them, typed, so each list holds one struct type.
CREATE OR REPLACE TEMP MACRO earlier_figure(
    counterparty := NULL, value := NULL, unit := NULL, qualifier := NULL, as_of := NULL, status := NULL,
    basis := NULL, compared_value := NULL, rate := NULL, rate_day := NULL, round_amount := NULL, outlets := NULL,
    articles := NULL, copy_groups := NULL, evidence := NULL, first_seen_at := NULL
) AS
    {
        'counterparty': counterparty, 'value': value, 'unit': unit, 'qualifier': qualifier, 'as_of': as_of,
        'status': status, 'basis': basis, 'compared_value': compared_value, 'rate': rate, 'rate_day': rate_day,
        'round_amount': round_amount, 'outlets': outlets, 'articles': articles, 'copy_groups': copy_groups,
        'evidence': evidence, 'first_seen_at': first_seen_at
    };
