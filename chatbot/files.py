"""Writing a file whole or not at all: exports, platform sessions; and why a file could not
be read or written, in the user's language."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

from chatbot.i18n import N_, _

T = TypeVar("T")

_REASONS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk is read-only"),
}


def cannot_read(path: object, error: OSError) -> str:
    return _("Cannot read {file}: {reason}").format(file=path, reason=file_error(error))


def cannot_write(path: object, error: OSError) -> str:
    return _("Cannot write {file}: {reason}").format(file=path, reason=file_error(error))


def file_error(error: OSError) -> str:
    """Why ``error`` stopped reading or writing a file, translated when it is a common one
    (the system's own text is English whatever the bot's language)."""
    reason = _REASONS.get(error.errno or 0)
    return _(reason) if reason else error.strerror or type(error).__name__


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
