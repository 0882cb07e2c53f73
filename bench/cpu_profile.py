"""``walkbot`` under cProfile timed by CPU time (``time.process_time``), not the wall clock.

    .venv/bin/python bench/clicks.py --serve --profile /tmp/walkbot.prof ...   # a FILE ending in .prof
    .venv/bin/python bench/cpu_profile.py --show /tmp/walkbot.prof [--top 40]

On a machine shared with other jobs a sampling profiler also counts the time a process waits to be
scheduled (most of psycopg's socket writes, on a loaded machine); CPU time does not. cProfile adds its
own cost to every Python call, so compare shares within one profile, not its totals with a plain run.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def run(output: str, argv: list[str]) -> None:
    """``walkbot ARGV`` under the profiler; the profile is written when it stops (SIGINT included)."""
    from bot.cli import main

    profile = cProfile.Profile(time.process_time)
    profile.enable()
    try:
        main(argv)
    except KeyboardInterrupt:
        pass
    finally:
        profile.disable()
        profile.dump_stats(output)


def show(path: str, top: int) -> None:
    stats = pstats.Stats(path)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", "-o", help="write the profile here and run walkbot with the remaining arguments")
    parser.add_argument("--show", help="print the top entries of a profile written before")
    parser.add_argument("--top", type=int, default=40)
    args, rest = parser.parse_known_args()
    if args.show:
        show(args.show, args.top)
    else:
        run(args.output, [a for a in rest if a != "--"])
