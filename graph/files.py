"""Writing a user's output file: whole or not at all, and a clear message when it cannot be written.

The text goes to a uniquely named temporary file beside the target (never one a
user may own, such as `graph.html.tmp`), which replaces the target only when it
is complete; on any failure the temporary file is removed and the target is
left as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

_REASONS = {errno.ENOSPC: "the disk is full", errno.EROFS: "the file system is read-only",
            errno.EACCES: "permission denied", errno.EPERM: "operation not permitted",
            errno.EDQUOT: "the disk quota is exceeded", errno.ENOENT: "the folder does not exist",
            errno.ENOTDIR: "a part of the path is not a folder", errno.EISDIR: "it is a folder"}


class OutputError(ValueError):
    """An output file that cannot be written, with why."""


def reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` (UTF-8) atomically; OutputError says why not."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder; give a file name, e.g. {path / 'graph.html'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: cannot create its folder: {reason(exc)}") from None
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {reason(exc)}") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
