"""Configuration: params.yaml and CLI flags, read once into a frozen object and passed down."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Config:
    page_parser: str = "plumber"
    max_file_mb: float = 200.0
    max_pages: int = 2000
    min_confidence: float = 0.0
    document_timeout_s: int = 600
    document_memory_mb: int = 2048
    workers: int = 0
    strict: bool = False
    cache: bool = True
    engine: str = "local"  # pipeline.engines: local (worker processes here) or dask
    scheduler: str | None = None  # dask: tcp://HOST:8786 of a running cluster; none starts one here
    partition: str | None = None  # None: one file per table; council or year: Hive datasets
    cache_dir: str | None = None  # set by the runner: <out>/.cache
    cache_key: str | None = None  # set by the runner: code and parameters
    # test hook, not a parameter: ((fault, file name), ...) with fault hang | crash | alloc
    test_faults: tuple[tuple[str, str], ...] = ()

    @property
    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)

    def with_overrides(self, **overrides: object) -> "Config":
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def load_config(params_path: Path | None = None) -> Config:
    """Read params.yaml (if present) into a Config; unknown keys are an error, not ignored."""
    path = params_path or Path("params.yaml")
    if not path.exists():
        return Config()
    params = yaml.safe_load(path.read_text()) or {}
    flat: dict[str, object] = {}
    for group in ("parse", "extract", "run"):
        flat.update(params.get(group) or {})
    known = set(Config.__dataclass_fields__) - {"cache_dir", "cache_key", "strict", "test_faults"}
    unknown = set(flat) - known
    if unknown:
        raise ValueError(f"{path}: unknown parameter(s) {sorted(unknown)}; known: {sorted(known)}")
    return Config(**flat)  # type: ignore[arg-type]
