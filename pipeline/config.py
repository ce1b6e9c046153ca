"""Configuration: params.yaml and CLI flags, checked once into a frozen object and passed down.

Every parameter is declared here with its params.yaml group, its type and the values it may
take; a Config that breaks a rule cannot be built, whether it comes from params.yaml, a flag
or Python, and the error names the key (`parse.max_pages`) so the user knows what to fix.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable

import yaml

OCR_MODES = ("auto", "off")
PARTITIONS = ("council", "year")  # pipeline.partition


class ConfigError(ValueError):
    """A parameter file or flag that cannot be used; the message names the key."""


@dataclass(frozen=True)
class Rule:
    group: str
    expected: str
    accepts: Callable[[object], bool]


def _whole(low: int) -> Callable[[object], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= low


def _number(low: float, high: float | None = None, above: bool = False) -> Callable[[object], bool]:
    def accepts(v: object) -> bool:
        if not isinstance(v, (int, float)) or isinstance(v, bool) or v != v:
            return False
        return (v > low if above else v >= low) and (high is None or v <= high)
    return accepts


def _page_parsers() -> tuple[str, ...]:
    from extractors.pdf_reader import PAGE_PARSERS
    return tuple(sorted(PAGE_PARSERS))


RULES: dict[str, Rule] = {
    "page_parser": Rule("parse", "a registered page parser", lambda v: v in _page_parsers()),
    "max_file_mb": Rule("parse", "a number above 0", _number(0, above=True)),
    "max_pages": Rule("parse", "a whole number above 0", _whole(1)),
    "ocr": Rule("parse", f"one of {', '.join(OCR_MODES)}", lambda v: v in OCR_MODES),
    "min_confidence": Rule("extract", "a number from 0 to 1", _number(0, 1)),
    "document_timeout_s": Rule("run", "a number of seconds above 0", _number(0, above=True)),
    "document_memory_mb": Rule("run", "a whole number of MB, at least 256", _whole(256)),
    "workers": Rule("run", "a whole number, 0 for all cores", _whole(0)),
    "cache": Rule("run", "true or false", lambda v: isinstance(v, bool)),
    # the name is checked against the registry by pipeline.engines.engine_for, which lists them
    "engine": Rule("run", "an engine name", lambda v: isinstance(v, str) and bool(v)),
    "scheduler": Rule("run", "a scheduler address such as tcp://HOST:8786, or null",
                      lambda v: v is None or (isinstance(v, str) and "://" in v)),
    "partition": Rule("run", f"one of {', '.join(PARTITIONS)}, or null for one file per table",
                      lambda v: v is None or v in PARTITIONS),
}


@dataclass(frozen=True)
class Config:
    page_parser: str = "pdfium"
    max_file_mb: float = 200.0
    max_pages: int = 2000
    ocr: str = "auto"
    min_confidence: float = 0.0
    document_timeout_s: float = 600
    document_memory_mb: int = 2048
    workers: int = 0
    cache: bool = True
    strict: bool = False
    engine: str = "local"  # pipeline.engines: local (worker processes here) or dask
    scheduler: str | None = None  # dask: tcp://HOST:8786 of a running cluster; none starts one here
    partition: str | None = None  # None: one file per table; council or year: Hive-partitioned datasets
    cache_dir: str | None = None  # set by the runner: <out>/.cache
    cache_key: str | None = None  # set by the runner: code, libraries and parameters
    run_date: date | None = None  # the date the output folder's history records this run at (default: today)
    # test hook, not a parameter: ((fault, file name), ...) with fault hang | crash | alloc
    test_faults: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        for name, rule in RULES.items():
            value = getattr(self, name)
            if not rule.accepts(value):
                choices = f" ({', '.join(_page_parsers())})" if name == "page_parser" else ""
                raise ConfigError(f"{rule.group}.{name}: expected {rule.expected}{choices}, got {value!r}")

    @property
    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)

    def with_overrides(self, **overrides: object) -> "Config":
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _read_yaml(path: Path) -> dict:
    try:
        params = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from exc
    if params is None:
        return {}
    if not isinstance(params, dict):
        raise ConfigError(f"{path}: expected groups parse, extract, run; got a {type(params).__name__}")
    return params


def _flatten(path: Path, params: dict) -> dict[str, object]:
    """{group: {key: value}} → {key: value}, every key in its own group and known."""
    groups = sorted({rule.group for rule in RULES.values()})
    flat: dict[str, object] = {}
    for group, values in params.items():
        if group not in groups:
            raise ConfigError(f"{path}: unknown group {group!r}; groups are {', '.join(groups)}")
        if values is None:
            continue
        if not isinstance(values, dict):
            raise ConfigError(f"{path}: {group}: expected key: value lines, got {values!r}")
        for key, value in values.items():
            rule = RULES.get(key)
            if rule is None or rule.group != group:
                known = sorted(k for k, r in RULES.items() if r.group == group)
                raise ConfigError(f"{path}: unknown parameter {group}.{key}; {group} takes {', '.join(known)}")
            flat[key] = value
    return flat


def load_config(params_path: Path | None = None) -> Config:
    """params.yaml into a Config. Without a path, ./params.yaml is read if it exists; a path
    given explicitly must exist."""
    path = params_path or Path("params.yaml")
    if not path.exists():
        if params_path is not None:
            raise ConfigError(f"{path}: parameters file not found")
        return Config()
    flat = _flatten(path, _read_yaml(path))
    if isinstance(flat.get("max_file_mb"), int) and not isinstance(flat["max_file_mb"], bool):
        flat["max_file_mb"] = float(flat["max_file_mb"])
    if isinstance(flat.get("ocr"), bool):  # YAML reads a bare off / on as false / true
        flat["ocr"] = "auto" if flat["ocr"] else "off"
    try:
        return Config(**flat)  # type: ignore[arg-type]
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
