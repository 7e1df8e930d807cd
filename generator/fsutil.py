"""Small filesystem helpers: bounded reads of regular files, and atomic writes, so a killed
run never leaves half a file."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

from .failure import Failure
from .paths import REPO_ROOT


def read_regular_file(path: Path | str, limit: int, *, root: Path | str | None = None) -> bytes:
    """At most `limit` bytes of a regular file: the one reader of every file the project reads.

    Anything else raises OSError with `strerror` saying what is wrong (FileNotFoundError
    passes through as usual), and nothing is left waiting:
    - a FIFO, a device (a symlink to /dev/zero), a socket or a folder is refused unread: the
      type is checked before the open, and again with fstat on the open descriptor (opened
      non-blocking, so a FIFO cannot hang the open) so a file swapped between them cannot slip
      past;
    - a file larger than `limit` is refused after reading `limit + 1` bytes, never more;
    - a symbolic link is followed only to a target inside `root`: by default the repository
      for a path inside it, else the folder that holds the path. A link a pull request adds
      (catalog/models.yaml -> /proc/self/environ) cannot make CI read, or quote in an error,
      a file outside the tree it was given.
    """
    absolute = Path(os.path.abspath(path))
    target = Path(os.path.realpath(absolute))
    _refuse_unless_regular(os.stat(target).st_mode)  # nothing is opened: say what it is first
    if target != absolute:  # a symbolic link on the way
        base = Path(os.path.abspath(root)) if root is not None else _default_root(absolute)
        if absolute.is_relative_to(base) and not target.is_relative_to(os.path.realpath(base)):
            raise OSError(0, f"it is a symbolic link to {target}, outside {base}")
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(target, flags)
    try:
        _refuse_unless_regular(os.fstat(fd).st_mode)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise OSError(0, f"it is larger than {limit:,} bytes")
    return data


def read_text_file(
    path: Path | str, limit: int, *, root: Path | str | None = None, encoding: str = "utf-8"
) -> str:
    """read_regular_file decoded (strictly: UnicodeDecodeError on a bad byte)."""
    return read_regular_file(path, limit, root=root).decode(encoding)


class FileUnreadable(Failure):
    """A file the project must read is not a readable regular file of its size (exit 3)."""

    summary = "a file could not be read"


def read_text_or_fail(path: Path | str, limit: int, what: str, fix: str) -> str:
    """read_text_file, or FileUnreadable naming the file, what it is, the reason and the fix."""
    try:
        return read_text_file(path, limit)
    except OSError as error:
        reason = error.strerror or str(error)
    except UnicodeDecodeError as error:
        reason = f"not UTF-8 text (byte {error.start})"
    raise FileUnreadable(f"{path}:1: cannot read {what}: {reason} ({fix})")


def _default_root(absolute: Path) -> Path:
    return REPO_ROOT if absolute.is_relative_to(REPO_ROOT) else absolute.parent


def _refuse_unless_regular(mode: int) -> None:
    if not stat.S_ISREG(mode):
        what = (
            "a folder"
            if stat.S_ISDIR(mode)
            else "a FIFO"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
        )
        raise OSError(0, f"it is {what}, not a regular file")


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` through a temp file in the same folder and a rename.

    os.replace is atomic on POSIX when source and target share a filesystem, which a
    sibling temp file guarantees; readers see the old file or the new one, never a mix.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates 0600. Keep the mode of the file being replaced (a maintainer's
        # read-only state file stays read-only); a new file gets what open() would give it.
        try:
            mode = stat.S_IMODE(os.stat(path).st_mode)
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, text: str) -> bool:
    """Atomically write `text` unless `path` already holds exactly it; True if written.

    Unconditional writes would make `mkdocs serve` see a change and rebuild forever.
    """
    path = Path(path)
    try:  # a longer file differs: read one byte more than the new text at most
        if read_text_file(path, len(text.encode("utf-8"))) == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write_text(path, text)
    return True


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False where it is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # the kernel or the filesystem cannot exchange: use two renames
    raise OSError(code, os.strerror(code), str(second))


def replace_folder(new: Path, target: Path) -> None:
    """Put the folder `new` at `target`, whose old content is then deleted.

    Readers see the old folder or the new one, never a mix: on Linux the two swap in one
    renameat2(RENAME_EXCHANGE); elsewhere two renames leave an instant with no folder at
    all, still never a mixed one.
    """
    new, target = Path(new), Path(target)
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # it now holds the old content
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rename(target, old / "content")
    os.rename(new, target)
    shutil.rmtree(old, ignore_errors=True)
