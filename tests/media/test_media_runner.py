"""Running ffmpeg: progress, stderr tail, timeouts, stalls, and which failures are
transient (retry) or permanent (give up)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

import media
from media.runner import run_ffmpeg

NULL_OUT = ["-f", "null", "-"]
PROGRESS = ["-progress", "pipe:1", "-nostats"]


def lavfi(seconds: float, size: str = "320x240") -> list[str]:
    return ["-f", "lavfi", "-i", f"testsrc2=s={size}:r=25:d={seconds}"]


def ffmpeg_argv(*args: str) -> list[str]:
    return ["ffmpeg", "-nostdin", "-y", "-loglevel", "error", *args, *PROGRESS]


def test_progress_rises_to_one():
    seen: list[float] = []
    argv = ffmpeg_argv(*lavfi(4), "-c:v", "libx264", "-preset", "ultrafast", *NULL_OUT)
    result = run_ffmpeg(argv, duration_s=4, progress=seen.append)
    assert seen[-1] == 1.0 and seen == sorted(seen)
    assert result.last_progress["progress"] == "end"


def test_bad_input_is_a_permanent_failure_with_stderr_tail(tmp_path):
    argv = ffmpeg_argv("-i", str(tmp_path / "missing.mp4"), *NULL_OUT)
    with pytest.raises(media.TranscodeFailed) as caught:
        run_ffmpeg(argv, duration_s=1)
    assert not caught.value.is_transient
    assert "No such file or directory" in caught.value.stderr_tail


def test_no_progress_means_stalled_and_killed(tmp_path):
    fifo = tmp_path / "upload.pipe"
    os.mkfifo(fifo)  # nobody writes: ffmpeg blocks opening it, like a hung mount
    started = time.monotonic()
    with pytest.raises(media.TranscodeStalled) as caught:
        run_ffmpeg(ffmpeg_argv("-i", str(fifo), *NULL_OUT), stall_timeout_s=1.5)
    assert caught.value.is_transient
    assert time.monotonic() - started < 10


def test_total_timeout_kills_a_long_run():
    argv = ffmpeg_argv("-re", *lavfi(60), *NULL_OUT)  # -re: real time, 60 s
    with pytest.raises(media.TranscodeTimeout) as caught:
        run_ffmpeg(argv, duration_s=60, timeout_s=1.5)
    assert caught.value.is_transient


def child_ffmpeg_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name, rest = (
            stat[stat.index("(") + 1 : stat.rindex(")")],
            stat[stat.rindex(")") + 2 :],
        )
        if name == "ffmpeg" and int(rest.split()[1]) == os.getpid():
            pids.append(int(entry.name))
    return pids


def test_ffmpeg_killed_by_a_signal_is_transient():
    def kill_child(fraction: float) -> None:
        for pid in child_ffmpeg_pids():
            os.kill(pid, signal.SIGKILL)

    argv = ffmpeg_argv("-re", *lavfi(30), *NULL_OUT)
    with pytest.raises(media.TranscodeKilled) as caught:
        run_ffmpeg(argv, duration_s=30, progress=kill_child)
    assert caught.value.is_transient and "SIGKILL" in str(caught.value)


def test_full_disk_is_transient(tmp_path):
    if not Path("/dev/full").exists():
        pytest.fail("/dev/full is part of every Linux system")
    argv = ffmpeg_argv(*lavfi(2), "-f", "rawvideo", "/dev/full")
    with pytest.raises(media.OutOfDiskSpace) as caught:
        run_ffmpeg(argv, duration_s=2)
    assert caught.value.is_transient


def test_callback_error_kills_ffmpeg_and_propagates():
    class Cancelled(Exception):
        pass

    def cancel(fraction: float) -> None:
        raise Cancelled

    started = time.monotonic()
    with pytest.raises(Cancelled):
        run_ffmpeg(
            ffmpeg_argv("-re", *lavfi(30), *NULL_OUT), duration_s=30, progress=cancel
        )
    assert time.monotonic() - started < 5
    assert child_ffmpeg_pids() == []
