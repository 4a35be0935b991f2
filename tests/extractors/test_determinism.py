"""The same article gives the same facts in every process, whatever the order Python gives its sets."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Two new names in the title, neither named by a sentence with a figure: the topic is a tie between them.
TIED_TITLE = (
    "from extractors import extract\n"
    "from extractors.facts import Article\n"
    "article = Article('Vélocité : Ombrelle boucle sa série C', 'Nous avons levé 600 millions de dollars.', "
    "language='fr')\n"
    "print([fact.subject for fact in extract(article)])\n"
)


def subjects_with_hash_seed(seed: int) -> list[str]:
    environment = {**os.environ, "PYTHONHASHSEED": str(seed)}
    result = subprocess.run([sys.executable, "-c", TIED_TITLE], capture_output=True, text=True, check=True,
                            env=environment)
    return list(json.loads(result.stdout.replace("'", '"')))


def test_a_tie_between_title_names_does_not_depend_on_set_order() -> None:
    subjects = {tuple(subjects_with_hash_seed(seed)) for seed in range(6)}
    assert len(subjects) == 1, subjects
    assert subjects.pop() == ("Vélocité",)
