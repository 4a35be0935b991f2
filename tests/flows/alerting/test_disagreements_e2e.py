"""End to end, one alert per disagreement: made-up outlets' pages from a feed on 127.0.0.1, the real flow and
extractor, a real DuckDB file; wire copies, currencies, and alerts withdrawn after `dealwatch reextract`."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pytest_httpserver import HTTPServer
from typer.testing import CliRunner
from werkzeug import Response

import extractors
from flows.alerting.formatting import format_alert_line
from flows.cli import app
from flows.config import Config, FetchPolicy, Source
from flows.monitor import run_pipeline
from flows.pipeline.execution import InlineRunner
from flows.pipeline.stages import batch_of, fetch_feeds, fetch_pages, new_entries
from flows.pipeline.storing import deliver
from warehouse.alerts import Alert, list_alerts
from warehouse.database import connect
from warehouse.records import AlertSettings, ArticleRecord, utc_now

DEALWATCH = Path(sys.executable).with_name("dealwatch")
BILLION = 10**9
PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="{outlet}"><meta property="article:published_time" content="{published}">
</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"""
RSS_ITEM = "<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate></item>"
# Each outlet writes its own story around the figure: independent reports, not copies of one text.
OWN_WORDS = {
    "The Herald": "The artificial intelligence company, which builds large language models for businesses, plans "
                  "to spend the money on computing power and on hiring researchers in Paris and London.",
    "The Courier": "Investors have been queueing for a piece of Europe's best known model maker, our reporters "
                   "were told by two bankers who worked on earlier financings of French technology groups.",
    "The Ledger": "Analysts at a Frankfurt brokerage said the price tag looked steep next to American rivals, "
                  "though demand from European governments for local models keeps growing quickly.",
    "Le Quotidien": "The government welcomed the news as a win for digital sovereignty, according to an adviser "
                    "to the industry minister who followed the talks closely.",
}
FILLER = "Markets in Europe closed higher on the day, led by technology shares and banks."
WIRE = (
    "Mistral AI has raised $2 billion in a funding round that values the French start-up at $12 billion, the "
    "company said on Thursday. The round was led by a group of American and European investors and comes a year "
    "after the previous one, when the Paris-based developer of language models was valued at a fraction of that. "
    "Chief executive officers of several European industrial groups took part in the round, which the company "
    "said would pay for data centres in France and for a team of researchers in London and Munich."
)


@dataclass(frozen=True)
class Page:
    name: str
    outlet: str
    published: str  # ISO time with zone, as pages print it
    sentences: tuple[str, ...]

    def html(self) -> bytes:
        own = OWN_WORDS.get(self.outlet, FILLER)
        paragraphs = "".join(f"<p>{sentence}</p>" for sentence in (*self.sentences, own))
        return PAGE.format(title=f"{self.outlet}: Mistral AI funding", outlet=self.outlet, published=self.published,
                           paragraphs=paragraphs).encode()


def valuation_page(name: str, outlet: str, published: str, billions: int) -> Page:
    return Page(name, outlet, published, (
        f"Mistral AI has raised $2 billion in a funding round that values the French start-up at ${billions} "
        "billion, the company said on Thursday.",
    ))


HERALD = valuation_page("herald", "The Herald", "2025-11-20T09:00:00Z", 12)
COURIER = valuation_page("courier", "The Courier", "2025-11-20T11:30:00Z", 14)
LEDGER = valuation_page("ledger", "The Ledger", "2025-11-20T15:00:00Z", 14)


def serve(server: HTTPServer, *pages: Page) -> None:
    """The feed lists these pages (each run may list others: the server is reset)."""
    server.clear()
    items = []
    for page in pages:
        server.expect_request(f"/{page.name}").respond_with_data(page.html(), content_type="text/html")
        items.append(RSS_ITEM.format(title=page.name, link=server.url_for(f"/{page.name}"),
                                     date="Thu, 20 Nov 2025 08:00:00 GMT"))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>n</title>{"".join(items)}</channel></rss>'
    server.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")


def configure(server: HTTPServer, db: Path, channels: tuple[str, ...] = ()) -> Config:
    feed_url = server.url_for("/feed.xml")
    return Config(
        sources=(Source("news", "rss", url=feed_url),),
        fetch=FetchPolicy(allow_hosts=frozenset({feed_url.split("/")[2]})),
        db_path=db,
        alerts=AlertSettings(channels=channels),
    )


def run_with(server: HTTPServer, db: Path, *pages: Page) -> list[Alert]:
    """One `dealwatch run` over a feed listing these pages; every standing alert afterwards."""
    serve(server, *pages)
    run_pipeline(configure(server, db))
    return standing_alerts(db)


def standing_alerts(db: Path) -> list[Alert]:
    with connect(db, read_only=True) as con:
        return list_alerts(con)


def test_two_outlets_in_one_run_raise_one_alert_on_the_later_and_an_agreeing_third_none(
    httpserver_ipv4: HTTPServer, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    [alert] = run_with(httpserver_ipv4, db, COURIER, HERALD)
    assert (alert.severity, alert.kind, alert.outlet, alert.value) == ("conflict", "valuation", "The Courier",
                                                                       14 * BILLION)
    assert [(f.value, f.outlets) for f in alert.earlier] == [(12 * BILLION, ("The Herald",))]
    assert run_with(httpserver_ipv4, db, COURIER, HERALD, LEDGER) == [alert]


def test_the_reverse_order_across_two_runs_raises_the_same_single_alert(
    httpserver_ipv4: HTTPServer, tmp_path: Path
) -> None:
    [together] = run_with(httpserver_ipv4, tmp_path / "together.duckdb", HERALD, COURIER)
    reverse = tmp_path / "reverse.duckdb"
    assert run_with(httpserver_ipv4, reverse, COURIER) == []
    [alert] = run_with(httpserver_ipv4, reverse, HERALD)
    assert (alert.alert_id, alert.outlet, alert.earlier) == (together.alert_id, "The Courier", together.earlier)
    assert run_with(httpserver_ipv4, reverse, HERALD, COURIER) == [alert]


def serve_undated_slowly(server: HTTPServer, delays: dict[Page, float]) -> None:
    """A feed of undated pages (no date in the feed nor on the page), each answered after its delay."""
    server.clear()
    items = []
    for page, delay in delays.items():
        html = page.html().replace(b'<meta property="article:published_time" content="">', b"")
        server.expect_request(f"/{page.name}").respond_with_handler(answer_after(delay, html))
        items.append(f"<item><title>{page.name}</title><link>{server.url_for(f'/{page.name}')}</link></item>")
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>n</title>{"".join(items)}</channel></rss>'
    server.expect_request("/feed.xml").respond_with_data(feed, content_type="application/rss+xml")


def answer_after(seconds: float, html: bytes):
    def handler(request: object) -> Response:
        time.sleep(seconds)
        return Response(html, content_type="text/html")
    return handler


UNDATED_FIRST_URL = valuation_page("a-undated", "The Herald", "", 12)
UNDATED_SECOND_URL = valuation_page("b-undated", "The Courier", "", 14)


def test_two_undated_reports_of_one_run_are_ordered_by_url_not_by_which_download_finished_first(
    httpserver_ipv4: HTTPServer, tmp_path: Path
) -> None:
    # Each time the page whose URL sorts first is the one that arrives last, then the one that arrives first:
    # a run fetches its pages side by side, so the alert must fall on the same article both times.
    raised = []
    for name, slow in (("slow-first.duckdb", UNDATED_FIRST_URL), ("slow-second.duckdb", UNDATED_SECOND_URL)):
        serve_undated_slowly(httpserver_ipv4, {page: 0.8 if page is slow else 0.0
                                               for page in (UNDATED_FIRST_URL, UNDATED_SECOND_URL)})
        run_pipeline(configure(httpserver_ipv4, tmp_path / name))
        [alert] = standing_alerts(tmp_path / name)
        raised.append((alert.alert_id, alert.outlet, [(f.value, f.outlets) for f in alert.earlier]))
    assert raised[0] == raised[1] == (raised[0][0], "The Courier", [(12 * BILLION, ("The Herald",))])


def test_a_wire_story_in_three_outlets_is_one_report_and_its_alert_lists_all_three(
    httpserver_ipv4: HTTPServer, tmp_path: Path
) -> None:
    reprints = [
        Page("wire", "Wire Service", "2025-11-20T08:00:00Z", (WIRE,)),
        Page("daily", "Tech Daily", "2025-11-20T08:20:00Z", ("PARIS (Wire) - " + WIRE,)),
        Page("ledger", "The Ledger", "2025-11-20T08:45:00Z", (WIRE, "Reporting by a correspondent in Paris.")),
    ]
    db = tmp_path / "w.duckdb"
    run_with(httpserver_ipv4, db, *reprints)
    [alert] = run_with(httpserver_ipv4, db, *reprints, COURIER)
    [earlier] = alert.earlier
    assert (alert.outlet, earlier.value, earlier.report_count) == ("The Courier", 12 * BILLION, 1)
    assert earlier.outlets == ("Tech Daily", "The Ledger", "Wire Service")
    assert format_alert_line(alert) == (
        "[conflict] Mistral AI valuation: 14 bn USD (The Courier, 2025-11-20) vs 12 bn USD "
        "(3 outlets in 1 report: Tech Daily, The Ledger, Wire Service)"
    )


def euro_and_dollar_pages(dollar_billions: str) -> tuple[Page, Page]:
    paris = Page("paris", "Le Quotidien", "2025-03-03T10:00:00Z", (
        "Mistral AI has raised 2 billion euros in a funding round that values the French start-up at 14 billion "
        "euros, the company said on Monday.",
    ))
    newyork = Page("newyork", "The Courier", "2025-03-03T16:00:00Z", (
        f"Mistral AI has raised $2.1 billion in a funding round that values the French start-up at "
        f"${dollar_billions} billion, the company said on Monday.",
    ))
    return paris, newyork


def test_euros_and_dollars_at_the_days_ecb_rate_agree(httpserver_ipv4: HTTPServer, tmp_path: Path) -> None:
    # ECB, 3 March 2025: 1 EUR = 1.0465 USD: 14 bn EUR is 14.65 bn USD, 2 bn EUR is 2.09 bn USD.
    assert run_with(httpserver_ipv4, tmp_path / "w.duckdb", *euro_and_dollar_pages("14.7")) == []


def test_a_real_gap_across_currencies_is_a_conflict_showing_the_conversion(
    httpserver_ipv4: HTTPServer, tmp_path: Path
) -> None:
    [alert] = run_with(httpserver_ipv4, tmp_path / "w.duckdb", *euro_and_dollar_pages("18"))
    assert (alert.kind, alert.value, alert.unit, alert.earlier[0].unit) == ("valuation", 18 * BILLION, "USD", "EUR")
    assert format_alert_line(alert) == (
        "[conflict] Mistral AI valuation: 18 bn USD (The Courier, 2025-03-03) vs 14 bn EUR ≈ 14.65 bn USD on "
        "2025-03-03 (ECB) (Le Quotidien)"
    )


def load_as_an_old_extractor_read_it(server: HTTPServer, config: Config, *pages: Page) -> None:
    """A run whose extractor was an older version that misread The Herald's valuation as 20 bn: its alert is
    raised (and offered to the channels) as a run would."""
    serve(server, *pages)
    feeds = fetch_feeds(config.sources, {}, config.fetch)
    fetched = fetch_pages(new_entries(feeds, set()), config.fetch, InlineRunner())
    read = [misread_if_herald(record) for record in fetched.articles]
    batch = batch_of(config, utc_now(), feeds, [], fetched, read, {}, 0)
    deliver(config.db_path, dataclasses.replace(batch, extractor_version="0.9.0-test"), wait_seconds=0)


def misread_if_herald(record: ArticleRecord) -> ArticleRecord:
    if record.outlet != "The Herald":
        return record
    facts = tuple(dataclasses.replace(f, value=f.value * 20 / 12) if f.kind == "valuation" else f for f in record.facts)
    return dataclasses.replace(record, facts=facts)


def write_config(folder: Path, config: Config) -> Path:
    [source] = config.sources
    path = folder / "dealwatch.toml"
    path.write_text(
        f"[fetch]\nallow_hosts = {json.dumps(sorted(config.fetch.allow_hosts))}\n\n"
        f'[[sources]]\nname = "news"\ntype = "rss"\nurl = "{source.url}"\n\n'
        f"[alerts]\nchannels = {json.dumps(list(config.alerts.channels))}\n",
        encoding="utf-8",
    )
    return path


def test_an_alert_on_a_misread_figure_is_withdrawn_after_reextract_never_sent_and_listed_with_all(
    httpserver_ipv4: HTTPServer, webhook: HTTPServer, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    webhook.expect_request("/alerts").respond_with_response(Response("maintenance", status=500))
    config = configure(httpserver_ipv4, db, channels=(f"json://127.0.0.1:{webhook.port}/alerts",))
    load_as_an_old_extractor_read_it(httpserver_ipv4, config, HERALD, LEDGER)
    [misread] = standing_alerts(db)  # The Ledger's 14 bn against the misread 20 bn; the webhook was down
    assert (misread.value, misread.earlier[0].value, misread.sent_at) == (14 * BILLION, 20 * BILLION, None)

    result = subprocess.run([str(DEALWATCH), "reextract", "--db", str(db), "--config",
                             str(write_config(tmp_path, config))], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"articles read again by extractor {extractors.EXTRACTOR_VERSION}: 2 in 1 chunk" in result.stdout
    # Re-read, The Herald says 12 bn: the Ledger's 14 bn against it is a new disagreement, raised as usual.
    [raised] = standing_alerts(db)
    assert (raised.value, raised.earlier[0].value) == (14 * BILLION, 12 * BILLION)

    listed = CliRunner().invoke(app, ["alerts", "--db", str(db), "--brief"])
    assert "20 bn" not in listed.output
    everything = CliRunner().invoke(app, ["alerts", "--db", str(db), "--all", "--json"])
    rows = [json.loads(line) for line in everything.output.splitlines()]
    withdrawn = [row for row in rows if row["withdrawn_at"]]
    assert [(row["value"], row["earlier"][0]["value"]) for row in withdrawn] == [(14 * BILLION, 20 * BILLION)]
    assert "(withdrawn " in CliRunner().invoke(app, ["alerts", "--db", str(db), "--all", "--brief"]).output

    webhook.clear()
    webhook.expect_request("/alerts", method="POST").respond_with_data("ok")
    serve(httpserver_ipv4, HERALD, LEDGER)
    run_pipeline(configure(httpserver_ipv4, db, channels=config.alerts.channels))
    messages = [json.loads(request.get_data())["message"] for request, _ in webhook.log]
    assert len(messages) == 1 and "vs 12 bn USD" in messages[0]  # the new alert, never the withdrawn one
