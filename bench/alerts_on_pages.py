"""How the alerts of `dealwatch run` compare with the real disagreements of a set of real news pages.

The pages and their gold facts come from a study kept outside the repository (the project keeps no text of
others): a folder of real EN/FR news pages saved as `.md` files (front matter `title`, `date` when known,
`canonical`), a `gold.jsonl` of their facts (`/work/shared/FACTS.md`, with `as_of`, `status` and `basis`), and a
`pages.jsonl` next to the pages (`file`, `url`, `outlet`, ...) that names each page's outlet.

    PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 \\
        .venv/bin/python bench/alerts_on_pages.py /work/study/dev /work/study/dev/gold.jsonl [--details]

It copies the pages into a temporary folder, one sub-folder per outlet, each a folder source with its `outlet`
set (a folder source reads `.md` with its front matter date, and would otherwise name the outlet by the canonical
URL's host); runs the real `dealwatch run` (the `dealwatch` next to this Python) into a temporary DuckDB file;
reads `dealwatch alerts --all --json`; and prints:

- the real disagreement keys: gold facts grouped by (kind, subject, counterparty, unit, as_of) over pages; a key
  is real when two of its non-`talks` figures, from pages of different outlets, differ by more than the diff's
  tolerance (`AlertSettings.tolerance_percent` of the larger figure, as `warehouse/sql/judge_facts.sql` does);
- the real keys the run raised a conflict on (a conflict alert with the key's kind, subject and counterparty);
- the conflicts on other keys (each key with its alert count), and the notices by reason;
- the run's wall time.

Pages lists that give each page's `deal` (the round it is news of) add two figures: the real keys whose
differing figures come from pages of one deal (the others set different rounds' own news side by side), and the
conflicts on real keys that compare a page only with pages of other deals.
A real key whose differing pages are all more than `window_days` apart (the diff never compares those) is
marked, and the raised count is also given over the real keys within the window.

Names are compared after the rule of `/work/shared/tools/score_facts.py` (`norm_name`). `--details` also lists
each alert on a key that is not real, with its figures and article files (no page text); `--keep DIR` keeps the
config, the page copies and the DuckDB file for `dealwatch sql` / `dealwatch alerts` (outside the repository).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from warehouse.records import AlertSettings

BIN = Path(sys.executable).parent
# The same rule as /work/shared/tools/score_facts.py's norm_name: lower case, company suffixes off, joint
# parties ("A+B") sorted.
SUFFIXES = re.compile(r"[,.]?\s+(inc|corp|corporation|ltd|llc|plc|sa|sas|ag|gmbh|co)\.?$")
TOLERANCE = float(AlertSettings().tolerance_percent) / 100


def norm_name(name: str | None) -> str | None:
    if name is None:
        return None
    parts = [SUFFIXES.sub("", part.strip().lower()).strip() for part in str(name).split("+")]
    return "+".join(sorted(parts))


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def page_deals(pages_list: Path | None) -> dict[str, str]:
    """Each page's deal label from the pages list (the round the page is news of; "-" for none)."""
    if pages_list is None or not pages_list.is_file():
        return {}
    return {row["file"]: row.get("deal") or "-" for row in read_jsonl(pages_list)}


def same_deal(deals: dict[str, str], a: str, b: str) -> bool:
    return deals.get(a, "-") != "-" and deals.get(a) == deals.get(b)


def page_outlets(pages_dir: Path, pages_list: Path | None) -> dict[str, str]:
    """Each page file's outlet: from the pages list when there is one, else its canonical URL's host."""
    outlets = {}
    if pages_list is not None and pages_list.is_file():
        outlets = {row["file"]: row["outlet"] for row in read_jsonl(pages_list)}
    for path in sorted(pages_dir.glob("*.md")):
        if path.name not in outlets:
            found = re.search(r"^canonical:\s*(\S+)", path.read_text(encoding="utf-8"), re.MULTILINE)
            host = urlsplit(found.group(1)).hostname if found else None
            outlets[path.name] = (host or path.name).removeprefix("www.")
    return outlets


def page_dates(pages_dir: Path) -> dict[str, dt.date | None]:
    """Each page's front matter date (None when the page gives none)."""
    dates = {}
    for path in sorted(pages_dir.glob("*.md")):
        found = re.search(r"^date:\s*(\d{4}-\d{2}-\d{2})", path.read_text(encoding="utf-8"), re.MULTILINE)
        dates[path.name] = dt.date.fromisoformat(found.group(1)) if found else None
    return dates


def within_window(a: dt.date | None, b: dt.date | None) -> bool:
    """As the diff compares: articles within window_days of each other, or either one undated."""
    return a is None or b is None or abs((a - b).days) <= AlertSettings().window_days


def differ(a: float, b: float) -> bool:
    return abs(a - b) > TOLERANCE * max(abs(a), abs(b))


def real_keys(
    gold: list[dict], outlets: dict[str, str], dates: dict | None = None, deals: dict | None = None
) -> dict[tuple, list[dict]]:
    """Gold keys (kind, subject, counterparty, unit, as_of) on which two outlets' firm figures differ.

    With `dates`, only pairs of pages the diff would compare (within window_days, or undated) count; with
    `deals`, only pairs of pages that are news of the same deal.
    """
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for fact in gold:
        if fact.get("kind") is None or fact.get("status") == "talks":
            continue
        key = (fact["kind"], norm_name(fact["subject"]), norm_name(fact.get("counterparty")), fact["unit"],
               fact.get("as_of"))
        groups[key].append(fact)
    real = {}
    for key, facts in groups.items():
        if any(
            outlets.get(a["article"]) != outlets.get(b["article"])
            and differ(float(a["value"]), float(b["value"]))
            and (dates is None or within_window(dates.get(a["article"]), dates.get(b["article"])))
            and (deals is None or same_deal(deals, a["article"], b["article"]))
            for i, a in enumerate(facts)
            for b in facts[i + 1:]
        ):
            real[key] = facts
    return real


def write_config(work: Path, pages_dir: Path, outlets: dict[str, str]) -> Path:
    """One folder source per outlet, its pages copied under it; the database beside the config."""
    by_outlet: dict[str, list[str]] = defaultdict(list)
    for path in sorted(pages_dir.glob("*.md")):
        by_outlet[outlets[path.name]].append(path.name)
    lines = ['[database]\npath = "alerts.duckdb"\n']
    for number, (outlet, files) in enumerate(sorted(by_outlet.items())):
        folder = work / "pages" / f"outlet{number:03d}"
        folder.mkdir(parents=True)
        for name in files:
            shutil.copy(pages_dir / name, folder / name)
        lines.append(
            f'[[sources]]\nname = "outlet{number:03d}"\ntype = "folder"\npath = "{folder}"\n'
            f"outlet = {json.dumps(outlet)}\n"
        )
    config = work / "dealwatch.toml"
    config.write_text("\n".join(lines), encoding="utf-8")
    return config


def run_dealwatch(config: Path) -> tuple[float, int, list[dict]]:
    """`dealwatch run` then `dealwatch alerts --all --json`: wall seconds, run exit code, alerts."""
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "DO_NOT_TRACK": "1"}
    dealwatch = str(BIN / "dealwatch")
    start = time.perf_counter()
    run = subprocess.run(
        [dealwatch, "run", "--config", str(config), "--quiet"], cwd=config.parent, env=env,
        capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - start
    if run.returncode not in (0, 1):
        sys.exit(f"dealwatch run failed ({run.returncode}):\n{run.stdout}\n{run.stderr}")
    listed = subprocess.run(
        [dealwatch, "alerts", "--config", str(config), "--all", "--json"], cwd=config.parent, env=env,
        capture_output=True, text=True, check=True,
    )
    return seconds, run.returncode, [json.loads(line) for line in listed.stdout.splitlines() if line.strip()]


def alert_key(alert: dict) -> tuple:
    return alert["kind"], norm_name(alert["subject"]), norm_name(alert["counterparty"])


def figure(value: float, unit: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", unit or ""):
        return f"{value:g} {unit}"
    return f"{value / 1e9:g} bn {unit}" if abs(value) >= 1e9 else f"{value / 1e6:g} M {unit}"


def show_key(key: tuple) -> str:
    kind, subject, counterparty, *rest = key
    text = f"{subject} <- {counterparty} {kind}" if counterparty else f"{subject} {kind}"
    return text + (f" [{rest[0]}, as_of {rest[1]}]" if rest else "")


def describe(alert: dict) -> str:
    earlier = "; ".join(
        f"{figure(float(e['value']), e['unit'])} as_of {e['as_of']} {e['status']} basis {e['basis']} "
        f"({', '.join(e['articles'] or [])})"
        for e in alert["earlier"]
    )
    return (
        f"    [{alert['reason']}] {figure(float(alert['value']), alert['unit'])} as_of {alert['as_of']} "
        f"{alert['status']} basis {alert['basis']} ({alert['article']}, {alert['outlet']}) vs {earlier}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages_dir", type=Path)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--pages-list", type=Path, help="file -> outlet list (default: PAGES_DIR/pages.jsonl)")
    parser.add_argument("--details", action="store_true", help="list the alerts on keys that are not real")
    parser.add_argument("--keep", type=Path, help="keep the config, page copies and DuckDB file in this new folder")
    args = parser.parse_args()
    outlets = page_outlets(args.pages_dir, args.pages_list or args.pages_dir / "pages.jsonl")
    gold = read_jsonl(args.gold)
    real = real_keys(gold, outlets)
    in_window = real_keys(gold, outlets, page_dates(args.pages_dir))
    deals = page_deals(args.pages_list or args.pages_dir / "pages.jsonl")
    one_deal = real_keys(gold, outlets, deals=deals) if deals else {}

    with tempfile.TemporaryDirectory(prefix="alertbench-") as work:
        folder = Path(work) if args.keep is None else args.keep
        folder.mkdir(parents=True, exist_ok=True)
        config = write_config(folder.resolve(), args.pages_dir, outlets)
        seconds, code, alerts = run_dealwatch(config)

    conflicts = [alert for alert in alerts if alert["severity"] == "conflict"]
    notices = [alert for alert in alerts if alert["severity"] != "conflict"]
    raised = Counter(alert_key(alert) for alert in conflicts)
    real_triples = {key[:3] for key in real}
    hit = [key for key in real if key[:3] in raised]
    # Stricter: a conflict on the key's own as_of (as the run read it).
    raised_as_of = {(*alert_key(alert), alert["as_of"]) for alert in conflicts}
    hit_as_of = [key for key in hit if (*key[:3], key[4]) in raised_as_of]
    other = {key: count for key, count in raised.items() if key not in real_triples}

    print(f"pages {len(outlets)} from {len(set(outlets.values()))} outlets; tolerance {TOLERANCE:.0%}")
    print(f"real disagreement keys: {len(real)}")
    for key in sorted(real, key=str):
        values = sorted({figure(float(f["value"]), f["unit"]) for f in real[key]})
        window = "" if key in in_window else "  (no differing pair within window_days)"
        window += "  (same deal)" if key in one_deal else ""
        print(f"  {'raised' if key in hit else 'MISSED'}  {show_key(key)}: {', '.join(values)}{window}")
    print(f"raised on real keys: {len(hit)} of {len(real)} "
          f"({sum(raised[key[:3]] for key in {k[:3] for k in hit})} conflict alerts); "
          f"{len(hit_as_of)} of {len(real)} with a conflict of the key's own as_of")
    hit_window = [key for key in in_window if key in hit]
    print(f"  of the {len(in_window)} real keys with a differing pair within window_days: {len(hit_window)} raised")
    if deals:
        cross = [
            alert for alert in conflicts
            if alert_key(alert) in real_triples
            and not any(
                same_deal(deals, alert["article"], name)
                for earlier in alert["earlier"]
                for name in earlier["articles"] or []
            )
        ]
        print(f"  of the {len(one_deal)} real keys with a differing pair on pages of one deal (pages list): "
              f"{sum(1 for key in one_deal if key in hit)} raised")
        print(f"  conflict alerts on real keys that compare only pages of other deals: {len(cross)}")
    print(f"conflicts on other keys: {len(other)} keys, {sum(other.values())} alerts")
    for key, count in sorted(other.items(), key=str):
        print(f"  {show_key(key)}: {count}")
        if args.details:
            for alert in conflicts:
                if alert_key(alert) == key:
                    print(describe(alert))
    reasons = Counter(alert["reason"] for alert in notices)
    print(f"notices: {len(notices)} ({', '.join(f'{r} {n}' for r, n in sorted(reasons.items())) or 'none'})")
    print(f"withdrawn: {sum(1 for alert in alerts if alert.get('withdrawn_at'))}")
    print(f"run time: {seconds:.1f} s (dealwatch run exit {code})")


if __name__ == "__main__":
    main()
