"""Top entries of a py-spy profile (raw folded stacks), as bench/README.md quotes them.

    .venv/bin/python bench/clicks.py --serve --profile /tmp/walkbot.folded ...
    .venv/bin/python bench/profile_top.py /tmp/walkbot.folded [--top 20]

Prints the share of CPU samples spent in each function itself (self) and under it (inclusive),
with functions grouped by file, so "where does a click's CPU go" reads at a glance.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<function>.+?) \((?P<file>[^:()]+)(?::\d+)?\)$")


def frame_name(frame: str) -> str:
    match = FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match["file"]
    for marker in ("site-packages/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{match['function']} ({path})"


def summarise(folded: str, under: str = "") -> tuple[Counter[str], Counter[str], int]:
    """Self and inclusive samples per function; ``under``: only stacks with a frame containing it."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in folded.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        frames = [frame_name(f) for f in stack.split(";")]
        if under and not any(under in f for f in frames):
            continue
        total += samples
        own[frames[-1]] += samples
        for name in set(frames):
            inclusive[name] += samples
    return own, inclusive, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--match", default="", help="inclusive table: only frames containing this text")
    parser.add_argument(
        "--under",
        default="Handle._run",
        help="only stacks through this frame (default: work the event loop runs, not start-up imports); '' for all",
    )
    args = parser.parse_args()
    own, inclusive, total = summarise(args.profile.read_text(), args.under)
    print(f"{total} samples\n\nself %  function")
    for name, samples in own.most_common(args.top):
        print(f"{100 * samples / total:6.1f}  {name}")
    print("\ninclusive %  function")
    shown = [(n, s) for n, s in inclusive.most_common() if args.match in n][: args.top]
    for name, samples in shown:
        print(f"{100 * samples / total:11.1f}  {name}")


if __name__ == "__main__":
    main()
