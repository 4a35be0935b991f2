"""One language detector or two? py3langid (cleaning used it) against the extractor's stop words, side by side.

    python bench/language.py

Accuracy on the seeds, the project's English and French cases, and the fixture pages (German, French and
English pages, cleaned as a fetched page is); then the cost of each: time per text and the memory of loading.
The stop-word detector can only say "en" or "fr", so it is also scored with a floor on the share of stop words
below which it answers "neither" (a page in a language dealwatch does not read).
"""

from __future__ import annotations

import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from extractors.languages import LANGUAGE_FLOOR, VOCABULARIES, detect_language, identify_language
from flows.sources.files import read_article_file
from flows.sources.pages import NotAnArticle, clean_html

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT.parent / "shared" / "fixtures" / "html"
CASES = ROOT / "tests" / "extractors" / "cases"
READ_LANGUAGES = {"en", "fr"}
FIXTURE_LANGUAGE = {"fundus__de": "de", "fundus__fr": "fr", "fundus__uk": "en", "fundus__us": "en", "newspaper": "en",
                    "automobilwoche.de": "de", "faz.net": "de", "teslamag.de": "de", "winfuture.de": "de",
                    "lopinion.fr": "fr", "archive.org-travaillent": "fr"}


def labelled_texts() -> dict[str, list[tuple[str, str]]]:
    """(text, language) per corpus."""
    corpora: dict[str, list[tuple[str, str]]] = {"seeds": [], "cases": [], "pages": []}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        article = read_article_file(path)
        corpora["seeds"].append((f"{article.title}\n{article.text}", "fr"))
    for name in ("en", "fr", "negative", "heldout"):
        for case in tomllib.loads((CASES / f"{name}.toml").read_text(encoding="utf-8"))["case"]:
            corpora["cases"].append((f"{case.get('title', '')}\n{case['text']}", case["language"]))
    for path in sorted(FIXTURES.glob("*.html")):
        label = next((lang for key, lang in FIXTURE_LANGUAGE.items() if key in path.name), "en")
        try:
            article = clean_html(path.read_bytes(), path.as_uri())
        except NotAnArticle:
            continue
        corpora["pages"].append((f"{article.title}\n{article.text}", label))
    return corpora


def py3langid_detector() -> Callable[[str], str | None] | None:
    """py3langid, the detector cleaning used before; no longer a dependency (pip install py3langid to compare)."""
    try:
        import py3langid
    except ImportError:
        return None
    return lambda text: py3langid.classify(text[:3000])[0]


def stop_word_share(text: str) -> float:
    words = text[:600].lower().split()
    if not words:
        return 0.0
    best = max(sum(word in vocabulary.stop_words for word in words) for vocabulary in VOCABULARIES.values())
    return best / len(words)


def stop_words_with_floor(floor: float) -> Callable[[str], str | None]:
    return lambda text: detect_language(text) if stop_word_share(text) >= floor else None


def accuracy(detector: Callable[[str], str | None], texts: list[tuple[str, str]]) -> tuple[int, int]:
    """Right answers, where "right" for a language dealwatch does not read is anything but en/fr."""
    right = 0
    for text, label in texts:
        guess = detector(text)
        right += guess == label if label in READ_LANGUAGES else guess not in READ_LANGUAGES
    return right, len(texts)


def fraction(right: int, total: int) -> str:
    return f"{right}/{total}"


def seconds_per_text(detector: Callable[[str], str | None], texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        detector(text)
    return (time.perf_counter() - started) / len(texts)


def main() -> None:
    corpora = labelled_texts()
    langid = py3langid_detector()
    detectors = {"py3langid": langid} if langid else {}
    detectors |= {"stop words": detect_language, f"identify_language ({LANGUAGE_FLOOR:.2f})": identify_language}
    detectors |= {f"stop words, floor {floor:.2f}": stop_words_with_floor(floor) for floor in (0.15, 0.20)}
    print(f"{'detector':<26}" + "".join(f"{name:>14}" for name in corpora) + f"{'us per text':>14}")
    every_text = [text for texts in corpora.values() for text, _ in texts]
    for name, detector in detectors.items():
        cells = "".join(f"{fraction(*accuracy(detector, texts)):>14}" for texts in corpora.values())
        print(f"{name:<26}{cells}{seconds_per_text(detector, every_text) * 1e6:>14.0f}")
    print(model_load_cost() if langid else "py3langid is not installed: pip install py3langid to compare with it")


def model_load_cost() -> str:
    """py3langid's first classify in a fresh process: what each process (or thread racing it) pays.

    Resident memory from /proc: ru_maxrss would carry over this process's peak into the child.
    """
    probe = (
        "import time\n"
        "def resident_kib(): return int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0])\n"
        "before = resident_kib()\n"
        "started = time.process_time()\n"
        "import py3langid\n"
        "py3langid.classify('a first text to classify')\n"
        "grown = resident_kib() - before\n"
        "print(f'{time.process_time() - started:.2f} s CPU, {grown / 1024:.0f} MiB more resident memory')\n"
    )
    measured = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return f"py3langid import + model load, fresh process: {measured.stdout.strip()}; stop words: nothing to load"


if __name__ == "__main__":
    main()
