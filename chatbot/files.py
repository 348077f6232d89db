"""Writing a file whole or not at all: exports, platform sessions."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

T = TypeVar("T")


def write_atomically(path: Path, write: Callable[[TextIO], T], *, encoding: str = "utf-8") -> T:
    """Run ``write`` on a temporary file beside ``path``, then rename it over ``path``: a
    failed write never leaves half a file. The file is readable by its owner only (0600, as
    ``mkstemp`` makes it). Raises ``OSError`` when the folder is not writable."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as stream:
            result = write(stream)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return result


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all (as :func:`write_atomically`, 0600)."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
