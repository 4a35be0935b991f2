"""Batches a run could not load (database held by someone else), kept as files for the next run."""

from __future__ import annotations

import dataclasses
import enum
import importlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Generic, TypeVar

# Only our own packages may be named in a pending file: decoding never imports anything else.
TRUSTED_PACKAGES = ("flows.", "warehouse.", "extractors.")
TAG = "__pending__"
# Batches kept by an earlier version name the record types where they lived then.
MOVED_MODULES = {"warehouse.load": "warehouse.records"}
R = TypeVar("R")


class PendingFileError(Exception):
    """A pending batch file that cannot be read back (corrupt, or kept by a version with other fields)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"pending batch {path} cannot be read: {reason}")


@dataclass(frozen=True)
class Quarantined:
    """A kept batch that could not be read back, moved aside with why, for a person to look at."""

    path: Path
    reason: str

    def describe(self) -> str:
        return f"kept batch {self.path.name} cannot be loaded ({self.reason}); moved to {self.path}"


@dataclass(frozen=True)
class PendingBatch:
    """One saved batch: the run that fetched it and the batch itself."""

    path: Path
    run_id: str
    batch: Any


def pending_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".pending")


def write_pending(db_path: Path, run_id: str, batch: Any) -> Path:
    """Save `batch` as `<db>.pending/<run_id>.json`, atomically: a reader sees all of it or nothing."""
    folder = pending_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{run_id}.json"
    temporary = folder / f".{run_id}.json.tmp"
    document = {"run_id": run_id, "batch": encode(batch)}
    try:
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError:
        temporary.unlink(missing_ok=True)  # half a file on a full disk would take the space the next run needs
        raise
    return target


def quarantine_dir(db_path: Path) -> Path:
    return pending_dir(db_path) / "quarantine"


def read_pending(db_path: Path, kind: type | None = None,
                 skip: Path | None = None) -> Iterator[PendingBatch | Quarantined]:
    """The saved batches but `skip`, oldest first (temporary files of an interrupted write are ignored).

    A file that cannot be read back, or holds something other than a `kind`, is moved to the quarantine
    folder and yielded as Quarantined: one bad file must not stop every later run.
    """
    folder = pending_dir(db_path)
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json"), key=lambda p: (p.stat().st_mtime, p.name)):
        if path == skip:
            continue
        try:
            yield read_pending_file(path, kind)
        except PendingFileError as error:
            yield quarantine(db_path, path, error.reason)


def read_pending_file(path: Path, kind: type | None = None) -> PendingBatch:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        pending = PendingBatch(path=path, run_id=document["run_id"], batch=decode(document["batch"]))
    # Whatever a damaged file or another version's records make decoding raise (ImportError: a module renamed).
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ImportError, RecursionError) as exc:
        raise PendingFileError(path, f"{type(exc).__name__}: {exc}") from exc
    if kind is not None and not isinstance(pending.batch, kind):
        raise PendingFileError(path, f"it holds a {type(pending.batch).__name__}, not a {kind.__name__}")
    return pending


def quarantine(db_path: Path, path: Path, reason: str) -> Quarantined:
    """Move a bad kept batch to `<db>.pending/quarantine/`, with its reason in `<name>.reason.txt` beside it."""
    folder = quarantine_dir(db_path)
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    for number in range(1, 1000):
        if not target.exists():
            break
        target = folder / f"{path.stem}.{number}{path.suffix}"
    os.replace(path, target)
    reason_path(target).write_text(reason + "\n", encoding="utf-8")
    return Quarantined(path=target, reason=reason)


def reason_path(quarantined: Path) -> Path:
    return quarantined.with_name(quarantined.stem + ".reason.txt")


def list_quarantined(db_path: Path) -> list[Quarantined]:
    """What `dealwatch sources` shows: the kept batches set aside, with why."""
    folder = quarantine_dir(db_path)
    if not folder.is_dir():
        return []
    return [Quarantined(path, read_reason(path)) for path in sorted(folder.glob("*.json"))]


def read_reason(quarantined: Path) -> str:
    try:
        return reason_path(quarantined).read_text(encoding="utf-8").strip()
    except OSError:
        return "reason not recorded"


@dataclass(frozen=True)
class PendingLoad(Generic[R]):
    """What loading the kept batches did: (run id, what `load` returned) per batch, and the files set aside."""

    loaded: tuple[tuple[str, R], ...] = ()
    quarantined: tuple[Quarantined, ...] = ()


def load_pending(db_path: Path, load: Callable[[Any], R], kind: type | None = None,
                 skip: Path | None = None) -> PendingLoad[R]:
    """Load each saved batch but `skip` with `load` (idempotent), deleting its file only once it is loaded;
    oldest first."""
    loaded, quarantined = [], []
    for pending in read_pending(db_path, kind, skip):
        if isinstance(pending, Quarantined):
            quarantined.append(pending)
            continue
        result = load(pending.batch)
        pending.path.unlink()
        loaded.append((pending.run_id, result))
    return PendingLoad(tuple(loaded), tuple(quarantined))


def count_pending(db_path: Path) -> int:
    folder = pending_dir(db_path)
    return len(list(folder.glob("*.json"))) if folder.is_dir() else 0


def encode(value: Any) -> Any:
    """A JSON-ready form of frozen dataclasses, enums, Decimal, dates and paths (types kept, tagged)."""
    # Enums first: a StrEnum is also a str and would come back as a plain string.
    if isinstance(value, enum.Enum):
        return {TAG: "enum", "type": _type_name(value), "value": encode(value.value)}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init}
        return {TAG: "dataclass", "type": _type_name(value), "fields": fields}
    return _encode_plain(value)


def _encode_plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {TAG: "decimal", "value": str(value)}
    if isinstance(value, datetime):
        return {TAG: "datetime", "value": value.isoformat()}
    if isinstance(value, date):
        return {TAG: "date", "value": value.isoformat()}
    if isinstance(value, Path):
        return {TAG: "path", "value": str(value)}
    return _encode_container(value)


def _encode_container(value: Any) -> Any:
    if isinstance(value, tuple):
        return {TAG: "tuple", "items": [encode(item) for item in value]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, frozenset | set):
        return {TAG: "frozenset", "items": [encode(item) for item in sorted(value, key=repr)]}
    if isinstance(value, dict):
        return {TAG: "dict", "items": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, bytes):
        return {TAG: "bytes", "value": value.hex()}
    raise TypeError(f"cannot keep a {type(value).__qualname__} in a pending batch")


def decode(value: Any) -> Any:
    """The inverse of `encode`."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    return DECODERS[value[TAG]](value)


def _decode_dataclass(value: dict[str, Any]) -> Any:
    fields = {name: decode(item) for name, item in value["fields"].items()}
    return _trusted_type(value["type"])(**fields)


DECODERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "dataclass": _decode_dataclass,
    "enum": lambda v: _trusted_type(v["type"])(decode(v["value"])),
    "decimal": lambda v: Decimal(v["value"]),
    "datetime": lambda v: datetime.fromisoformat(v["value"]),
    "date": lambda v: date.fromisoformat(v["value"]),
    "path": lambda v: Path(v["value"]),
    "tuple": lambda v: tuple(decode(item) for item in v["items"]),
    "frozenset": lambda v: frozenset(decode(item) for item in v["items"]),
    "dict": lambda v: {decode(k): decode(item) for k, item in v["items"]},
    "bytes": lambda v: bytes.fromhex(v["value"]),
}


def _type_name(value: Any) -> str:
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


def _trusted_type(name: str) -> Any:
    if not name.startswith(TRUSTED_PACKAGES):
        raise ValueError(f"type {name!r} is not one of dealwatch's own")
    module_name, _, qualname = name.rpartition(".")
    module_name = MOVED_MODULES.get(module_name, module_name)
    return getattr(importlib.import_module(module_name), qualname)
