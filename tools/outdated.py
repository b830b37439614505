"""`make outdated`: the pinned packages of requirements.txt that have a newer release
on the package index (pip index versions), and how far behind each pin is.

A pin more than a minor version behind (another major, or two minors or more) needs a
reason in README.md under "Kept back" (a line "- `name`: why"); such a pin without one
makes this exit 1. Vulnerability feeds are not reachable from the build machines, so
staying on current releases is the defence.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.-]+)(\[[^\]]*\])?==([^\s;#]+)")


def pins() -> list[tuple[str, str]]:
    found = []
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            found.append((match[1], match[3]))
    return found


def latest(name: str) -> str | None:
    answer = subprocess.run(
        [sys.executable, "-m", "pip", "index", "versions", name],
        capture_output=True,
        text=True,
    )
    match = re.search(
        r"\(([^)]+)\)", answer.stdout.splitlines()[0] if answer.stdout else ""
    )
    return match[1] if match else None


def distance(pinned: Version, newest: Version) -> str:
    if newest.major != pinned.major:
        return "major"
    if newest.minor - pinned.minor >= 2:
        return "minors"
    if newest.minor != pinned.minor:
        return "minor"
    return "patch"


def kept_back() -> set[str]:
    text = (ROOT / "README.md").read_text()
    section = text.split("### Kept back", 1)[1] if "### Kept back" in text else ""
    return {m.lower() for m in re.findall(r"^- `([^`]+)`:", section, re.M)}


def main() -> int:
    reasons, missing = kept_back(), []
    print(f"{'package':24} {'pinned':12} {'latest':12} behind")
    for name, pinned in pins():
        newest = latest(name)
        if newest is None:
            print(f"{name:24} {pinned:12} {'?':12} (index did not answer)")
            continue
        try:
            old, new = Version(pinned), Version(newest)
        except InvalidVersion:
            continue
        if new <= old:
            continue
        far = distance(old, new)
        note = ""
        if far in ("major", "minors"):
            note = (
                " (reason in README)" if name.lower() in reasons else " NEEDS A REASON"
            )
            if name.lower() not in reasons:
                missing.append(name)
        print(f"{name:24} {pinned:12} {newest:12} {far}{note}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
