"""Atomic publish: a run that dies mid-way leaves no published folder, and the next
run starts clean and finishes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import media

ROOT = Path(__file__).resolve().parents[2]
WORKER = """
import sys
from pathlib import Path
import media

marker = Path(sys.argv[3])
def progress(fraction):
    if fraction > 0.2 and not marker.exists():
        marker.write_text(str(fraction))
media.transcode(Path(sys.argv[1]), Path(sys.argv[2]), progress=progress)
"""


def processes_in(folder: Path) -> list[int]:
    """Pids whose current directory is `folder` (ffmpeg runs inside the work folder)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and Path(os.readlink(entry / "cwd")) == folder:
                pids.append(int(entry.name))
        except OSError:
            continue
    return pids


@pytest.mark.slow
def test_killed_worker_leaves_nothing_published_and_rerun_succeeds(clips, tmp_path):
    source, out_dir, marker = (
        clips.get("motion8s.mp4"),
        tmp_path / "lesson",
        tmp_path / "m",
    )
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(source), str(out_dir), str(marker)], cwd=ROOT
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and worker.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the worker never reported progress"
    work = media.work_dir_for(out_dir)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    assert not out_dir.exists()
    assert work.is_dir()  # the half-done work, never visible as the lesson
    time.sleep(0.5)
    assert processes_in(work) == []  # ffmpeg died with its worker

    manifest = media.transcode(source, out_dir)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lesson", "m"]
    assert (out_dir / manifest.master_playlist).is_file()


def test_cancelled_run_cleans_up_and_rerun_succeeds(clips, tmp_path):
    class Cancelled(Exception):
        pass

    def cancel(fraction: float) -> None:
        if fraction > 0.1:
            raise Cancelled

    out_dir = tmp_path / "lesson"
    with pytest.raises(Cancelled):
        media.transcode(clips.get("motion8s.mp4"), out_dir, progress=cancel)
    assert list(tmp_path.iterdir()) == []
    media.transcode(clips.get("motion8s.mp4"), out_dir)
    assert [p.name for p in tmp_path.iterdir()] == ["lesson"]


def test_stale_work_folder_is_replaced(clips, tmp_path):
    out_dir = tmp_path / "lesson"
    stale = media.work_dir_for(out_dir)
    stale.mkdir()
    (stale / "240p.mp4").write_bytes(b"half")
    manifest = media.transcode(clips.get("landscape.mp4"), out_dir)
    assert not stale.exists()
    assert (out_dir / "240p.mp4").stat().st_size == manifest.renditions[0].mp4_bytes
