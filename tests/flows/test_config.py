"""The config file: each mistake is named with its file, key and what was expected; nothing is written."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from flows.config import SEEDS_DIR, ConfigError, load_config

GOOD = """
[fetch]
allow_hosts = ["127.0.0.1:8765"]
deadline_seconds = 5
max_bytes = 1000000

[database]
path = "data/watch.duckdb"

[alerts]
window_days = 14
tolerance_percent = 2.5
channels = ["json://localhost:9/hook"]

[[sources]]
name = "wire"
type = "rss"
url = "https://news.example/feed.xml"

[[sources]]
name = "clippings"
type = "folder"
path = "clippings"
outlet = "Les Echos"
"""


def write_config(folder: Path, text: str) -> Path:
    (folder / "clippings").mkdir(exist_ok=True)
    path = folder / "dealwatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_config_gives_sources_limits_database_and_alerts(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, GOOD))
    assert [(s.name, s.type, s.location) for s in config.sources] == [
        ("wire", "rss", "https://news.example/feed.xml"),
        ("clippings", "folder", str(tmp_path / "clippings")),
    ]
    assert [s.outlet for s in config.sources] == [None, "Les Echos"]
    assert config.fetch.allow_hosts == frozenset({"127.0.0.1:8765"})
    assert (config.fetch.deadline_seconds, config.fetch.max_bytes) == (5.0, 1_000_000)
    assert config.db_path == tmp_path / "data" / "watch.duckdb"
    assert (config.alerts.window_days, config.alerts.tolerance_percent) == (14, Decimal("2.5"))
    assert config.alerts.channels == ("json://localhost:9/hook",)


def test_without_a_config_the_seeds_folder_is_the_only_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(None)
    assert [(s.name, s.type, s.path) for s in config.sources] == [("seeds", "folder", SEEDS_DIR)]
    assert config.db_path == tmp_path / "dealwatch.duckdb" and config.config_file is None


def test_a_dealwatch_toml_in_the_working_directory_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(tmp_path, GOOD)
    monkeypatch.chdir(tmp_path)
    assert [s.name for s in load_config(None).sources] == ["wire", "clippings"]


MISTAKES = {
    "not TOML": ("[[sources]\nname = 'x'", r"dealwatch.toml: not valid TOML: .*line 1"),
    "unknown top-level key": (
        GOOD.replace("[fetch]", "[fetsh]"),
        r"fetsh: expected one of the keys .*did you mean `fetch`",
    ),
    "typo in a source key": (
        GOOD.replace('url = "https', 'ulr = "https'),
        r"sources\[0\]\.ulr: .*did you mean `url`",
    ),
    "unknown source type": (
        GOOD.replace('type = "rss"', 'type = "atom"'),
        r"sources\[0\]\.type: expected one of rss, folder, got \"atom\"",
    ),
    "rss without url": (
        GOOD.replace('url = "https://news.example/feed.xml"', ""),
        r"sources\[0\]\.url: expected a non-empty string",
    ),
    "url not http": (
        GOOD.replace("https://news.example/feed.xml", "file:///etc/passwd"),
        r"sources\[0\]\.url: expected an http:// or https:// URL, got \"file:///etc/passwd\"",
    ),
    "folder that is a file": (
        GOOD.replace('path = "clippings"', 'path = "dealwatch.toml"'),
        r"sources\[1\]\.path: expected a directory .*, not a file, got .*dealwatch\.toml",
    ),
    "folder given a url": (
        GOOD.replace('path = "clippings"', 'path = "clippings"\nurl = "https://x.example"'),
        r"sources\[1\]\.url: expected no `url` here",
    ),
    "duplicate names": (
        GOOD.replace('name = "clippings"', 'name = "wire"'),
        r"sources\[1\]\.name: expected a name no other source has \(sources\[0\] is already 'wire'\)",
    ),
    "no sources": (GOOD.split("[[sources]]")[0], r"sources: expected at least one \[\[sources\]\] table"),
    "host without port": (
        GOOD.replace('"127.0.0.1:8765"', '"127.0.0.1"'),
        r"fetch\.allow_hosts\[0\]: expected host:port",
    ),
    "negative deadline": (
        GOOD.replace("deadline_seconds = 5", "deadline_seconds = -1"),
        r"fetch\.deadline_seconds: expected a number >= 0.001, got -1",
    ),
    "boolean as a number": (
        GOOD.replace("max_bytes = 1000000", "max_bytes = true"),
        r"fetch\.max_bytes: expected a whole number >= 1, got true",
    ),
    "alerts window as text": (
        GOOD.replace("window_days = 14", 'window_days = "14"'),
        r"alerts\.window_days: expected a whole number >= 1, got \"14\"",
    ),
    "channel that is not a URL": (
        GOOD.replace('"json://localhost:9/hook"', '"somewhere"'),
        r"alerts\.channels\[0\]: expected an Apprise URL",
    ),
    "fetch as a value": (
        'fetch = 3\n[[sources]]\nname = "a"\ntype = "folder"\npath = "clippings"\n',
        r"fetch: expected a \[fetch\] table, got 3",
    ),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_mistake_names_the_file_the_key_and_what_was_expected(tmp_path: Path, mistake: str) -> None:
    text, message = MISTAKES[mistake]
    path = write_config(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as raised:
        load_config(path)
    assert str(raised.value).startswith(str(path.resolve())) or str(raised.value).startswith(str(path))


def test_a_missing_config_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"absent\.toml: no such config file"):
        load_config(tmp_path / "absent.toml")


def test_a_broken_config_stops_the_run_before_anything_is_written(tmp_path: Path) -> None:
    """Through the command: exit code 2, the message on stderr, no database file, no Prefect started."""
    write_config(tmp_path, GOOD.replace('type = "rss"', 'type = "atom"'))
    command = [
        sys.executable,
        "-c",
        "from flows.commands.run import run; import typer; typer.run(run)",
        "--config",
        "dealwatch.toml",
        "--db",
        "out.duckdb",
    ]
    done = subprocess.run(
        command,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home")},
    )
    assert done.returncode == 2, done.stderr
    assert 'sources[0].type: expected one of rss, folder, got "atom"' in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clippings", "dealwatch.toml"]


def test_the_shipped_example_config_is_valid() -> None:
    config = load_config(Path(__file__).resolve().parents[2] / "dealwatch.example.toml")
    assert {source.type for source in config.sources} == {"rss", "folder"}
    assert all(source.url.startswith("https://") for source in config.sources_of_type("rss"))
