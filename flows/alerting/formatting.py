"""Alerts as people read them: the one-glance line, the channel message's parts, and the JSON object."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from warehouse.alerts import Alert, EarlierFigure

# Money reads best in the largest scale that keeps a figure above one.
MONEY_SCALES = ((Decimal(10**12), "tn"), (Decimal(10**9), "bn"), (Decimal(10**6), "m"))
QUALIFIER_WORDS = {"exact": "", "up_to": "up to ", "approx": "about ", "at_least": "at least "}
OUTLETS_NAMED = 3
DEFAULT_STATUS = "announced"
STATUS_WORDS = {"talks": "in talks", "reported": "reported, unconfirmed"}
BASIS_WORDS = {"pre": "pre-money", "post": "post-money"}
# Reasons named in the tag; the plain comparisons (differs, sum of parts, qualifier) read from the line itself.
REASON_TAGS = {"revised": "revised", "talks": "talks differ", "inconsistent": "title vs body", "step": "a step apart"}
# Bidi overrides/isolates and invisible characters: a feed title can use them to make text read backwards
# ("txt.exe") or to hide a word from filters.
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# C0/C1 control characters, CR and LF included: a title must not start a new line or header in a channel.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]+")


def sanitize_text(text: str, max_chars: int) -> str:
    """One line of untrusted text: no invisible or control characters, whitespace collapsed, length capped."""
    line = CONTROL.sub(" ", INVISIBLE.sub("", text))
    line = " ".join(line.split())
    return line if len(line) <= max_chars else line[: max_chars - 1] + "…"


def format_amount(value: Decimal, unit: str) -> str:
    """30e9 USD -> "30 bn USD"; 1.4e12 -> "1.4 tn USD"; 1 GW -> "1 GW"; 27 % -> "27 %".

    >>> format_amount(Decimal("8000000000.000000"), "USD")
    '8 bn USD'
    """
    for scale, word in MONEY_SCALES if unit not in {"GW", "%"} else ():
        if abs(value) >= scale:
            return f"{plain_number(value / scale)} {word} {unit}"
    return f"{plain_number(value)} {unit}"


def plain_number(value: Decimal) -> str:
    """No trailing zeros, no exponent, at most two decimals: 10.000000 -> "10", 1.40 -> "1.4"."""
    rounded = value.quantize(Decimal("0.01")).normalize()
    return format(rounded, "f")


def format_figure(value: Decimal, qualifier: str, unit: str) -> str:
    return QUALIFIER_WORDS.get(qualifier, f"{qualifier} ") + format_amount(value, unit)


def format_outlets(outlets: tuple[str, ...], copy_groups: tuple[tuple[str, ...], ...] = ()) -> str:
    """ "a" for one outlet, "3 outlets: a, b, c" for several, "+N more" past three; "3 outlets in 1 report" when
    some of them reprint one story (a wire copy counts once)."""
    if len(outlets) == 1:
        return outlets[0]
    named = ", ".join(outlets[:OUTLETS_NAMED])
    more = f" +{len(outlets) - OUTLETS_NAMED} more" if len(outlets) > OUTLETS_NAMED else ""
    reports = len(copy_groups)
    in_reports = f" in {reports} report{'s' if reports != 1 else ''}" if 0 < reports < len(outlets) else ""
    return f"{len(outlets)} outlets{in_reports}: {named}{more}"


def format_deal(alert: Alert) -> str:
    """ "Anthropic ← Nvidia investment", or "Anthropic valuation" when no counterparty is named."""
    party = f" ← {alert.counterparty}" if alert.counterparty else ""
    return f"{alert.subject}{party} {alert.kind.replace('_', ' ')}"


def format_date(moment: dt.date | None) -> str:
    return moment.strftime("%Y-%m-%d") if moment else "undated"


def format_context(as_of: str | None, status: str, basis: str | None) -> str:
    """What sets a figure apart from a plain announced one: ", talks", ", as of 2024-09", ", pre-money"."""
    words = [] if status == DEFAULT_STATUS else [STATUS_WORDS.get(status, status)]
    words += [f"as of {as_of}"] if as_of else []
    words += [BASIS_WORDS.get(basis, basis)] if basis else []
    return "".join(f", {word}" for word in words)


def format_comparison(figure: EarlierFigure, unit: str) -> str:
    """How an earlier figure was brought to the alert's terms: the ECB conversion, the round added or removed."""
    steps = []
    if figure.rate is not None:
        converted = figure.value * Decimal(str(figure.rate))
        steps.append(f" ≈ {format_amount(converted, unit)} on {format_date(figure.rate_day)} (ECB)")
    if figure.round_amount is not None:
        sign = "+" if figure.basis == "pre" else "-"
        steps.append(f" {sign} round {format_amount(figure.round_amount, unit)} = "
                     f"{format_amount(figure.compared_value, unit)}")
    return "".join(steps)


def format_earlier(figure: EarlierFigure, unit: str) -> str:
    figure_text = format_figure(figure.value, figure.qualifier, figure.unit)
    context = format_context(figure.as_of, figure.status, figure.basis)
    return (f"{figure_text}{format_comparison(figure, unit)}"
            f" ({format_outlets(figure.outlets, figure.copy_groups)}{context})")


def format_part(figure: EarlierFigure, unit: str) -> str:
    return f"{figure.counterparty} {format_earlier(figure, unit)}"


def format_other_side(alert: Alert) -> str:
    """What the new figure was compared with: the earlier figures, then the parts and their sum."""
    same_key = [format_earlier(f, alert.unit) for f in alert.earlier if f.counterparty == alert.counterparty]
    parts = [format_part(f, alert.unit) for f in alert.earlier if f.counterparty != alert.counterparty]
    if parts and alert.expected_value is not None:
        same_key.append(
            f"sum of parts {format_amount(alert.expected_value, alert.unit)} ({'; '.join(parts)})"
        )
    return "; ".join(same_key)


def format_new_side(alert: Alert) -> str:
    """The alert's own figure: "8 bn USD (La Gazette, 2025-11-20)", its context and its reprints."""
    figure = format_figure(alert.value, alert.qualifier, alert.unit)
    reprints = [outlet for outlet in alert.copies if outlet != alert.outlet]
    copies = f", reprinted by {', '.join(reprints)}" if reprints else ""
    context = format_context(alert.as_of, alert.status, alert.basis)
    return f"{figure} ({alert.outlet}, {format_date(alert.published_at)}{context}{copies})"


def format_tag(alert: Alert) -> str:
    """ "[conflict]", "[notice]", or with the reason when it is not the plain comparison: "[notice: revised]"."""
    reason = REASON_TAGS.get(alert.reason)
    return f"[{alert.severity}: {reason}]" if reason else f"[{alert.severity}]"


def format_alert_line(alert: Alert) -> str:
    """The one-glance line: "[conflict] Anthropic ← Nvidia investment: 8 bn USD (outlet, date) vs 10 bn"."""
    return f"{format_tag(alert)} {format_deal(alert)}: {format_new_side(alert)} vs {format_other_side(alert)}"


def format_alert_title(alert: Alert) -> str:
    """A channel message's title: what disagrees, without the figures."""
    return f"dealwatch {alert.severity}: {format_deal(alert)}"


def format_evidence_lines(alert: Alert) -> list[str]:
    """The sentences both sides were read from: the alert's, then the first report of each earlier figure."""
    lines = [f"Evidence ({alert.outlet}): {alert.evidence}"]
    for figure in alert.earlier:
        if figure.evidence:
            outlet = figure.copy_groups[0][0] if figure.copy_groups else figure.outlets[0]
            lines.append(f"Evidence ({outlet}, {format_figure(figure.value, figure.qualifier, figure.unit)}): "
                         f"{figure.evidence}")
    return lines


def format_alert_details(alert: Alert) -> list[str]:
    """The lines under a channel message's title, and under each alert of `dealwatch alerts` (the article title
    and evidence are untrusted)."""
    return [
        format_alert_line(alert),
        f"Article: {alert.title}",
        *format_evidence_lines(alert),
        f"Link: {alert.article}",
    ]


def json_number(value: Decimal) -> int | float:
    """Whole figures as integers (10000000000), others as floats: what FACTS.md's `value` looks like."""
    return int(value) if value == value.to_integral_value() else float(value)


def alert_as_json(alert: Alert) -> dict[str, object]:
    """The `dealwatch alerts --json` object."""
    return {
        "severity": alert.severity,
        "reason": alert.reason,
        "kind": alert.kind,
        "subject": alert.subject,
        "counterparty": alert.counterparty,
        "unit": alert.unit,
        "value": json_number(alert.value),
        "qualifier": alert.qualifier,
        "as_of": alert.as_of,
        "status": alert.status,
        "basis": alert.basis,
        "article": alert.article,
        "title": alert.title,
        "outlet": alert.outlet,
        "copies": list(alert.copies),
        "published_at": alert.published_at.isoformat() if alert.published_at else None,
        "evidence": alert.evidence,
        "expected_value": json_number(alert.expected_value) if alert.expected_value is not None else None,
        "earlier": [earlier_as_json(figure) for figure in alert.earlier],
        "raised_at": alert.raised_at.isoformat(),
        "sent_at": alert.sent_at.isoformat() if alert.sent_at else None,
        "withdrawn_at": alert.withdrawn_at.isoformat() if alert.withdrawn_at else None,
    }


def earlier_as_json(figure: EarlierFigure) -> dict[str, object]:
    return {
        "counterparty": figure.counterparty,
        "value": json_number(figure.value),
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "as_of": figure.as_of,
        "status": figure.status,
        "basis": figure.basis,
        "compared_value": json_number(figure.compared_value),
        "rate": figure.rate,
        "rate_day": figure.rate_day.isoformat() if figure.rate_day else None,
        "round_amount": json_number(figure.round_amount) if figure.round_amount is not None else None,
        "outlets": list(figure.outlets),
        "articles": list(figure.articles),
        "copy_groups": [list(group) for group in figure.copy_groups],
        "reports": figure.report_count,
        "evidence": figure.evidence,
        "first_seen_at": figure.first_seen_at.isoformat() if figure.first_seen_at else None,
    }
