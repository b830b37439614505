"""Run one ffmpeg process: progress callback, stderr tail, timeout and stall watchdog.

stdout carries `-progress pipe:1` key=value blocks; stderr is drained in a thread so the
pipe never fills, keeping the last lines to explain failures. Failures are classified:
killed, stalled, timed out or out of disk are transient; any other error is permanent.
"""

from __future__ import annotations

import collections
import ctypes
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import (
    OutOfDiskSpace,
    TranscodeFailed,
    TranscodeKilled,
    TranscodeStalled,
    TranscodeTimeout,
)

ProgressCallback = Callable[[float], None]
STALL_TIMEOUT_S = 120.0
TAIL_LINES = 50
DISK_FULL_MARKERS = ("No space left on device", "Disk quota exceeded")
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class RunResult:
    elapsed_s: float
    stderr_tail: str
    last_progress: dict[str, str]


def run_ffmpeg(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    duration_s: float | None = None,
    progress: ProgressCallback | None = None,
    timeout_s: float | None = None,
    stall_timeout_s: float = STALL_TIMEOUT_S,
) -> RunResult:
    """Run `argv` (which must include `-progress pipe:1`) and wait for it.

    `progress` gets a fraction 0..1 computed from `out_time_us / duration_s`; if it
    raises, ffmpeg is killed and the exception propagates (a way to cancel a job).
    """
    started = time.monotonic()
    proc, lines, tail, readers = _start(argv, cwd)
    watch = _Watch(started, timeout_s, stall_timeout_s, duration_s, progress)
    try:
        watch.follow(lines)
    except BaseException:
        _kill(proc)
        raise
    finally:
        returncode = proc.wait()
        for reader in readers:
            reader.join(timeout=5)
    text = "\n".join(tail)
    classify_exit(returncode, text)
    return RunResult(time.monotonic() - started, text, watch.last_block)


def _start(argv: Sequence[str], cwd: Path | None):
    """Start ffmpeg with a thread per pipe: stdout lines to a queue, stderr to a tail."""
    proc = subprocess.Popen(
        list(argv),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_die_with_parent,
    )
    tail: collections.deque[str] = collections.deque(maxlen=TAIL_LINES)
    lines: queue.Queue[str | None] = queue.Queue()
    readers = [
        threading.Thread(
            target=_pump, args=(proc.stdout, lines.put, True), daemon=True
        ),
        threading.Thread(target=_pump, args=(proc.stderr, tail.append), daemon=True),
    ]
    for reader in readers:
        reader.start()
    return proc, lines, tail, readers


class _Watch:
    """Reads progress lines until EOF, enforcing the total and stall timeouts."""

    def __init__(self, started, timeout_s, stall_timeout_s, duration_s, callback):
        self.started = started
        self.timeout_s = timeout_s
        self.stall_timeout_s = stall_timeout_s
        self.duration_us = (duration_s or 0) * 1e6
        self.callback = callback
        self.block: dict[str, str] = {}
        self.last_block: dict[str, str] = {}
        self.moved_at = started
        self.mark: tuple[str, str] = ("", "")

    def follow(self, lines: queue.Queue[str | None]) -> None:
        while True:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                line = ""
            if line is None:
                return
            if line:
                self._take(line.strip())
            self._check_clock()

    def _take(self, line: str) -> None:
        key, _, value = line.partition("=")
        self.block[key] = value
        if key != "progress":
            return
        self.last_block, self.block = self.block, {}
        mark = (
            self.last_block.get("out_time_us", ""),
            self.last_block.get("total_size", ""),
        )
        if mark != self.mark:
            self.mark, self.moved_at = mark, time.monotonic()
        if self.callback and self.duration_us > 0:
            done = _int(self.last_block.get("out_time_us")) / self.duration_us
            end = value == "end"
            self.callback(1.0 if end else min(max(done, 0.0), 0.999))

    def _check_clock(self) -> None:
        now = time.monotonic()
        if self.timeout_s is not None and now - self.started > self.timeout_s:
            raise TranscodeTimeout(f"ffmpeg ran longer than {self.timeout_s:.0f} s")
        if now - self.moved_at > self.stall_timeout_s:
            raise TranscodeStalled(f"no progress for {self.stall_timeout_s:.0f} s")


def classify_exit(returncode: int, tail: str) -> None:
    """Raise the transient or permanent error that an ffmpeg exit status means."""
    if returncode == 0:
        return
    if any(marker in tail for marker in DISK_FULL_MARKERS):
        raise OutOfDiskSpace("ffmpeg ran out of disk space", tail)
    if returncode < 0:
        name = signal.Signals(-returncode).name
        raise TranscodeKilled(f"ffmpeg was killed by {name}", tail)
    raise TranscodeFailed(f"ffmpeg exited with status {returncode}", tail)


def _pump(stream, sink: Callable, send_eof: bool = False) -> None:
    for raw in iter(stream.readline, b""):
        sink(raw.decode("utf-8", "replace").rstrip("\n"))
    stream.close()
    if send_eof:
        sink(None)


def _kill(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()


def _die_with_parent() -> None:
    """Linux: SIGKILL ffmpeg if the worker dies, so no orphan writes into the work folder."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(
            _PR_SET_PDEATHSIG, signal.SIGKILL
        )
    except OSError:
        pass


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0
