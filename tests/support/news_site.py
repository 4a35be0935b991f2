"""A made-up news site for end-to-end runs: English and French deal pages and RSS feeds, served on 127.0.0.1.

Every outlet, company and figure here is invented. Three outlets cover each deal, and every seventh story has
one outlet give another figure, so a run raises alerts; about a third of the pages are not about a deal.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from email.utils import format_datetime
from html import escape
from pathlib import Path

from servers import LocalServer, answer

# 96 made-up companies: with 10,000 pages each has about 23 deals in the 40 days the site spans, each told by
# three outlets (a busy company's month, not one company raising every day).
LABS = [f"{name} {kind}" for name in ("Brightfold", "Quillmere", "Tessaline", "Corvane", "Oberlin", "Pallas Grove",
                                      "Nimbra", "Veloura", "Kestrel", "Halden", "Arvendel", "Lumacor", "Everwick",
                                      "Talvane", "Mireth", "Sorvana")
        for kind in ("AI", "Labs", "Systems", "Minds", "Robotics", "Reasoning")]
INVESTORS = ["Norden Capital", "Ashgrove Ventures", "Marlow Partners", "Eastbrook Capital", "Solenne Invest"]
OUTLETS = ["The Ledger Wire", "Courrier Tech", "Daily Compute", "Le Signal Éco"]
PAGES_PER_FEED = 50
STORY_OUTLETS = 3  # pages in a row that tell the same story, from different outlets
DISPUTED_EVERY = 7  # one story in seven has an outlet with another figure

EN_DEAL = ("{lab}, the start-up building reasoning models, said on {weekday} it had raised ${amount} billion from "
           "{investor}. The round values {lab} at ${valuation} billion. {lab} also agreed to buy ${compute} billion "
           "of cloud computing capacity from Microsoft Azure over five years.")
FR_DEAL = ("La start-up d'intelligence artificielle {lab} a levé {amount_fr} milliards d'euros auprès de {investor}, "
           "ce qui porte sa valorisation à {valuation} milliards d'euros. {investor} détient désormais {stake} % du "
           "capital de {lab}.")
EN_FILLER = [
    "Analysts expect the market for specialised chips to tighten again next year as more laboratories train "
    "larger systems, and several suppliers have already warned customers about longer delivery times.",
    "The company employs a few hundred engineers across two offices and plans to open a third one in the "
    "spring, according to a person who asked not to be named because the plans are not public.",
    "Competition for researchers remains fierce, with salaries for senior staff rising sharply over the past "
    "two years, while smaller firms look for niches where they do not face the largest laboratories head on.",
    "Regulators on both sides of the Atlantic are studying how such agreements shape the industry, and "
    "lawmakers have asked for more detail on the terms that link cloud providers to model developers.",
    "Customers in banking, insurance and logistics have started to test the models on internal documents, "
    "though most deployments are still small pilots rather than company-wide systems.",
    "The founders met while working on search and translation products, and describe their approach as "
    "slower and more careful than that of rivals who ship new versions every few weeks.",
]
FR_FILLER = [
    "Les analystes s'attendent à une nouvelle tension sur le marché des puces spécialisées l'an prochain, "
    "plusieurs fournisseurs ayant déjà prévenu leurs clients d'un allongement des délais de livraison.",
    "L'entreprise emploie quelques centaines d'ingénieurs répartis entre deux bureaux et prévoit d'en ouvrir "
    "un troisième au printemps, selon une personne proche du dossier qui a requis l'anonymat.",
    "La concurrence pour attirer les chercheurs reste vive, et les rémunérations des profils expérimentés ont "
    "fortement augmenté ces deux dernières années, tandis que les plus petites structures cherchent des niches.",
    "Les régulateurs des deux côtés de l'Atlantique examinent la manière dont ces accords façonnent le "
    "secteur, et des parlementaires ont demandé davantage de détails sur les liens entre fournisseurs de cloud.",
    "Des clients dans la banque, l'assurance et la logistique testent déjà les modèles sur leurs documents "
    "internes, même si la plupart des déploiements restent des projets pilotes de taille modeste.",
    "Les fondateurs se sont rencontrés en travaillant sur des produits de recherche et de traduction, et "
    "décrivent leur démarche comme plus lente et plus prudente que celle de leurs concurrents.",
]
EN_OFF_TOPIC = ("The city council approved a new cycling lane along the river on {weekday}, after two years of "
                "consultation with residents and shop owners who feared the loss of parking spaces.")
FR_OFF_TOPIC = ("Le conseil municipal a approuvé {weekday} une nouvelle piste cyclable le long du fleuve, après deux "
                "ans de concertation avec les riverains et les commerçants inquiets pour le stationnement.")
WEEKDAYS = {"en": ["Monday", "Tuesday", "Wednesday", "Thursday"], "fr": ["lundi", "mardi", "mercredi", "jeudi"]}
FIRST_DAY = dt.date(2026, 2, 2)


@dataclass(frozen=True)
class Page:
    number: int
    path: str
    body: bytes
    published: dt.date
    title: str


def story_of(number: int) -> int:
    return number // STORY_OUTLETS


def page_of(number: int) -> Page:
    """Page `number`: the same inputs always give the same bytes."""
    rng = random.Random(number)
    story = story_of(number)
    language = "fr" if story % 2 else "en"
    published = FIRST_DAY + dt.timedelta(days=story % 40)
    is_deal = story % 3 != 2
    paragraphs = [deal_paragraph(story, number, language) if is_deal else off_topic(language, rng)]
    filler = FR_FILLER if language == "fr" else EN_FILLER
    paragraphs += rng.sample(filler, 4) + rng.sample(filler, 3)
    title = headline(story, language, is_deal)
    outlet = OUTLETS[number % len(OUTLETS)]
    return Page(number, f"/news/{number}.html", html_page(title, outlet, published, paragraphs), published, title)


def deal_paragraph(story: int, number: int, language: str) -> str:
    lab, investor = LABS[story % len(LABS)], INVESTORS[story % len(INVESTORS)]
    amount = 1 + story % 9
    # The last outlet of a disputed story reports one more billion than the other two.
    if story % DISPUTED_EVERY == 0 and number % STORY_OUTLETS == STORY_OUTLETS - 1:
        amount += 1
    values = {"lab": lab, "investor": investor, "amount": f"{amount}.5", "amount_fr": f"{amount},5",
              "valuation": 10 * amount + 20, "compute": 2 + story % 4, "stake": 5 + story % 11,
              "weekday": WEEKDAYS[language][story % 4]}
    return (FR_DEAL if language == "fr" else EN_DEAL).format(**values)


def off_topic(language: str, rng: random.Random) -> str:
    return (FR_OFF_TOPIC if language == "fr" else EN_OFF_TOPIC).format(weekday=rng.choice(WEEKDAYS[language]))


def headline(story: int, language: str, is_deal: bool) -> str:
    lab = LABS[story % len(LABS)]
    if not is_deal:
        return "Une piste cyclable le long du fleuve" if language == "fr" else "A cycling lane along the river"
    return f"{lab} lève des fonds" if language == "fr" else f"{lab} raises new funds"


def html_page(title: str, outlet: str, published: dt.date, paragraphs: list[str]) -> bytes:
    """A page shaped like a news site's: navigation, the article, related links, a footer."""
    nav = "".join(f'<li><a href="/section/{n}">Section {n}</a></li>' for n in range(12))
    related = "".join(f'<li><a href="/news/r{n}.html">Related story {n}</a></li>' for n in range(8))
    body = "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)} | {escape(outlet)}</title>'
        f'<meta property="og:site_name" content="{escape(outlet)}">'
        f'<meta property="article:published_time" content="{published.isoformat()}T08:00:00Z"></head>'
        f'<body><header><nav><ul>{nav}</ul></nav></header><main><article><h1>{escape(title)}</h1>'
        f'<time datetime="{published.isoformat()}">{published.isoformat()}</time>{body}</article>'
        f'<aside><h2>Related</h2><ul>{related}</ul></aside></main>'
        f"<footer><p>© {escape(outlet)}. All rights reserved.</p></footer></body></html>"
    ).encode()


def feed_xml(site: str, pages: list[Page]) -> bytes:
    items = "".join(
        f"<item><title>{escape(page.title)}</title><link>{site}{page.path}</link>"
        f"<pubDate>{format_datetime(dt.datetime.combine(page.published, dt.time(8), dt.UTC))}</pubDate></item>"
        for page in pages
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>news</title>{items}</channel></rss>'.encode()


@dataclass(frozen=True)
class RunningSite:
    """The servers (one per host) and the feeds' URLs."""

    servers: tuple[LocalServer, ...]
    feed_urls: tuple[str, ...]

    def write_config(self, folder: Path, db_name: str = "dealwatch.duckdb", extra: str = "") -> Path:
        """A dealwatch.toml reading every feed, allowed to reach these servers."""
        hosts = ", ".join(f'"{server.host_key}"' for server in self.servers)
        sources = "".join(f'\n[[sources]]\nname = "feed-{n}"\ntype = "rss"\nurl = "{url}"\n'
                          for n, url in enumerate(self.feed_urls))
        path = folder / "dealwatch.toml"
        path.write_text(f'{extra}\n[fetch]\nallow_hosts = [{hosts}]\n\n[database]\npath = "{db_name}"\n{sources}',
                        encoding="utf-8")
        return path


@contextmanager
def news_site(pages: int, hosts: int = 2) -> Iterator[RunningSite]:
    """`pages` pages spread over `hosts` servers, each server with feeds of PAGES_PER_FEED items."""
    with ExitStack() as stack:
        servers = tuple(stack.enter_context(LocalServer().running()) for _ in range(hosts))
        feed_urls = []
        for index, server in enumerate(servers):
            own = [page_of(number) for number in range(index, pages, hosts)]
            for page in own:
                server.route(page.path, answer(200, page.body, {"Content-Type": "text/html; charset=utf-8"}))
            for start in range(0, len(own), PAGES_PER_FEED):
                feed = feed_xml(server.url(""), own[start:start + PAGES_PER_FEED])
                path = f"/feed/{start // PAGES_PER_FEED}.xml"
                feed_urls.append(server.route(path, answer(200, feed, {"Content-Type": "application/rss+xml"})))
        yield RunningSite(servers=servers, feed_urls=tuple(feed_urls))
