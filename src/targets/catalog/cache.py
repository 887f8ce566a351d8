"""The cache of validated catalogs: later runs of check skip YAML parsing and pydantic."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path as FsPath
from typing import Any

from targets import __version__


def _code_stamp() -> bytes:
    # Any change to the code that validates or builds a catalog invalidates cached ones.
    here = FsPath(__file__).parent
    stamp = hashlib.sha256(__version__.encode())
    for name in (
        "loader.py",
        "semantics.py",
        "paths.py",
        "cache.py",
        "schema.py",
        "yamlnodes.py",
        "../models.py",
    ):
        try:
            stamp.update((here / name).read_bytes())
        except OSError:
            stamp.update(name.encode())
    return stamp.digest()


def cache_dir() -> FsPath | None:
    """Where validated catalogs are cached; None when TARGETS_NO_CACHE is set."""
    if os.environ.get("TARGETS_NO_CACHE"):
        return None
    root = os.environ.get("TARGETS_CACHE_DIR")
    if not root:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(base, "targets")
    return FsPath(root)


def cache_file(data: bytes) -> FsPath | None:
    root = cache_dir()
    if root is None:
        return None
    key = hashlib.sha256(_code_stamp() + data).hexdigest()[:40]
    return root / f"catalog-{key}.json"


def write_cache(cache: FsPath, valid: dict[str, Any]) -> None:
    # Best effort: a read-only home or a full disk only costs the next run its speed.
    tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(valid, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        tmp.unlink(missing_ok=True)


# ------------------------------------------------------------------ validate's findings

# The code whose findings `targets validate` reports: any change re-validates.
_VALIDATE_CODE = ("../models.py", "../textio.py", "../errors.py")  # and every module of catalog/


def validation_key(catalog: FsPath, data: bytes) -> str:
    """What a validation depends on: the catalog's bytes, every plan text beside it, the code."""
    here = FsPath(__file__).parent
    h = hashlib.sha256(__version__.encode())
    for name in (*sorted(p.name for p in here.glob("*.py")), *_VALIDATE_CODE):
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    h.update(hashlib.sha256(data).digest())
    sources = catalog.parent / "sources"
    try:
        names = sorted(p.name for p in sources.iterdir() if p.is_file())
    except OSError:
        names = []
    h.update(str(sources.resolve()).encode())
    for name in names:
        h.update(name.encode() + b"\0")
        try:
            h.update(hashlib.sha256((sources / name).read_bytes()).digest())
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()[:40]


def read_validation(key: str) -> dict[str, Any] | None:
    """The findings of an earlier `validate` of exactly these bytes, or None."""
    root = cache_dir()
    if root is None:
        return None
    try:
        found = json.loads((root / f"validate-{key}.json").read_bytes())
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) and "problems" in found else None


def write_validation(key: str, findings: dict[str, Any]) -> None:
    root = cache_dir()
    if root is not None:
        write_cache(root / f"validate-{key}.json", findings)
