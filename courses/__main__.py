"""`python -m courses check PATH`: validate course folders without the web app."""

import sys
from pathlib import Path

from courses.check import check_paths

if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or args[0] != "check":
        sys.exit("usage: python -m courses check [PATH ...]")
    sys.exit(check_paths([Path(p) for p in args[1:]] or [Path("courses/content")]))
