"""Relevance (AI + financing vocabulary) and the language guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import extract, is_relevant, read_article
from extractors.facts import Article
from extractors.languages import detect_language
from flows.sources.files import read_article_file

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_every_seed_is_relevant(path: Path) -> None:
    assert is_relevant(read_article_file(path))


@pytest.mark.parametrize("article", [
    Article("Corvid AI raises $2 billion", "The artificial intelligence startup closed a Series B round."),
    Article("Mistral AI lève 1,7 milliard d'euros", "La start-up française d'IA boucle un tour de table."),
])
def test_ai_money_is_relevant(article: Article) -> None:
    assert is_relevant(article)


@pytest.mark.parametrize("article", [
    Article("Le PSG s'impose 3-0", "Le club parisien a battu Marseille au Parc des Princes devant 47 000 spectateurs."),
    Article("Rain expected", "Heavy rain is forecast across the north of England this weekend."),
    Article("OpenAI ships a new model", "The model writes code and answers questions faster than before."),
    Article("Mon club", "J'ai investi 10 millions d'euros dans le club de football de ma ville, ai-je dit."),
])
def test_other_news_is_not(article: Article) -> None:
    assert not is_relevant(article)


def test_language_guess() -> None:
    assert detect_language("Microsoft et Nvidia investissent dans la start-up") == "fr"
    assert detect_language("Microsoft and Nvidia invest in the startup") == "en"


def test_read_article_answers_both_questions_as_the_two_functions_do() -> None:
    """The pipeline's one call gives what is_relevant and extract give apart, on the seeds and an off-topic page."""
    seeds = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))
    articles = [read_article_file(path) for path in seeds]
    articles.append(Article("Le PSG s'impose 3-0", "Le club parisien a battu Marseille au Parc des Princes."))
    for article in articles:
        relevant = is_relevant(article)
        assert read_article(article) == (relevant, tuple(extract(article)) if relevant else ())
