"""The TOML config (`dealwatch.toml`): sources, fetch limits, database and alerts, checked before any run."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any, NoReturn

from warehouse.records import AlertSettings

DEFAULT_CONFIG_NAME = "dealwatch.toml"
DEFAULT_DB_NAME = "dealwatch.duckdb"
# The install is editable (`pip install -e`): the repository root is the parent of the `flows` package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_ROOT / "seeds"
SOURCE_TYPES = ("rss", "folder")
HOST_PORT = re.compile(r"^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$")


def _project_version() -> str:
    try:
        return metadata.version("dealwatch")
    except metadata.PackageNotFoundError:
        return "0"


USER_AGENT = f"dealwatch/{_project_version()} (+https://github.com/dealwatch/dealwatch)"


@dataclass(frozen=True)
class FetchPolicy:
    """How far a fetch may go: destinations, time, size, redirects, politeness."""

    allow_hosts: frozenset[str] = frozenset()
    deadline_seconds: float = 20.0
    connect_timeout_seconds: float = 5.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    max_per_host: int = 2
    retry_after_cap_seconds: float = 60.0


class ConfigError(Exception):
    """A config that cannot be used; the message names the file, the key and what was expected."""


@dataclass(frozen=True)
class Source:
    """One configured source: an RSS/Atom feed (`url`) or a folder of article files (`path`)."""

    name: str
    type: str
    url: str | None = None
    path: Path | None = None
    outlet: str | None = None  # overrides the outlet each article would get (its site name, host or file)

    @property
    def location(self) -> str:
        return self.url if self.url is not None else str(self.path)


@dataclass(frozen=True)
class Config:
    """Everything a run needs to know; `config_file` is None for the built-in default."""

    sources: tuple[Source, ...]
    fetch: FetchPolicy
    db_path: Path
    alerts: AlertSettings
    config_file: Path | None = None

    def sources_of_type(self, source_type: str) -> tuple[Source, ...]:
        return tuple(source for source in self.sources if source.type == source_type)


def load_config(path: Path | None = None) -> Config:
    """The config at `path`; else `./dealwatch.toml` if present; else the seeds folder as the only source."""
    if path is None:
        local = Path.cwd() / DEFAULT_CONFIG_NAME
        return load_config(local) if local.is_file() else default_config()
    if not path.is_file():
        raise ConfigError(f"{path}: no such config file")
    return parse_config(read_toml(path), path.resolve())


def default_config() -> Config:
    """One folder source "seeds" on the project's seeds/ directory; the database in the working directory."""
    if not SEEDS_DIR.is_dir():
        raise ConfigError(f"no config given and no seeds directory at {SEEDS_DIR}: pass --config PATH")
    return Config(
        sources=(Source(name="seeds", type="folder", path=SEEDS_DIR),),
        fetch=FetchPolicy(),
        db_path=Path.cwd() / DEFAULT_DB_NAME,
        alerts=AlertSettings(),
    )


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror}") from error


TOP_LEVEL_KEYS = ("fetch", "sources", "database", "alerts")


def parse_config(document: dict[str, Any], path: Path) -> Config:
    """Check every key of the document and build the Config; the first mistake raises ConfigError."""
    checker = Checker(path)
    checker.keys(document, TOP_LEVEL_KEYS, where="")
    base_dir = path.parent
    return Config(
        sources=parse_sources(checker, document.get("sources"), base_dir),
        fetch=parse_fetch(checker, checker.table(document, "fetch")),
        db_path=parse_database(checker, checker.table(document, "database"), base_dir),
        alerts=parse_alerts(checker, checker.table(document, "alerts")),
        config_file=path,
    )


def parse_sources(checker: Checker, raw: Any, base_dir: Path) -> tuple[Source, ...]:
    if raw is None:
        checker.fail("sources", "at least one [[sources]] table (name, type, url or path)")
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        checker.fail("sources", "a list of [[sources]] tables", raw)
    if not raw:
        checker.fail("sources", "at least one [[sources]] table")
    sources: list[Source] = []
    for index, item in enumerate(raw):
        source = parse_source(checker, item, f"sources[{index}]", base_dir)
        checker.unique_name(source.name, [s.name for s in sources], f"sources[{index}].name")
        sources.append(source)
    return tuple(sources)


SOURCE_KEYS = ("name", "type", "url", "path", "outlet")


def parse_source(checker: Checker, item: dict[str, Any], where: str, base_dir: Path) -> Source:
    checker.keys(item, SOURCE_KEYS, where)
    name = checker.text(item, "name", where)
    outlet = checker.text(item, "outlet", where) if "outlet" in item else None
    source_type = item.get("type")
    if source_type not in SOURCE_TYPES:
        checker.fail(f"{where}.type", f"one of {', '.join(SOURCE_TYPES)}", source_type)
    if source_type == "rss":
        checker.absent(item, "path", where, "an rss source takes `url`, not `path`")
        return Source(name=name, type="rss", url=checker.http_url(item, "url", where), outlet=outlet)
    checker.absent(item, "url", where, "a folder source takes `path`, not `url`")
    return Source(
        name=name, type="folder", path=checker.directory(item, "path", where, base_dir), outlet=outlet
    )


FETCH_KEYS = ("allow_hosts", "deadline_seconds", "max_bytes", "max_redirects", "max_per_host")


def parse_fetch(checker: Checker, raw: dict[str, Any]) -> FetchPolicy:
    checker.keys(raw, FETCH_KEYS, "fetch")
    hosts = checker.string_list(
        raw, "allow_hosts", "fetch", HOST_PORT.match, 'host:port, e.g. "127.0.0.1:8765"'
    )
    limits: dict[str, Any] = {"allow_hosts": frozenset(host.lower() for host in hosts)}
    if "deadline_seconds" in raw:
        limits["deadline_seconds"] = float(checker.number(raw, "deadline_seconds", "fetch", minimum=0.001))
    for key, minimum in (("max_bytes", 1), ("max_redirects", 0), ("max_per_host", 1)):
        if key in raw:
            limits[key] = checker.integer(raw, key, "fetch", minimum=minimum)
    return FetchPolicy(**limits)


def parse_database(checker: Checker, raw: dict[str, Any], base_dir: Path) -> Path:
    """`[database] path`, relative to the config file; else dealwatch.duckdb in the working directory."""
    checker.keys(raw, ("path",), "database")
    if "path" not in raw:
        return Path.cwd() / DEFAULT_DB_NAME
    return base_dir / checker.text(raw, "path", "database")


ALERTS_KEYS = ("window_days", "tolerance_percent", "channels")


def parse_alerts(checker: Checker, raw: dict[str, Any]) -> AlertSettings:
    checker.keys(raw, ALERTS_KEYS, "alerts")
    defaults = AlertSettings()
    window = (
        checker.integer(raw, "window_days", "alerts", minimum=1)
        if "window_days" in raw
        else defaults.window_days
    )
    tolerance = defaults.tolerance_percent
    if "tolerance_percent" in raw:
        tolerance = Decimal(str(checker.number(raw, "tolerance_percent", "alerts", minimum=0)))
    channels = checker.string_list(
        raw,
        "channels",
        "alerts",
        lambda url: "://" in url,
        'an Apprise URL such as "mailto://user:password@example.com"',
    )
    return AlertSettings(window_days=window, tolerance_percent=tolerance, channels=tuple(channels))


@dataclass(frozen=True)
class Checker:
    """Checks the values of one config file; ConfigError names the file, the key and the expectation."""

    path: Path

    def fail(self, key: str, expected: str, got: Any = None, *, hint: str = "") -> NoReturn:
        found = "" if got is None else f", got {describe(got)}"
        raise ConfigError(f"{self.path}: {key}: expected {expected}{found}{hint}")

    def keys(self, table: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
        """Unknown keys are mistakes (a typo would silently fall back to a default); suggest the close one."""
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                self.fail(join_key(where, key), f"one of the keys {', '.join(allowed)}", key, hint=hint)

    def table(self, document: Mapping[str, Any], key: str) -> dict[str, Any]:
        raw = document.get(key, {})
        return raw if isinstance(raw, dict) else self.fail(key, f"a [{key}] table", raw)

    def absent(self, table: Mapping[str, Any], key: str, where: str, reason: str) -> None:
        if key in table:
            self.fail(join_key(where, key), f"no `{key}` here: {reason}", table[key])

    def text(self, table: Mapping[str, Any], key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(join_key(where, key), "a non-empty string", value)
        return value.strip()

    def http_url(self, table: Mapping[str, Any], key: str, where: str) -> str:
        url = self.text(table, key, where)
        if not re.match(r"^https?://[^/\s]+", url, re.IGNORECASE):
            self.fail(join_key(where, key), "an http:// or https:// URL", url)
        return url

    def directory(self, table: Mapping[str, Any], key: str, where: str, base_dir: Path) -> Path:
        """A folder, relative to the config file's directory unless absolute.

        A folder that does not exist yet is accepted: an unmounted share fails its own source at run time
        (flows/sources/folders.py) while the other sources go on. A file where a folder should be is a mistake.
        """
        folder = (base_dir / Path(self.text(table, key, where)).expanduser()).resolve()
        if folder.exists() and not folder.is_dir():
            self.fail(
                join_key(where, key),
                "a directory (relative paths start at the config file's directory), not a file",
                str(folder),
            )
        return folder

    def number(self, table: Mapping[str, Any], key: str, where: str, *, minimum: float) -> int | float:
        value = table[key]
        # TOML booleans are Python ints: `max_bytes = true` must not read as 1.
        if isinstance(value, bool) or not isinstance(value, int | float) or value < minimum:
            self.fail(join_key(where, key), f"a number >= {minimum:g}", value)
        return value

    def integer(self, table: Mapping[str, Any], key: str, where: str, *, minimum: int) -> int:
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(join_key(where, key), f"a whole number >= {minimum}", value)
        return value

    def string_list(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        is_valid: Callable[[str], Any],
        shape: str,
    ) -> list[str]:
        """A list of strings, each accepted by `is_valid`; absent means empty."""
        values = table.get(key, [])
        if not isinstance(values, list):
            self.fail(join_key(where, key), f"a list of strings ({shape})", values)
        for index, value in enumerate(values):
            if not isinstance(value, str) or not is_valid(value):
                self.fail(f"{join_key(where, key)}[{index}]", shape, value)
        return values

    def unique_name(self, name: str, earlier: list[str], key: str) -> None:
        if name in earlier:
            self.fail(key, f"a name no other source has (sources[{earlier.index(name)}] is already {name!r})")


def join_key(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def describe(value: Any) -> str:
    """A config value as the user wrote it, with its TOML type when that is the problem."""
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)
