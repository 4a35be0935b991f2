"""Saved `.md` pages read as the same text as their HTML would after cleaning."""

from __future__ import annotations

import trafilatura

from flows.sources.files import parse_text_article

LEAD_IN = "Halden Labs split its compute deal into two parts:"
ITEMS = ("4 billion dollars of servers from Orbis Cloud", "2 billion dollars of power from Vantor")
CLOSING = "Both parts start next year, the company said in a statement on Monday morning."


def test_a_markdown_list_keeps_the_bullets_an_html_list_gets_from_cleaning() -> None:
    markdown = "\n".join(["---", "title: Halden Labs", "---", LEAD_IN, "", *(f"* {item}" for item in ITEMS), "",
                          CLOSING])
    html = (f"<html><body><article><h1>Halden Labs</h1><p>{LEAD_IN}</p><ul>"
            + "".join(f"<li>{item}</li>" for item in ITEMS) + f"</ul><p>{CLOSING}</p></article></body></html>")
    from_markdown = parse_text_article(markdown).text.split("\n")
    from_html = trafilatura.extract(html).split("\n")
    assert [line for line in from_markdown if line.startswith("- ")] == [f"- {item}" for item in ITEMS]
    assert [line for line in from_markdown if line.startswith("- ")] == [line for line in from_html
                                                                         if line.startswith("- ")]
