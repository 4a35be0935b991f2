-- One earlier figure as an alert lists it (alerts.earlier): the figure with its context, its value in the new
-- figure's unit and basis (and the rate and round that took it there), who reported it and the first report's
-- evidence. One shape for every list the judgement builds: a title's body figures, a joint figure's parts, and
-- the figures a fact differs from.
CREATE OR REPLACE TEMP MACRO earlier_figure(counterparty, value, unit, qualifier, as_of, status, basis,
                                            compared_value, rate, rate_day, round_amount, outlets, articles,
                                            copy_groups, evidence, first_seen_at) AS
    {
        'counterparty': counterparty, 'value': value, 'unit': unit, 'qualifier': qualifier, 'as_of': as_of,
        'status': status, 'basis': basis, 'compared_value': compared_value, 'rate': rate, 'rate_day': rate_day,
        'round_amount': round_amount, 'outlets': outlets, 'articles': articles, 'copy_groups': copy_groups,
        'evidence': evidence, 'first_seen_at': first_seen_at
    };
