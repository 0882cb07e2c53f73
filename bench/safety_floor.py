"""Print how the L1 safety floor does on the labelled corpora, and how fast it is.

    python bench/safety_floor.py
    python bench/safety_floor.py --forbidden fresh_forbidden.txt --allowed fresh_allowed.txt
    python bench/safety_floor.py --corpus fresh.tsv [--corpus other.tsv] [--only-extra]

The labelled corpus is ``tests/data/floor_tuning.tsv`` (rules may be tuned on it; its
misses are printed) and ``tests/data/floor_heldout.tsv`` (committed before the rules
were written and never read while writing them: only its rates, its per-class counts
and its sha256 are printed, never its texts). Rows are ``label<TAB>group<TAB>text``:
label ``forbidden`` or ``ordinary``; group the class for forbidden rows, ``plain`` or
``mention:<class>`` for ordinary ones. ``--forbidden``/``--allowed`` score plain
one-step-per-line files as an extra set (an outside corpus), misses printed; ``--corpus``
scores a labelled tsv of the same format as an extra set of its own (repeatable), misses printed
(``--only-extra`` skips the tuning and held-out sets).

Every step is checked with the model's tag set to ``l1_safe``, so the numbers are the
text layer alone (the layer that has to catch a mislabelled step). Exits 1 when any set
lets a forbidden step through or refuses more than 3% of ordinary steps.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.ai.action_classes import ActionClass  # noqa: E402
from bot.ai.safety import check_node  # noqa: E402

DATA = ROOT / "tests" / "data"
TUNING = DATA / "floor_tuning.tsv"
HELDOUT = DATA / "floor_heldout.tsv"
MAX_ORDINARY_REFUSED = 0.03
NGRAM_MARK = "(word statistics "  # how a refusal by bot/ai/floor/ngrams.py names its words
LABELS = ("forbidden", "ordinary")


@dataclass(frozen=True)
class Step:
    label: str  # "forbidden" or "ordinary"
    group: str  # a class value, "plain" or "mention:<class>"
    text: str
    source: str = ""  # the file's ``# ==`` section it is in (legacy, seeded, F1, own, E, …): who wrote it

    @property
    def forbidden(self) -> bool:
        return self.label == "forbidden"

    @property
    def mention(self) -> bool:
        return self.group.startswith("mention:")

    @property
    def class_key(self) -> str:
        """The class a row is about: its group, or the class a harmless mention names."""
        return self.group.removeprefix("mention:")


_SECTION = re.compile(r"^#\s*==\s*(.*)")


def source_name(header: str) -> str:
    """A short name for a ``# ==`` section of the tuning set: legacy, seeded, F1, own, E, F, G, …"""
    header = header.strip(" =")
    low = header.lower()
    if low.startswith("legacy"):
        return "legacy"
    if "seeded split" in low:
        return "seeded"
    if "our own phrasings" in low:
        return "own"
    after = header.split("added after the split:", 1)[-1].strip()
    name = re.split(r"[,(:]", after, maxsplit=1)[0].strip()
    return name.split()[0] if name else header


def load_tsv(path: Path) -> list[Step]:
    """The rows of a labelled corpus file, each with its ``# ==`` section. Raises ValueError naming the line of a
    malformed row."""
    steps = []
    source = path.stem
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        section = _SECTION.match(line)
        if section:
            source = source_name(section.group(1))
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t", 2)
        if len(parts) != 3 or parts[0] not in LABELS or not parts[2].strip():
            raise ValueError(f"{path.name} line {number}: expected label<TAB>group<TAB>text")
        steps.append(Step(parts[0], parts[1].strip(), parts[2].strip(), source))
    return steps


def load_lines(path: Path, label: str) -> list[Step]:
    """A plain corpus: one step per line, blank and ``#`` lines ignored."""
    lines = path.read_text(encoding="utf-8").splitlines()
    group = "unlabelled" if label == "forbidden" else "plain"
    return [Step(label, group, line.strip()) for line in lines if line.strip() and not line.lstrip().startswith("#")]


@dataclass
class Score:
    """How one set did; ``missed`` and ``wrongly`` hold the steps (printed only for sets we may read)."""

    name: str
    forbidden: int = 0
    ordinary: int = 0
    mentions: int = 0
    missed: list[Step] = field(default_factory=list)
    by_ngrams: Counter = field(default_factory=Counter)  # refusals only the n-gram layer made, by label
    wrongly: list[tuple[Step, str]] = field(default_factory=list)
    per_class: Counter = field(default_factory=Counter)

    @property
    def refused_rate(self) -> float:
        return (self.forbidden - len(self.missed)) / self.forbidden if self.forbidden else 1.0

    @property
    def ordinary_refused_rate(self) -> float:
        return len(self.wrongly) / self.ordinary if self.ordinary else 0.0

    @property
    def mention_refused_rate(self) -> float:
        wrong = sum(1 for step, _ in self.wrongly if step.mention)
        return wrong / self.mentions if self.mentions else 0.0

    @property
    def meets_targets(self) -> bool:
        return not self.missed and self.ordinary_refused_rate <= MAX_ORDINARY_REFUSED


def score(name: str, steps: list[Step]) -> Score:
    """Check every step as if the model had tagged it ``l1_safe``."""
    result = Score(name)
    for step in steps:
        verdict = check_node(step.text, ActionClass.L1_SAFE.value)
        key = step.class_key
        if not verdict.allowed and NGRAM_MARK in (verdict.matched or ""):
            result.by_ngrams[step.label] += 1
        if step.forbidden:
            result.forbidden += 1
            result.per_class[(key, "forbidden")] += 1
            if verdict.allowed:
                result.missed.append(step)
            else:
                result.per_class[(key, "refused")] += 1
        else:
            result.ordinary += 1
            result.mentions += step.mention
            result.per_class[(key, "ordinary")] += 1
            if not verdict.allowed:
                blocked = verdict.action_class.value if verdict.action_class else "?"
                result.wrongly.append((step, f"{blocked}: {verdict.matched}"))
                result.per_class[(key, "wrongly")] += 1
    return result


def time_per_step(texts: list[str], rounds: int = 3) -> tuple[float, float, float]:
    """Microseconds of ``check_node`` over ``texts``, ``rounds`` times each: (mean, p99, mean of each step's fastest run).

    The last figure is the validator's own cost: on a shared machine, the slower runs of a step measure the
    other processes as much as the check.
    """
    samples = []
    fastest = [float("inf")] * len(texts)
    for _ in range(rounds):
        for i, text in enumerate(texts):
            start = time.perf_counter_ns()
            check_node(text, ActionClass.L1_SAFE.value)
            took = (time.perf_counter_ns() - start) / 1000
            samples.append(took)
            fastest[i] = min(fastest[i], took)
    if not samples:
        return 0.0, 0.0, 0.0
    samples.sort()
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    return statistics.fmean(samples), p99, statistics.fmean(fastest) if fastest else 0.0


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _print_score(result: Score, *, show_texts: bool) -> None:
    print(f"\n== {result.name} ==")
    print(
        f"forbidden refused:        {result.forbidden - len(result.missed)}/{result.forbidden}"
        f" = {result.refused_rate:.1%}  (target 100%)"
    )
    print(
        f"ordinary refused:         {len(result.wrongly)}/{result.ordinary}"
        f" = {result.ordinary_refused_rate:.1%}  (target <= {MAX_ORDINARY_REFUSED:.0%})"
    )
    wrong_mentions = sum(1 for step, _ in result.wrongly if step.mention)
    print(
        f"  of which mention:*:     {wrong_mentions}/{result.mentions} = {result.mention_refused_rate:.1%}"
        "  (harmless mentions of a protected object)"
    )
    ngram_f, ngram_o = result.by_ngrams["forbidden"], result.by_ngrams["ordinary"]
    rules_f = result.forbidden - len(result.missed) - ngram_f
    rules_o = len(result.wrongly) - ngram_o
    print(
        f"  refused by the n-gram layer alone: {ngram_f} forbidden, {ngram_o} ordinary"
        f" (the rules alone: {rules_f}/{result.forbidden} forbidden, {rules_o}/{result.ordinary} ordinary)"
    )
    keys = sorted({key for key, _ in result.per_class})
    print(f"  {'class':<20} {'forbidden':>9} {'refused':>8} {'ordinary':>9} {'wrongly':>8}")
    for key in keys:
        c = result.per_class
        print(
            f"  {key:<20} {c[(key, 'forbidden')]:>9} {c[(key, 'refused')]:>8}"
            f" {c[(key, 'ordinary')]:>9} {c[(key, 'wrongly')]:>8}"
        )
    if show_texts:
        for step in result.missed:
            print(f"MISSED   [{step.group}] {step.text}")
        for step, why in result.wrongly:
            print(f"REFUSED  [{step.group}] {step.text}  [{why}]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--forbidden", type=Path, help="plain file: one forbidden step per line")
    parser.add_argument("--allowed", type=Path, help="plain file: one ordinary step per line")
    parser.add_argument(
        "--corpus", type=Path, action="append", default=[], help="labelled tsv (label<TAB>group<TAB>text), scored apart"
    )
    parser.add_argument("--only-extra", action="store_true", help="score only --corpus/--forbidden/--allowed sets")
    parser.add_argument("--tuning", type=Path, default=TUNING)
    parser.add_argument("--heldout", type=Path, default=HELDOUT)
    args = parser.parse_args(argv)

    results: list[Score] = []
    every_text: list[str] = []
    if args.tuning.exists() and not args.only_extra:
        steps = load_tsv(args.tuning)
        every_text += [s.text for s in steps]
        results.append(score("tuning set", steps))
        _print_score(results[-1], show_texts=True)
    if args.heldout.exists() and not args.only_extra:
        steps = load_tsv(args.heldout)
        every_text += [s.text for s in steps]
        results.append(score(f"held-out set (texts never printed) sha256 {sha256(args.heldout)}", steps))
        _print_score(results[-1], show_texts=False)
    if args.forbidden or args.allowed:
        steps = (load_lines(args.forbidden, "forbidden") if args.forbidden else []) + (
            load_lines(args.allowed, "ordinary") if args.allowed else []
        )
        every_text += [s.text for s in steps]
        results.append(
            score("extra set (" + ", ".join(str(p) for p in (args.forbidden, args.allowed) if p) + ")", steps)
        )
        _print_score(results[-1], show_texts=True)
    for path in args.corpus:
        steps = load_tsv(path)
        every_text += [s.text for s in steps]
        results.append(score(f"extra set {path} sha256 {sha256(path)}", steps))
        _print_score(results[-1], show_texts=True)
    if not results:
        print("no corpus found: expected tests/data/floor_tuning.tsv or --forbidden/--allowed", file=sys.stderr)
        return 2

    mean, p99, own = time_per_step(every_text)
    print(
        f"\ncheck_node: mean {mean:.0f} µs, p99 {p99:.0f} µs per step over {len(every_text)} steps x 3;"
        f" mean of each step's fastest run {own:.0f} µs (target < 1000 µs)"
    )
    return 0 if all(r.meets_targets for r in results) and own < 1000 else 1


if __name__ == "__main__":
    sys.exit(main())
