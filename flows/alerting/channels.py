"""Alert channels: pending alerts sent through apprise, escaped per channel format, recorded once accepted."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import apprise
from apprise.plugins.slack import NotifySlack

from flows.alerting.formatting import format_alert_details, format_alert_line, format_alert_title, sanitize_text
from warehouse.alerts import (
    Alert,
    find_alert_ids_raised_since,
    find_alerts,
    find_pending_deliveries,
    record_failure,
    record_sent,
)
from warehouse.database import Connection
from warehouse.diff import Channel
from warehouse.records import utc_now

TITLE_MAX_CHARS = 250
LINE_MAX_CHARS = 1000
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")
# Mentions that page a whole room: @here/@channel/@everyone/@all (Slack, Discord, Teams, Mattermost, Rocket.Chat),
# @room (Matrix), @**all** / @_**stream** and the like (Zulip).
BROADCAST_MENTION = re.compile(r"@(?=_?(\*\*)?(here|channel|everyone|all|room|stream|topic)\b)", re.IGNORECASE)
# Slack's control sequences (<!here>, <!channel>, <@U123>, <#C123>): Mattermost's Slack-compatible webhooks read
# them too, so they are broken up in every format.
CONTROL_SEQUENCE = re.compile(r"<(?=[!@#])")
# Slack control sequences (<!here>, <@U123>, <https://x|label>): apprise escapes < and > for Slack, then
# revives any "!name>", "@name>" or "https://...>" it finds as a live mention or link, so no ">" may reach it.
SLACK_ANGLES = str.maketrans({"<": "\u2039", ">": "\u203a"})
WORD_JOINER = "\u2060"
# The alert id, sent as this header where a channel takes custom headers (json://, form://, xml://, mail...),
# so a receiver can drop the second copy of an alert sent again after a crash (delivery is at least once).
IDEMPOTENCY_HEADER = "Idempotency-Key"


@dataclass(frozen=True)
class ChannelMessage:
    title: str
    body: str


@dataclass(frozen=True)
class DeliveryReport:
    """What a delivery pass did: alerts each channel accepted, deliveries left pending, and why."""

    sent: int
    pending: int
    problems: tuple[str, ...] = ()


def defuse_mentions(text: str) -> str:
    """Room-wide mentions and Slack control sequences made plain text: a word joiner after `@` and `<`."""
    return CONTROL_SEQUENCE.sub("<" + WORD_JOINER, BROADCAST_MENTION.sub("@" + WORD_JOINER, text))


def escape_html(text: str) -> str:
    return html.escape(text, quote=True)


def escape_markdown(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def escape_slack(text: str) -> str:
    """Slack: angle brackets become look-alikes (see SLACK_ANGLES)."""
    return text.translate(SLACK_ANGLES)


def escape_for_format(plugin: apprise.plugins.NotifyBase) -> Callable[[str], str]:
    if isinstance(plugin, NotifySlack):
        return escape_slack
    if plugin.notify_format == apprise.NotifyFormat.HTML:
        return escape_html
    if plugin.notify_format == apprise.NotifyFormat.MARKDOWN:
        return escape_markdown
    return str  # plain text: nothing is markup, but mentions still page a room (below)


def escaper_for(plugin: apprise.plugins.NotifyBase) -> Callable[[str], str]:
    """The escaping that makes untrusted text inert in this channel's format, then mentions defused in every one
    (plain-text channels such as Discord, Mattermost, Zulip, Matrix or ntfy parse them too)."""
    escape = escape_for_format(plugin)
    return lambda text: defuse_mentions(escape(text))


def compose_message(alert: Alert, plugin: apprise.plugins.NotifyBase) -> ChannelMessage:
    """Title and body for one channel: each line cleaned, then escaped for the channel's format."""
    escape = escaper_for(plugin)
    lines = [escape(sanitize_text(line, LINE_MAX_CHARS)) for line in format_alert_details(alert)]
    separator = "<br/>\n" if plugin.notify_format == apprise.NotifyFormat.HTML else "\n"
    return ChannelMessage(
        escape(sanitize_text(format_alert_title(alert), TITLE_MAX_CHARS)), separator.join(lines)
    )


class ChannelRefused(Exception):
    """The channel did not accept the message (unreachable, HTTP error, bad URL)."""


def open_channel(url: str) -> apprise.plugins.NotifyBase:
    plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        raise ChannelRefused("apprise does not recognise this URL")
    return plugin


def send_message(plugin: apprise.plugins.NotifyBase, message: ChannelMessage, key: str | None = None) -> None:
    """Send one message; raises ChannelRefused, with apprise's own words, unless the channel accepted it.

    `key` (the alert id) goes out as the Idempotency-Key header where the channel takes custom headers.
    """
    headers = getattr(plugin, "headers", None)
    if key is not None and isinstance(headers, dict):
        headers[IDEMPOTENCY_HEADER] = key
    with apprise.LogCapture(level=apprise.logging.WARNING) as log:
        # The body is already in the channel's format: apprise must not convert it again.
        is_accepted = plugin.notify(body=message.body, title=message.title, body_format=plugin.notify_format)
    if not is_accepted:
        raise ChannelRefused(sanitize_text(log.getvalue(), 300) or "the channel refused the message")


def deliver_pending_alerts(con: Connection, channel_urls: Sequence[str]) -> DeliveryReport:
    """Send every alert a configured channel still owes; each is recorded as sent only once accepted.

    The first failure on a channel stops that channel for this run (its alerts stay pending for the next).
    """
    reports = [deliver_to_channel(con, Channel(url)) for url in channel_urls]
    return DeliveryReport(
        sent=sum(report.sent for report in reports),
        pending=sum(report.pending for report in reports),
        problems=tuple(problem for report in reports for problem in report.problems),
    )


def deliver_to_channel(con: Connection, channel: Channel) -> DeliveryReport:
    pending = find_pending_deliveries(con, [channel.channel_id])
    if not pending:
        return DeliveryReport(sent=0, pending=0)
    sent = 0
    try:
        plugin = open_channel(channel.url)
        for delivery in pending:
            send_one(con, plugin, delivery.alert, channel)
            sent += 1
    except ChannelRefused as refusal:
        left = len(pending) - sent
        problem = f"alert channel {channel.channel_name}: {refusal}; {left} alert(s) kept for the next run"
        return DeliveryReport(sent=sent, pending=left, problems=(problem,))
    return DeliveryReport(sent=sent, pending=0)


def send_one(
    con: Connection, plugin: apprise.plugins.NotifyBase, alert: Alert, channel: Channel
) -> None:
    """One alert to one channel, recorded as sent only after the channel accepted it."""
    try:
        send_message(plugin, compose_message(alert, plugin), key=alert.alert_id)
    except ChannelRefused as refusal:
        record_failure(con, alert.alert_id, channel.channel_id, str(refusal), utc_now())
        raise
    record_sent(con, alert.alert_id, channel.channel_id, utc_now())


@dataclass(frozen=True)
class AlertRound:
    """The end of a run for alerts: the one-glance lines of the new ones, and what the channels took."""

    lines: tuple[str, ...]
    delivery: DeliveryReport

    def format(self) -> str:
        """The lines `dealwatch run` prints after its summary (nothing when there is nothing to say)."""
        lines = [f"new alerts: {len(self.lines)}"] if self.lines else []
        lines += [f"  {line}" for line in self.lines]
        if self.delivery.sent or self.delivery.pending:
            lines.append(f"alerts sent to channels: {self.delivery.sent}; pending: {self.delivery.pending}")
        return "\n".join(lines + list(self.delivery.problems))


def announce_alerts(
    con: Connection, raised_since: dt.datetime, channel_urls: Sequence[str]
) -> AlertRound:
    """The alerts raised since a run started, as lines to print, then every pending delivery sent.

    flows.pipeline.storing calls it on the connection that loaded the batch, before publishing the snapshot.
    """
    alerts = find_alerts(con, find_alert_ids_raised_since(con, raised_since))
    lines = tuple(sanitize_text(format_alert_line(alert), LINE_MAX_CHARS) for alert in alerts)
    return AlertRound(lines=lines, delivery=deliver_pending_alerts(con, channel_urls))

