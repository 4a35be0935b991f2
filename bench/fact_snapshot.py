"""Every fact the extractor gives on a fixed set of inputs, one JSON line each: diff two snapshots to see what a
change to the rules does (a restructuring must give the same file, byte for byte).

    .venv/bin/python bench/fact_snapshot.py OUT [--fixtures DIR]

Inputs, always in the same order: the seeds; every case of the development and held-out corpora with its
language, without one, and in each other language; each case sentence alone; the HTML fixture pages through the
cleaner (../shared/fixtures/html), with their language and without; 1,500 fixed mixtures of case sentences, which
reach rules the cases reach only one at a time. Each line also holds the guessed language, `is_relevant`, and
each sentence's figures and parties. The blind held-out files are never read.
"""

from __future__ import annotations

import argparse
import json
import random
import tomllib
from pathlib import Path

from extractors import extract, is_relevant
from extractors.amounts import find_amounts
from extractors.facts import Article, article_body
from extractors.languages import VOCABULARIES, detect_language
from extractors.mentions import find_mentions
from extractors.text import normalize, split_sentences
from flows.sources.files import read_article_file
from flows.sources.pages import NotAnArticle

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "extractors" / "cases"
# The corpora tests/extractors/test_corpus.py reads; a blind file is left out on purpose.
CORPUS_FILES = ("en.toml", "fr.toml", "negative.toml", "heldout.toml")
MIXTURES = 1500
SEED = 20261122


def corpus_cases() -> list[tuple[str, dict[str, str]]]:
    return [(f"{name}:{case['id']}", case) for name in sorted(CORPUS_FILES)
            for case in tomllib.loads((CASES / name).read_text(encoding="utf-8")).get("case", [])]


def fixture_articles(fixtures: Path) -> list[tuple[str, Article]]:
    items = []
    for path in sorted(fixtures.glob("*.html")):
        try:
            article = read_article_file(path)
        except NotAnArticle as error:
            article = Article("", str(error))  # the cleaner's refusal, read as text all the same
        items.append((f"fixture:{path.name}", article))
        items.append((f"fixture-nolang:{path.name}", Article(article.title, article.text)))
    return items


def case_articles() -> tuple[list[tuple[str, Article]], list[tuple[str, str]], list[str]]:
    """Each case whole (three ways) and sentence by sentence; the case sentences and titles, for mixtures."""
    items, sentences, titles = [], [], []
    for name, case in corpus_cases():
        title, text, language = case.get("title", ""), case["text"], case["language"]
        items.append((f"case:{name}", Article(title, text, language=language)))
        items.append((f"case-nolang:{name}", Article(title, text)))
        items += [(f"case-other:{name}", Article(title, text, language=other))
                  for other in sorted(VOCABULARIES) if other != language]
        for index, sentence in enumerate(split_sentences(normalize(text))):
            raw = text[sentence.start:sentence.end]
            items.append((f"sentence:{name}:{index}", Article("", raw, language=language)))
            sentences.append((language, raw))
        if title:
            titles.append(title)
    return items, sentences, titles


def mixtures(sentences: list[tuple[str, str]], titles: list[str]) -> list[tuple[str, Article]]:
    rng = random.Random(SEED)
    items = []
    for number in range(MIXTURES):
        language = rng.choice(sorted(VOCABULARIES))
        pool = [text for code, text in sentences if code == language]
        body = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 6)))
        title = rng.choice(titles) if rng.random() < 0.6 else ""
        items.append((f"mix:{number}", Article(title, body, language=language if rng.random() < 0.8 else None)))
    return items


def snapshot_inputs(fixtures: Path) -> list[tuple[str, Article]]:
    seeds = [(f"seed:{path.name}", read_article_file(path)) for path in sorted((ROOT / "seeds").glob("*.txt"))]
    cases, sentences, titles = case_articles()
    return seeds + fixture_articles(fixtures) + cases + mixtures(sentences, titles)


def snapshot_line(name: str, article: Article) -> str:
    text = normalize(article_body(article))
    vocabulary = VOCABULARIES.get(article.language or "") or VOCABULARIES[detect_language(text)]
    readings = []
    for sentence in split_sentences(text):
        amounts = [[str(a.value), a.unit, a.start, a.end, str(a.qualifier)]
                   for a in find_amounts(sentence.text, vocabulary)]
        if amounts:
            readings.append([sentence.start, amounts, [list(m) for m in find_mentions(sentence.text, vocabulary)]])
    line = {"input": name, "relevant": is_relevant(article), "language": detect_language(text),
            "facts": [fact.to_json() for fact in extract(article)], "readings": readings}
    return json.dumps(line, ensure_ascii=False, sort_keys=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--fixtures", type=Path, default=ROOT.parent / "shared" / "fixtures" / "html")
    arguments = parser.parse_args()
    items = snapshot_inputs(arguments.fixtures)
    lines = [snapshot_line(name, article) for name, article in items]
    arguments.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    facts = sum(len(json.loads(line)["facts"]) for line in lines)
    print(f"{len(items)} inputs, {facts} facts -> {arguments.out}")


if __name__ == "__main__":
    main()
