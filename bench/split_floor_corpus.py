"""Split the labelled safety-floor corpus once, at random, into a tuning set and a held-out set.

    python bench/split_floor_corpus.py split --new NEW.tsv --legacy LEGACY.tsv   # done once, output committed
    python bench/split_floor_corpus.py verify                                     # re-derive the split, check it

Why a script: the held-out set is only worth something if nobody chose which steps went into it.
``split`` takes the newly written steps, sorts them (so the input order does not matter), shuffles
each stratum (label + group) with a fixed seed and puts 30% of every stratum into
``tests/data/floor_heldout.tsv``; the rest, after the legacy lines, go into
``tests/data/floor_tuning.tsv``. Legacy lines (the old floor_forbidden.txt / floor_allowed.txt, which
rule authors had already seen) only ever go into the tuning set.

``verify`` rebuilds the pool of new lines from the two committed files (the tuning file's "new"
section plus the whole held-out file), splits it again with the same seed and checks that the result
is exactly what is committed, then prints the held-out file's sha256. It never prints held-out text.

Row format (UTF-8, tab-separated, "#" lines are comments): ``label<TAB>group<TAB>text`` where label
is ``forbidden`` or ``ordinary``; group is the class for forbidden rows and ``plain`` or
``mention:<class>`` for ordinary rows.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections import defaultdict
from pathlib import Path

SEED = 20261130
HELDOUT_SHARE = 0.30
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
TUNING = DATA / "floor_tuning.tsv"
HELDOUT = DATA / "floor_heldout.tsv"

CLASSES = (
    "registry",
    "system_files_boot",
    "data_deletion",
    "credentials_mfa",
    "security_software",
    "elevation",
    "dns_dhcp_domain",
    "server_config",
    "billing_licensing",
    "services_startup",
    "network_device",
    "disk_encryption",
)
LEGACY_MARK = "# == legacy lines"
NEW_MARK = "# == new lines"
# Rows added to the tuning set after the split (an outside corpus once it was measured, our own phrasings): not
# part of the seeded pool, so ``verify`` leaves them out.
ADDED_MARK = "# == added after the split"

Row = tuple[str, str, str]


def parse_row(line: str, where: str) -> Row:
    """One TSV row, checked: a typo in a label or group must not silently drop a step from a score."""
    parts = line.split("\t")
    if len(parts) != 3:
        raise ValueError(f"{where}: expected label<TAB>group<TAB>text, got {len(parts)} fields")
    label, group, text = parts
    if label == "forbidden":
        ok = group in CLASSES
    elif label == "ordinary":
        ok = group == "plain" or (group.startswith("mention:") and group.removeprefix("mention:") in CLASSES)
    else:
        ok = False
    if not ok or not text.strip():
        raise ValueError(f"{where}: bad label/group/text {label!r} {group!r}")
    return label, group, text


def read_rows(path: Path) -> list[Row]:
    return [
        parse_row(line, f"{path.name}:{n}")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip() and not line.startswith("#")
    ]


def read_tuning_sections(path: Path) -> tuple[list[Row], list[Row]]:
    """The tuning file's legacy rows and new rows, told apart by their section markers."""
    legacy: list[Row] = []
    new: list[Row] = []
    added: list[Row] = []
    section: list[Row] | None = None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(LEGACY_MARK):
            section = legacy
        elif line.startswith(NEW_MARK):
            section = new
        elif line.startswith(ADDED_MARK):
            section = added
        elif line.strip() and not line.startswith("#"):
            if section is None:
                raise ValueError(f"{path.name}:{n}: row before any section marker")
            section.append(parse_row(line, f"{path.name}:{n}"))
    return legacy, new


def split(new_rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """(tuning part, held-out part) of the new rows: 30% of each label+group stratum, seeded."""
    strata: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in sorted(set(new_rows)):
        strata[row[0], row[1]].append(row)
    rng = random.Random(SEED)
    tuning: list[Row] = []
    heldout: list[Row] = []
    for key in sorted(strata):
        rows = strata[key]
        rng.shuffle(rows)
        cut = max(1, round(len(rows) * HELDOUT_SHARE))
        heldout.extend(rows[:cut])
        tuning.extend(rows[cut:])
    return tuning, heldout


def render(rows: list[Row]) -> str:
    return "".join(f"{label}\t{group}\t{text}\n" for label, group, text in rows)


def write(legacy: list[Row], new_tuning: list[Row], heldout: list[Row]) -> None:
    header = (
        "# Safety-floor corpus, TUNING set. Format: label<TAB>group<TAB>text (see tests/data/README.md).\n"
        "# Labelled by docs/safety.md. Rules may be tuned against this file, never against floor_heldout.tsv.\n"
    )
    TUNING.write_text(
        header
        + f"{LEGACY_MARK} (old floor_forbidden.txt / floor_allowed.txt, already seen by rule authors) ==\n"
        + render(legacy)
        + f"{NEW_MARK}, tuning part of the seeded split (bench/split_floor_corpus.py) ==\n"
        + render(new_tuning),
        encoding="utf-8",
    )
    HELDOUT.write_text(
        "# Safety-floor corpus, HELD-OUT set. Do not read this file while writing or tuning rules.\n"
        "# Format: label<TAB>group<TAB>text. Produced by bench/split_floor_corpus.py; see tests/data/README.md.\n"
        + render(heldout),
        encoding="utf-8",
    )


def counts(rows: list[Row]) -> dict[tuple[str, str], int]:
    table: dict[tuple[str, str], int] = defaultdict(int)
    for label, group, _ in rows:
        table[label, group] += 1
    return table


def print_counts(name: str, rows: list[Row]) -> None:
    table = counts(rows)
    print(f"{name}: {len(rows)} rows")
    for label in ("forbidden", "ordinary"):
        total = sum(n for (lab, _), n in table.items() if lab == label)
        print(f"  {label}: {total}")
        for (lab, group), n in sorted(table.items()):
            if lab == label:
                print(f"    {group:32} {n}")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    do_split = sub.add_parser("split", help="write floor_tuning.tsv and floor_heldout.tsv (done once)")
    do_split.add_argument("--new", type=Path, required=True, help="TSV of the newly written steps")
    do_split.add_argument("--legacy", type=Path, required=True, help="TSV of the labelled legacy steps")
    sub.add_parser("verify", help="re-derive the split from the committed files and compare")
    args = parser.parse_args(argv)

    if args.command == "split":
        legacy = read_rows(args.legacy)
        new_rows = read_rows(args.new)
        texts = [text for _, _, text in legacy + new_rows]
        if len(set(texts)) != len(texts):
            raise SystemExit("duplicate step texts: remove them before splitting")
        new_tuning, heldout = split(new_rows)
        write(legacy, new_tuning, heldout)
    legacy, new_tuning = read_tuning_sections(TUNING)
    heldout = read_rows(HELDOUT)
    again_tuning, again_heldout = split(new_tuning + heldout)
    if (again_tuning, again_heldout) != (new_tuning, heldout):
        print("the committed files are NOT the seeded split of their new lines", file=sys.stderr)
        return 1
    print(f"seed {SEED}, held-out share {HELDOUT_SHARE:.0%} of each label+group stratum of the new lines")
    print_counts("tuning (legacy + new)", legacy + new_tuning)
    print(f"  of which legacy rows: {len(legacy)}")
    print_counts("held-out", heldout)
    print(f"held-out sha256: {sha256(HELDOUT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
