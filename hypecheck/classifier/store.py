"""Safe persistence of the clickbait model: one .npz of plain numeric arrays.

No pickle anywhere: np.load runs with allow_pickle=False, strings travel as
UTF-8 bytes in uint8 arrays, metadata is JSON (also stored as uint8), and a
sha256 over arrays + metadata catches truncation and tampering.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

FORMAT_VERSION = 2  # 2: stacked model (linear scores + trees)
_META = "meta"


def shipped_model(name: str) -> Path:
    """A model file shipped with hypecheck: inside the installed package (hypecheck/_models/,
    where the wheel puts models/), else the repository's top-level models/ folder."""
    from importlib import resources

    try:
        res = resources.files("hypecheck") / "_models" / name
        if res.is_file():
            return Path(str(res))
    except (ModuleNotFoundError, TypeError, AttributeError, NotImplementedError):
        pass
    return Path(__file__).resolve().parents[2] / "models" / name


class ModelError(Exception):
    """The model file is missing, corrupt, tampered with, unsafe or incompatible."""


def encode_terms(terms: list[str]) -> np.ndarray:
    if any("\n" in t for t in terms):
        raise ValueError("terms must not contain newlines")
    return np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8)


def decode_terms(arr: np.ndarray) -> list[str]:
    text = arr.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def _digest(arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> str:
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(f"{name}|{a.dtype.str}|{a.shape}\n".encode())
        # the array's bytes as they are in memory (what tobytes() would copy: 10 MB for
        # the span model, a few ms of every start-up)
        h.update(a.reshape(-1).view(np.uint8))
    body = {k: v for k, v in meta.items() if k != "sha256"}
    h.update(json.dumps(body, sort_keys=True, ensure_ascii=True).encode())
    return h.hexdigest()


def save(path: Path, arrays: dict[str, np.ndarray], meta: dict[str, Any], compress: bool = True) -> str:
    """Write arrays + meta to `path` (.npz); returns the sha256 stored inside.

    ``compress=False`` stores the arrays as they are: a large model then loads without
    inflating them first, and the wheel, a zip itself, compresses the file anyway."""
    if any(a.dtype.hasobject for a in arrays.values()):
        raise ValueError("object arrays cannot be saved safely")
    meta = dict(meta, format_version=FORMAT_VERSION)
    meta["sha256"] = _digest(arrays, meta)
    blob = np.frombuffer(json.dumps(meta, sort_keys=True, indent=1).encode(), dtype=np.uint8)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:  # file handle: savez would otherwise append .npz to the tmp name
        (np.savez_compressed if compress else np.savez)(fh, **arrays, **{_META: blob})
    tmp.replace(path)
    return meta["sha256"]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def load_model(cls, path: Path, kind: str, what: str):
    """``cls(arrays, meta)`` from a verified file whose metadata says ``kind``; a file of
    another kind, or one whose arrays ``cls`` cannot use, is a one-line ModelError."""
    arrays, meta = load(path)
    if meta.get("kind") != kind:
        raise ModelError(f"{path}: not a hypecheck {what}")
    try:
        return cls(arrays, meta)
    except (KeyError, ValueError, TypeError, IndexError) as exc:
        raise ModelError(f"{path}: unusable {what} ({type(exc).__name__}: {exc})") from None


def load(path: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Read and verify a model file; every failure is a one-line ModelError."""
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"{path}: model file not found")
    # Checked first: np.load would treat any non-zip file as a pickle candidate.
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: corrupt or truncated model file (not an .npz archive)")
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except ValueError as e:
        if "allow_pickle" in str(e) or "Object arrays" in str(e):
            raise ModelError(f"{path}: contains pickled object arrays, refusing to load") from None
        raise ModelError(f"{path}: corrupt model file ({_first_line(e)})") from None
    except Exception as e:  # zlib.error, BadZipFile, NotImplementedError, EOFError...: all damage
        raise ModelError(f"{path}: corrupt or truncated model file ({_first_line(e)})") from None
    blob = arrays.pop(_META, None)
    if blob is None or blob.dtype != np.uint8:
        raise ModelError(f"{path}: not a hypecheck model (no metadata)")
    try:
        meta = json.loads(blob.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise ModelError(f"{path}: corrupt metadata ({_first_line(e)})") from None
    if not isinstance(meta, dict):
        raise ModelError(f"{path}: corrupt metadata (not an object)")
    version = meta.get("format_version")
    if version != FORMAT_VERSION:
        raise ModelError(f"{path}: unsupported format_version {version!r} (this hypecheck reads {FORMAT_VERSION})")
    if meta.get("sha256") != _digest(arrays, meta):
        raise ModelError(f"{path}: checksum mismatch, the file was modified or damaged")
    return arrays, meta
