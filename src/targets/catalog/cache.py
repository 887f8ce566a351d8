"""The cache of validated catalogs: later runs of check skip YAML parsing and pydantic.

The cache is data to verify, not to trust: an entry is read only from a private folder (owned by
the user, writable by nobody else), only if it is a regular file of the user's, of sane size,
opened without following links; its content is checked against the catalog's types and limits
before use. Any failure costs a notice and a rebuild from the catalog, never an error. Entries
are written to a private temporary file (mkstemp, 0600) and renamed into place.

The API, for any cached document: cache_dir/cache_file (where), read_entry/write_entry (bytes,
safely), read_json/write_cache (a JSON document), take_notices (what the CLI prints); and for
catalogs read_catalog/write_catalog (stamped with their key)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from pathlib import Path as FsPath
from typing import Any

from targets import __version__
from targets.files import MAX_TEXT_MB, ReadRefused, read_regular

try:  # the interpreter's own BLAKE2: `import hashlib` loads OpenSSL first, ~3 ms of every `check`
    from _blake2 import blake2b
except ImportError:  # a build without it: the same function through hashlib
    from hashlib import blake2b

MAX_ENTRY = 64 * 2**20  # bytes; a validated catalog is far smaller (the shipped one: ~0.2 MB)
FORMAT = 1
_notices: list[str] = []
_refused: set[str] = set()  # folders found unusable in this process: one notice, then silence


def _notice(message: str) -> None:
    text = f"targets: note: {message}"
    if text not in _notices:
        _notices.append(text)


def take_notices() -> list[str]:
    """One-line notices about the cache since the last call (the CLI prints them on stderr)."""
    taken = _notices[:]
    _notices.clear()
    return taken


def _code_stamp() -> bytes:
    # Any change to the code that validates or builds a catalog invalidates cached ones.
    here = FsPath(__file__).parent
    stamp = blake2b(__version__.encode())
    for name in (
        "loader.py",
        "semantics.py",
        "paths.py",
        "cache.py",
        "schema.py",
        "yamlnodes.py",
        "../models.py",
        "../enums.py",
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


def digest(data: bytes, kind: str = "catalog") -> str:
    """The key of an entry: the input's bytes and this package's code."""
    return blake2b(kind.encode() + _code_stamp() + data, digest_size=20).hexdigest()


def cache_file(data: bytes, kind: str = "catalog") -> FsPath | None:
    """The entry for these input bytes, or None when caching is off."""
    root = cache_dir()
    if root is None:
        return None
    return root / f"{kind}-{digest(data, kind)}.json"


def _private_dir(root: FsPath, create: bool) -> bool:
    """The folder exists (or is made, 0700), is the user's, and nobody else may write in it."""
    if str(root) in _refused:
        return False
    try:
        if create:
            root.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.stat(root)
    except FileNotFoundError:
        return False
    except OSError as exc:
        _refused.add(str(root))
        _notice(f"cache folder {root} is not usable ({exc.strerror or exc}); catalogs are not cached")
        return False
    problem = None
    if not stat.S_ISDIR(st.st_mode):
        problem = "is not a folder"
    elif hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        problem = "belongs to another user"
    elif st.st_mode & 0o022:
        problem = "is writable by other users"
    if problem:
        _refused.add(str(root))
        _notice(f"cache folder {root} {problem}; catalogs are not cached")
        return False
    return True


def read_entry(path: FsPath) -> bytes | None:
    """An entry's bytes, or None: absent, or refused (a link, not a regular file, not the
    user's, too large) with a notice. Never blocks and never follows a link."""
    if not _private_dir(path.parent, create=False):
        return None
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        _notice(f"ignoring cache entry {path} ({exc.strerror or exc}); the catalog was read again")
        return None
    try:
        st = os.fstat(fd)
        problem = None
        if not stat.S_ISREG(st.st_mode):
            problem = "not a regular file"
        elif hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            problem = "it belongs to another user"
        elif st.st_size > MAX_ENTRY:
            problem = f"{st.st_size:,} bytes"
        if problem:
            _notice(f"ignoring cache entry {path} ({problem}); the catalog was read again")
            return None
        data = bytearray()
        while chunk := os.read(fd, MAX_ENTRY + 1 - len(data)):
            data += chunk
        return bytes(data) if len(data) <= MAX_ENTRY else None
    except OSError:
        return None
    finally:
        os.close(fd)


def write_entry(path: FsPath, payload: bytes) -> None:
    """Best effort: a private temp file in the folder, renamed over the entry (a link or FIFO
    planted at its name is replaced, never followed). A read-only home or a full disk only
    costs the next run its speed."""
    if not _private_dir(path.parent, create=True):
        return
    import tempfile  # only when an entry is written: a warm run never needs it

    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_cache(cache: FsPath, data: Any) -> None:
    """Store a JSON document under `cache` (best effort, see write_entry)."""
    write_entry(cache, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def read_json(cache: FsPath) -> Any | None:
    """The JSON document stored under `cache`, or None: absent, refused, or not JSON (a notice)."""
    raw = read_entry(cache)
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        _notice(f"ignoring cache entry {cache} (not JSON); it is rebuilt")
        return None


def write_catalog(cache: FsPath, valid: dict[str, Any]) -> None:
    """Store a validated catalog (its JSON-ready data), stamped with the entry's key."""
    write_cache(cache, {"format": FORMAT, "key": cache.stem.rpartition("-")[2], "catalog": valid})


def read_catalog(cache: FsPath) -> dict[str, Any] | None:
    """The catalog data stored under `cache`, or None (absent or refused, with a notice). The
    caller still checks the content against the schema's types (catalog/conform.py)."""
    doc = read_json(cache)
    if doc is None:
        return None
    key = cache.stem.rpartition("-")[2]
    if (
        not isinstance(doc, dict)
        or doc.get("format") != FORMAT
        or doc.get("key") != key
        or not isinstance(doc.get("catalog"), dict)
    ):
        _notice(f"ignoring cache entry {cache} (not a catalog entry); the catalog was read again")
        return None
    catalog: dict[str, Any] = doc["catalog"]
    return catalog


def rejected(cache: FsPath, reason: str) -> None:
    """Note that an entry's content failed validation (the loader rebuilds it)."""
    _notice(f"ignoring cache entry {cache} ({reason}); the catalog was read again")


# ------------------------------------------------------------------ validate's findings

# The code whose findings `targets validate` reports: any change re-validates.
_VALIDATE_CODE = (
    "../models.py",
    "../enums.py",
    "../textio.py",
    "../errors.py",
)  # and every module of catalog/


# a plan's `source: file.txt` (a target's `source:` is a mapping, `{line: ...}`, and is skipped)
# (compiled on first use, by re's own cache: only `validate` needs it)
_PLAN_SOURCE = rb"^[ \t]*source:[ \t]*[\"']?([^\s{\"'#][^\"'#\r\n]*?)[\"']?[ \t]*(?:#.*)?$"


def validation_key(catalog: FsPath, data: bytes) -> str:
    """What a validation depends on: the catalog's bytes, every plan text beside it, the code."""
    here = FsPath(__file__).parent
    h = blake2b(__version__.encode(), digest_size=20)
    for name in (*sorted(p.name for p in here.glob("*.py")), *_VALIDATE_CODE):
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(name.encode())
    h.update(blake2b(data).digest())
    sources = catalog.parent / "sources"
    try:
        names = sorted(p.name for p in sources.iterdir() if p.is_file())
    except OSError:
        names = []
    h.update(str(sources.resolve()).encode())
    # every plan text the catalog names, also those given as a path outside sources/
    named = {m.decode("utf-8", "replace") for m in re.findall(_PLAN_SOURCE, data, re.M)}
    for name in (*names, *sorted(named - set(names))):
        h.update(name.encode() + b"\0")
        try:  # regular files only, non-blocking: a FIFO or /dev/zero cannot hang validate
            h.update(blake2b(read_regular(sources / name, MAX_TEXT_MB)).digest())
        except ReadRefused:
            h.update(b"unreadable")
    return h.hexdigest()


def read_validation(key: str) -> dict[str, Any] | None:
    """The findings of an earlier `validate` of exactly these bytes, or None."""
    root = cache_dir()
    if root is None:
        return None
    found = read_json(root / f"validate-{key}.json")
    return found if isinstance(found, dict) and "problems" in found else None


def write_validation(key: str, findings: dict[str, Any]) -> None:
    root = cache_dir()
    if root is not None:
        write_cache(root / f"validate-{key}.json", findings)
