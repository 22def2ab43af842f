"""Guards for the files phytokg writes: never over an input, one writer at a time,
no leftovers from killed runs.

- `refuse_overwriting_inputs`: an output path that is (or links to) one of the inputs is
  refused before anything is read or written.
- `writer_lock`: an inter-process lock (fcntl.flock on the folder itself, so no lock file
  is left behind) around every read-modify-write of a graph file or a build folder.
- `temp_prefix` names temporary files and folders after the process that makes them;
  `remove_stale` removes those whose process is gone (and old ones of earlier versions).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.errors import InputError

# Temporary names without a process id (written by earlier versions) older than this
# are left over from a killed run.
STALE_SECONDS = 600

_TMP_FILE = re.compile(r"^\..+\.(?:\d+-[a-z0-9_]+|[a-z0-9_]{8})\.tmp$")
_TMP_DIR = re.compile(r"^\.phytokg-")
_PID = re.compile(r"\.(\d+)-[^.]*\.tmp$|^\.phytokg-(\d+)-")


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def refuse_overwriting_inputs(outputs: Iterable[Path], inputs: Iterable[Path]) -> None:
    """InputError when an output is the same file as an input (through links too)."""
    ins = [Path(p) for p in inputs]
    for out in outputs:
        for given in ins:
            if _same(Path(out), given):
                raise InputError(
                    f"refusing to write {out}: it is an input ({given}); choose another output path"
                )


@contextmanager
def writer_lock(folder: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (created if missing) while writing into it.

    A second phytokg writing into the same folder waits for the first (and `on_wait`
    is told once); readers are not blocked. Where flock is unavailable, no lock.
    """
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(f"waiting for another phytokg writing into {folder}")
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:  # a file system without locks (some network mounts)
            if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
                raise
        yield
    finally:
        os.close(fd)  # releases the lock


def temp_prefix(name: str) -> str:
    """Prefix of a temporary file for `name` (suffix .tmp), naming this process."""
    return f".{name}.{os.getpid()}-"


def temp_dir_prefix() -> str:
    """Prefix of a temporary folder of a build, naming this process."""
    return f".phytokg-{os.getpid()}-"


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(folder: Path) -> list[Path]:
    """Remove temporary files and folders of phytokg runs that died; the paths removed.

    Only dot-names phytokg makes are touched: `.NAME.PID-XXXX.tmp` files and
    `.phytokg-PID-XXXX` folders whose process is gone, and the same names without a
    process id (earlier versions) once older than STALE_SECONDS.
    """
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    now = time.time()
    for path in entries:
        name = path.name
        is_dir = path.is_dir() and not path.is_symlink()
        if not ((is_dir and _TMP_DIR.match(name)) or (not is_dir and _TMP_FILE.match(name))):
            continue
        match = _PID.search(name)
        if match:
            if _pid_alive(int(match.group(1) or match.group(2))):
                continue
        else:
            try:
                if now - path.lstat().st_mtime < STALE_SECONDS:
                    continue
            except OSError:
                continue
        try:
            if is_dir:
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError as exc:  # another cleaner got there first, or no permission
            print(f"phytokg: warning: cannot remove {path}: {exc}", file=sys.stderr)
            continue
        removed.append(path)
    return removed


def remove_stale_dirs(folder: Path, prefix: str) -> list[Path]:
    """Remove folders `PREFIXPID-*` in `folder` whose process is gone (a shared folder
    such as the system's temporary one: nothing else is touched)."""
    removed: list[Path] = []
    pattern = re.compile(re.escape(prefix) + r"(\d+)-")
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for path in entries:
        match = pattern.match(path.name)
        if not match or not path.is_dir() or path.is_symlink():
            continue
        if _pid_alive(int(match.group(1))):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed
