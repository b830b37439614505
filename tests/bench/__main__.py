"""`make bench`: run every tests/bench/bench_*.py in turn; each prints its own table
and writes JSON under tests/bench/results/. `python -m tests.bench points union` runs
only the scripts whose names contain one of the words."""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.stem for n in names)]
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        sys.argv = [str(script)]  # each script parses its own (default) arguments
        runpy.run_path(str(script), run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
