"""flows.sources.pages on pages written for these tests: metadata, charsets, caps, and fetch_page over HTTP."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from servers import answer, policy_for

from flows.sources.http_client import FetchError
from flows.sources.pages import (
    NotAnArticle,
    clean_html,
    clean_page,
    decode_page,
    fetch_page,
    plausible_date,
    strip_site_suffix,
)

BODY_FR = (
    "<p>La jeune pousse lyonnaise Lumen Robotics annonce une levée de fonds de 40 millions d’euros auprès "
    "d’Orbit Capital. L’entreprise, créée en 2021, conçoit des bras robotisés pilotés par l’intelligence "
    "artificielle pour les entrepôts.</p>"
    "<p>Les fonds serviront à recruter une centaine d’ingénieurs et à ouvrir un bureau à Munich. Son "
    "fondateur explique que la demande des logisticiens européens a doublé en un an, portée par la hausse "
    "des coûts de main-d’œuvre et la pénurie de caristes.</p>"
)
BODY_EN = (
    "<p>Harbor Analytics, a Boston startup that builds forecasting models for ports, said on Tuesday it had "
    "raised $25 million in a Series A round led by Northwind Partners, with participation from two existing "
    "angel investors.</p>"
    "<p>The company plans to use the money to hire engineers and expand to Rotterdam and Singapore, where "
    "it already runs pilot projects with terminal operators looking to cut the time ships wait at anchor.</p>"
)


def page(body: str, *, title: str = "Lumen Robotics lève 40 millions d’euros", head: str = "",
         charset: str = "utf-8", lang: str = "fr") -> str:
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="{charset}"><title>{title}</title>{head}'
            f"</head><body><nav><a href='/'>Accueil</a></nav><article><h1>{title}</h1>{body}</article>"
            "<footer>Mentions légales</footer></body></html>")


def latin1_safe(html: str) -> str:
    """The page without the two characters latin-1 lacks (typographic apostrophe, oe ligature)."""
    return html.replace("’", "'").replace("œ", "oe")


DATED_HEAD = ('<meta property="og:site_name" content="Le Journal des Robots">'
              '<meta property="article:published_time" content="2025-11-19T08:30:00+01:00">')


def test_a_page_becomes_an_article_with_title_date_language_and_outlet():
    url = "https://www.robots.example/lumen?utm_source=x"
    cleaned = clean_page(page(BODY_FR, head=DATED_HEAD).encode(), url)

    article = cleaned.article
    assert article.title == "Lumen Robotics lève 40 millions d’euros"
    assert "40 millions d’euros auprès d’Orbit Capital" in article.text
    assert "Mentions légales" not in article.text and "Accueil" not in article.text
    # The page's 08:30 in Paris, kept to the minute in UTC: two reports of one day can be put in order.
    assert article.published_at == dt.datetime(2025, 11, 19, 7, 30, tzinfo=dt.UTC)
    assert (article.language, article.url) == ("fr", "https://www.robots.example/lumen")
    assert cleaned.outlet == "Le Journal des Robots"


def test_without_date_markup_no_date_is_invented_and_the_outlet_is_the_host():
    # trafilatura's default (extensive) date search reads both of these as the publication date.
    body = BODY_EN + ("<p>The firm was founded in Boston on 3 March 2019 and employs 40 people.</p>"
                      "<p>Its last round closed 12/05/2021, according to filings.</p>")
    cleaned = clean_page(page(body, title="Harbor Analytics raises $25M", lang="en").encode(),
                         "https://www.harbor-news.example/harbor-analytics")

    assert cleaned.article.published_at is None
    assert cleaned.article.text.startswith("Harbor Analytics, a Boston startup")  # the h1 is the title
    assert cleaned.article.language == "en"
    assert cleaned.outlet == "harbor-news.example"


def test_a_date_in_the_url_path_is_a_real_signal():
    cleaned = clean_page(page(BODY_EN, lang="en").encode(), "https://harbor-news.example/2025/11/18/harbor")

    assert cleaned.article.published_at == dt.date(2025, 11, 18)


def test_clean_html_returns_the_article_alone():
    article = clean_html(page(BODY_FR, head=DATED_HEAD).encode(), "https://robots.example/a")

    assert article.title.startswith("Lumen Robotics")


@pytest.mark.parametrize(("declared", "encoding"), [("iso-8859-1", "latin-1"), ("windows-1252", "cp1252"),
                                                    ("utf-8", "latin-1")])
def test_declared_charsets_are_honoured_and_a_utf8_lie_survived(declared, encoding):
    raw = latin1_safe(page(BODY_FR, charset=declared)).encode(encoding)

    text = clean_html(raw, "https://robots.example/a").text

    assert "créée en 2021, conçoit des bras robotisés" in text


def test_an_http_charset_is_used_when_the_page_declares_none():
    raw = latin1_safe(page(BODY_FR)).replace('<meta charset="utf-8">', "")

    assert "créée" in decode_page(raw.encode("latin-1"), "text/html; charset=ISO-8859-1")


def test_utf8_bytes_win_over_a_wrong_single_byte_declaration():
    raw = page(BODY_FR, charset="iso-8859-1").encode("utf-8")

    assert "main-d’œuvre" in decode_page(raw, "text/html; charset=iso-8859-1")


def test_a_page_over_the_cap_is_refused_before_extraction():
    huge = page(BODY_EN * 20_000).encode()
    started = time.monotonic()

    with pytest.raises(NotAnArticle) as caught:
        clean_html(huge, "https://big.example/a", max_bytes=1_000_000)

    assert time.monotonic() - started < 0.1  # trafilatura would need seconds on this page
    assert caught.value.reason == f"page of {len(huge)} bytes is over the 1000000 byte cap for extraction"


@pytest.mark.parametrize("html", [b"", b"<html><body><p>Subscribe to read.</p></body></html>",
                                  b"\x00\x01\x02 not html at all",
                                  b"<html><body><nav>menu</nav></body></html>"])
def test_pages_without_an_article_raise_not_an_article(html):
    with pytest.raises(NotAnArticle) as caught:
        clean_html(html, "https://empty.example/")

    assert "characters of text" in caught.value.reason


def test_site_name_suffixes_are_taken_off_titles_only_when_they_name_the_site():
    assert strip_site_suffix("Deal done | Robots Daily", "Robots Daily", "https://r.example/") == "Deal done"
    assert strip_site_suffix("Deal done - TechCrunch", "", "https://techcrunch.com/x") == "Deal done"
    assert strip_site_suffix("Mistral - the round explained", "Le Monde", "https://lemonde.fr/") == (
        "Mistral - the round explained")


def test_implausible_dates_are_dropped():
    today = dt.date(2025, 11, 20)
    assert plausible_date("2025-11-21", today) == dt.date(2025, 11, 21)
    assert plausible_date("2025-11-23", today) is None
    assert plausible_date("1994-12-31", today) is None
    assert plausible_date("2025-02-31", today) is None


def test_fetch_article_cleans_a_served_page(server):
    url = server.route("/story", answer(200, page(BODY_FR, head=DATED_HEAD).encode(),
                                        {"Content-Type": "text/html; charset=utf-8"}))

    cleaned = fetch_page(url, policy_for(server))

    assert cleaned.article.url == url and cleaned.outlet == "Le Journal des Robots"


def test_fetch_article_refuses_error_pages_and_non_html(server):
    bot_wall = server.route("/wall", answer(403, page(BODY_EN).encode(), {"Content-Type": "text/html"}))
    pdf = server.route("/report.pdf", answer(200, b"%PDF-1.7 ...", {"Content-Type": "application/pdf"}))

    with pytest.raises(FetchError) as refused:
        fetch_page(bot_wall, policy_for(server))
    with pytest.raises(NotAnArticle) as not_html:
        fetch_page(pdf, policy_for(server))

    assert refused.value.reason == "HTTP 403" and not refused.value.is_transient
    assert not_html.value.reason == "not a web page (application/pdf)"


def test_utf8_with_a_stray_byte_stays_utf8_and_a_bom_wins():
    damaged = page(BODY_FR).encode() + b"<!-- \xff -->"

    assert "main-d’œuvre" in decode_page(damaged, "text/html; charset=windows-1252")
    assert decode_page("\ufeffcafé".encode("utf-16-le")) == "café"


@pytest.mark.parametrize(("published_time", "expected"), [
    ("2025-11-20T09:15:00Z", dt.datetime(2025, 11, 20, 9, 15, tzinfo=dt.UTC)),
    ("2025-11-20T23:30:00-05:00", dt.datetime(2025, 11, 21, 4, 30, tzinfo=dt.UTC)),
    ("2025-11-20T09:15:00", dt.datetime(2025, 11, 20, 9, 15, tzinfo=dt.UTC)),  # no zone given: taken as UTC
    ("2025-11-20", dt.date(2025, 11, 20)),
])
def test_a_page_keeps_the_time_of_day_it_gives_in_utc(published_time, expected):
    head = f'<meta property="article:published_time" content="{published_time}">'
    cleaned = clean_page(page(BODY_EN, head=head, lang="en").encode(), "https://harbor-news.example/harbor")

    assert cleaned.article.published_at == expected
