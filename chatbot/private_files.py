"""Files only the bot's own user may read: the database (internal numbers, reports), the
console history, platform sessions and keys.

Folders the bot creates are 0700, its files 0600, whatever the umask. A folder that already
existed is left as it is (it may be someone's home, or ``/tmp``); the bot's files in it are
still locked.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) readable by the owner only; an existing folder
    is kept as it is."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process, just now
            folder.mkdir(mode=PRIVATE_DIR)
            folder.chmod(PRIVATE_DIR)  # mkdir's mode is cut by the umask
    return path


def private_file(path: Path) -> Path:
    """Make sure ``path`` exists and only its owner may read or write it (created empty if
    missing, never truncated), so that whatever writes it next writes a private file."""
    private_dir(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE))
        path.chmod(PRIVATE_FILE)  # created before, or under another umask
    except PermissionError:  # someone else's file the bot may still use: theirs to lock
        log.warning("cannot make %s readable by its owner only", path)
    return path


def lock_folder(folder: Path) -> None:
    """The folder and the files directly in it: owner only (a store a library filled)."""
    if not folder.is_dir():
        return
    folder.chmod(PRIVATE_DIR)
    for path in folder.iterdir():
        if path.is_file():
            path.chmod(PRIVATE_FILE)
