"""Every word of a language lives in extractors/languages/: no algorithm file writes one in a string literal."""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import fields
from pathlib import Path

import pytest

from extractors.languages import VOCABULARIES
from extractors.languages.vocabulary import Vocabulary

EXTRACTORS = Path(__file__).resolve().parents[2] / "extractors"
LANGUAGES = EXTRACTORS / "languages"
MIN_LETTERS = 3
# What may stay in an algorithm file, and why: (file, literal) pairs, or (file, "*") for a whole file.
ALLOWED = {
    # Company names, products and cloud brands are names in every language ("Le Chat", "Windows", "Foundry").
    ("companies.py", "*"): "the gazetteer: names of companies and products, not words of a language",
    # The kinds are the FACTS.md contract's identifiers, stored in the warehouse and the gold files.
    ("facts.py", "investment"): "a kind of the fact contract (FACTS.md), not a word read in a text",
    ("facts.py", "valuation"): "a kind of the fact contract (FACTS.md), not a word read in a text",
    ("facts.py", "stake"): "a kind of the fact contract (FACTS.md), not a word read in a text",
    ("facts.py", "approx"): "a qualifier of the fact contract (FACTS.md), not a word read in a text",
    ("facts.py", "announced"): "a status of the fact contract (FACTS.md), not a word read in a text",
    ("facts.py", "talks"): "a status of the fact contract (FACTS.md), not a word read in a text",
    ("facts.py", "earlier"): "the as_of of a recalled figure (FACTS.md), not a word read in a text",
    ("facts.py", "value"): "a field name of the fact contract (FACTS.md) in a fact's JSON",
    ("evaluation.py", "value"): "a field name of the fact contract (FACTS.md) in a gold row",
    # FACTS.md: parties match whatever their legal form; the scorer of ../shared/tools does the same.
    ("evaluation.py", r"[,.]?\s+(?:inc|corp|corporation|ltd|llc|plc|sa|sas|ag|gmbh|co)\.?$"):
        "the legal forms FACTS.md's matching ignores, in the scorer, not text the extractor reads",
    ("tokens.py", "Value"): "the name of a type variable",
    # U+02BC is a letter to Unicode (a modifier) but an apostrophe to the press: normalize() makes it one.
    ("text.py", "\u02bc"): "the modifier-letter apostrophe, a sign that normalization replaces",
}


def vocabulary_strings(vocabulary: Vocabulary) -> Iterator[str]:
    """Every word and phrase a vocabulary holds: its lists, the keys of its word mappings, its templates."""
    for field in fields(vocabulary):
        value = getattr(vocabulary, field.name)
        if isinstance(value, Mapping):
            for key, item in value.items():
                yield from (key,) if isinstance(item, int | object) and not isinstance(item, tuple) else item
        elif isinstance(value, tuple):
            yield from value


def language_phrases() -> frozenset[str]:
    """The words and phrases of every vocabulary with at least MIN_LETTERS letters, in lower case; a
    paraphrase template counts by its fixed parts ("the {} maker": "the", "maker")."""
    phrases = set()
    for vocabulary in VOCABULARIES.values():
        for text in vocabulary_strings(vocabulary):
            for part in text.split("{}"):
                part = part.strip().lower()
                if sum(char.isalpha() for char in part) >= MIN_LETTERS:
                    phrases.add(part)
    return frozenset(phrases)


PHRASES = language_phrases()
# Letters glued to a regex escape ("\bfrom", "\sde") belong to the escape, not to the word.
REGEX_ESCAPE = re.compile(r"\\[A-Za-z]")


def string_literals(source: str) -> Iterator[tuple[int, str]]:
    """(line, value) of every string constant of a module, f-string parts included, docstrings left out."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def language_words_in(literal: str) -> list[str]:
    """The non-ASCII letters and the vocabulary phrases a literal holds."""
    found = sorted({char for char in literal if ord(char) > 127 and unicodedata.category(char).startswith("L")})
    text = " " + REGEX_ESCAPE.sub(" ", literal).lower() + " "
    for phrase in PHRASES:
        start = text.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            if not is_word_character(text[start - 1]) and not is_word_character(text[end]):
                found.append(phrase)
                break
            start = text.find(phrase, start + 1)
    return found


def is_word_character(char: str) -> bool:
    """Part of a word or identifier: "compute_purchase" holds no word "compute"."""
    return char.isalnum() or char == "_"


def violations(path: Path) -> list[str]:
    name = path.relative_to(EXTRACTORS).as_posix()
    if (name, "*") in ALLOWED:
        return []
    return [f"{name}:{line}: {words} in {literal!r}"
            for line, literal in string_literals(path.read_text(encoding="utf-8"))
            if (words := language_words_in(literal)) and (name, literal) not in ALLOWED]


def algorithm_files() -> list[Path]:
    return sorted(path for path in EXTRACTORS.rglob("*.py") if LANGUAGES not in path.parents)


@pytest.mark.parametrize("path", algorithm_files(), ids=lambda path: path.name)
def test_no_language_word_outside_languages(path: Path) -> None:
    found = violations(path)
    assert not found, "words of a language belong in extractors/languages/:\n" + "\n".join(found)


@pytest.mark.parametrize("path", algorithm_files(), ids=lambda path: path.name)
def test_no_algorithm_names_a_language(path: Path) -> None:
    """Adding a language is adding its file to languages/: no rule asks for "fr" or "en" by its code."""
    codes = [literal for _, literal in string_literals(path.read_text(encoding="utf-8")) if literal in VOCABULARIES]
    assert not codes, f"{path.name} names the languages {codes}"


def test_the_checker_sees_a_planted_word(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text('"""Docstrings may quote "levée de fonds": they are documentation."""\n'
                       'import re\n'
                       'VERB = re.compile(r"\\b(?:raised|x)\\s+")\n'
                       'NAME = f"{VERB} valorisée"\n'
                       'SIGNS = "’ € « — %"\n', encoding="utf-8")
    literals = dict(string_literals(planted.read_text(encoding="utf-8")))  # one literal a line here
    assert language_words_in(literals[3]) == ["raised"]
    assert language_words_in(literals[4]) == ["é", "valorisée"]
    assert language_words_in(literals[5]) == []
    assert all("levée" not in literal for literal in literals.values())


def test_every_allowed_literal_is_still_there() -> None:
    for (name, literal), reason in ALLOWED.items():
        source = (EXTRACTORS / name).read_text(encoding="utf-8")
        literals = {value for _, value in string_literals(source)}
        assert reason and (literal == "*" or literal in literals), f"{name}: {literal!r} is gone, drop its entry"
