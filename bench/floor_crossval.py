"""Leave-one-source-out evaluation of the safety floor's learned layer: how it does on phrasings it never saw.

    python bench/floor_crossval.py                     # the shipped learner and threshold rule
    python bench/floor_crossval.py --learner nb        # the old naive Bayes, its own threshold rule
    python bench/floor_crossval.py --compare           # every learner and threshold rule tried, totals only

The sources are the ``# ==`` sections of ``tests/data/floor_tuning.tsv`` (legacy, the seeded split's
tuning part, F1, our own phrasings, E, F, G, and any later section). For each source the learned layer
is trained on every other row, its threshold picked by the same rule as the shipped trainer (on those
rows only), and the left-out source is scored: forbidden and ordinary steps refused by the rules, by
the model alone, and by both together (the floor: rules first, the model only refuses), and the
harmless-mention rows refused.

The rules were tuned on every source, so their figures here are optimistic; the fair figures are the
model's: what it adds to the rules on a source it never saw (``+model``), in catches and in false
refusals. Never reads ``floor_heldout.tsv``. Needs the ``bench`` extra (``pip install -e '.[bench]'``)
for the learners other than the shipped ones.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.safety_floor import TUNING, Step, load_tsv, source_name  # noqa: E402
from bot.ai.floor import ngrams  # noqa: E402
from bot.ai.floor.clauses import split_clauses  # noqa: E402
from bot.ai.floor.decision import hints_in  # noqa: E402
from bot.ai.floor.normalise import normalise  # noqa: E402
from bot.ai.floor.verbs import CHANGE, DESTROY, DISABLE  # noqa: E402
from bot.ai.safety import match_rules, node_fields  # noqa: E402


@dataclass(frozen=True, kw_only=True)
class Row(Step):
    """A tuning step with what the crossval needs of it, worked out once."""

    norm: str
    exempt: bool  # names a policy exception: the learned layer leaves it to the rules
    fields: tuple[str, ...]  # every field check_node judges (the text and its code spans), normalised
    rules: bool  # the rules refuse it
    first_sight_miss: bool = False  # an outside corpus's forbidden row the rules of its day let through


def prepare(path: Path = TUNING, *, first_sight: bool = True) -> list[Row]:
    missed = first_sight_misses(path) if first_sight else set()
    rows = []
    for step in load_tsv(path):
        label, group, text, source = step.label, step.group, step.text, step.source
        norm = normalise(text)
        fields = tuple(normalise(value) for _, value in node_fields({"text": text}))
        rules = any(f and match_rules(f) is not None for f in fields)
        exempt = ngrams.exempt(norm)
        rows.append(
            Row(
                label=label,
                group=group,
                text=text,
                source=source,
                norm=norm,
                exempt=exempt,
                fields=fields,
                rules=rules,
                first_sight_miss=(source, text) in missed,
            )
        )
    return rows


# ── what the rules missed when each outside corpus arrived: the rules' honest figure ──

_OLD_RULES = """
import json, sys
import bot.ai.safety as safety
if hasattr(safety, "ngrams"):
    safety.ngrams.judge = lambda *args, **kwargs: None  # the rules alone
print(json.dumps([safety.check_node(t, "l1_safe").allowed for t in json.load(sys.stdin)]))
"""


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def first_sight_misses(path: Path = TUNING) -> set[tuple[str, str]]:
    """(source, text) of each forbidden row of an outside corpus that the rules let through when it arrived: the rules
    checked out at the parent of the commit that added the section, kept only when they reproduce the "rules alone"
    figure its header measured then (E, F, G; F1 was tuned on before its section was committed).

    The current rules were tuned on those rows, so only these misses say what the rules miss on a fresh corpus;
    the model's catches among them are the layer's honest worth. Empty when git history is not at hand.
    """
    missed: set[tuple[str, str]] = set()
    relative = str(path.resolve().relative_to(ROOT)) if path.resolve().is_relative_to(ROOT) else None
    steps = load_tsv(path)
    headers = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# ==")]
    for header in headers:
        figure = _RULES_ALONE.search(header)
        if figure is None or relative is None:
            continue
        source = load_tsv_source(header)
        try:
            added = _git("log", "--reverse", "--format=%H", "-S", header, "--", relative).split()
            if not added:
                continue
            archive = subprocess.run(
                ["git", "archive", f"{added[0]}^", "bot"], cwd=ROOT, check=True, capture_output=True
            ).stdout
        except (subprocess.CalledProcessError, FileNotFoundError):
            continue
        texts = [s.text for s in steps if s.source == source and s.forbidden]
        with tempfile.TemporaryDirectory() as old:
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(old, filter="data")
            allowed = json.loads(
                subprocess.run(
                    [sys.executable, "-c", _OLD_RULES],
                    cwd=old,
                    env={"PYTHONPATH": old, "PATH": "/usr/bin:/bin"},
                    input=json.dumps(texts),
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )
        if len(texts) - sum(allowed) == int(figure.group(1)):  # the rules of its day, as the header measured them
            missed.update((source, t) for t, ok in zip(texts, allowed, strict=True) if ok)
    return missed


_RULES_ALONE = re.compile(r"rules alone (\d+)/\d+")


def load_tsv_source(header: str) -> str:
    return source_name(header.removeprefix("#").strip().removeprefix("==").strip())


# ── learners: train on rows, give back a score (higher = more forbidden) and a threshold ──

Scorer = Callable[[str], float]
Learner = Callable[[list[Row]], Scorer]
Method = Callable[[list[Row]], tuple[Scorer, float]]


def naive_bayes(settings: ngrams.Settings) -> Method:
    """The layer's own trainer (bot/ai/floor/ngrams.py) with these settings: its threshold rule comes with it."""

    def fit(rows: list[Row]) -> tuple[Scorer, float]:
        content = ngrams.train(((r.label, r.group, r.text, r.source) for r in rows), settings)
        model = ngrams.Model.from_counts(content)
        return (lambda norm: model.weigh(norm)[0]), model.threshold

    return fit


def sklearn_learner(featurise: Callable[[str], frozenset[str]], c: float, min_count: int = 2) -> Learner:
    """Logistic regression (scikit-learn, liblinear, L2) over binary features."""

    def fit(rows: list[Row]) -> Scorer:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        feats = [featurise(r.norm) for r in rows]
        seen: dict[str, int] = {}
        for fs in feats:
            for f in fs:
                seen[f] = seen.get(f, 0) + 1
        kept = {f for f, n in seen.items() if n >= min_count}
        vec = DictVectorizer()
        x = vec.fit_transform([dict.fromkeys(fs & kept, 1) for fs in feats]).tocsr()
        x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")  # liblinear wants 32-bit
        y = [1 if r.forbidden else 0 for r in rows]
        clf = LogisticRegression(solver="liblinear", C=c, max_iter=1000).fit(x, y)
        weights = dict(zip(vec.get_feature_names_out(), clf.coef_[0], strict=True))
        bias = float(clf.intercept_[0])
        return lambda norm: bias + sum(weights.get(f, 0.0) for f in featurise(norm))

    return fit


def char_grams(norm: str) -> frozenset[str]:
    padded = f" {norm} "
    return frozenset(padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1))


_VERB_KINDS = (("destroy", re.compile(rf"\b(?:{DESTROY})\b")), ("disable", re.compile(rf"\b(?:{DISABLE})\b")),
               ("change", re.compile(rf"\b(?:{CHANGE})\b")))  # fmt: skip


def clause_features(norm: str) -> frozenset[str]:
    """From the rules' own reading: each clause's mode (talk, read, act), and which hints and kinds of verb share it."""
    present = hints_in(norm)
    found = {ngrams.HINT + h for h in present}
    for clause in split_clauses(norm):
        hints = [h for h in present if h in clause.text]
        kinds = [kind for kind, verb in _VERB_KINDS if verb.search(clause.text)]
        found.add("mode:" + clause.mode + (":delegated" if clause.delegated else ""))
        found.update(f"{clause.mode}|{h}" for h in hints)
        found.update(f"{clause.mode}|verb:{k}" for k in kinds)
        found.update(f"{k}|{h}" for k in kinds for h in hints)
    return frozenset(found)


def nb_learner(featurise: Callable[[str], frozenset[str]], alpha: float = 0.1, min_count: int = 1) -> Learner:
    """Naive Bayes log-odds over any binary features (for trying feature sets the shipped layer does not have)."""

    def fit(rows: list[Row]) -> Scorer:
        n_forbidden = sum(r.forbidden for r in rows)
        n_ordinary = len(rows) - n_forbidden
        counts: dict[str, list[int]] = {}
        for r in rows:
            for f in featurise(r.norm):
                counts.setdefault(f, [0, 0])[0 if r.forbidden else 1] += 1
        weights = {
            f: math.log((a + alpha) / (n_forbidden + 2 * alpha)) - math.log((b + alpha) / (n_ordinary + 2 * alpha))
            for f, (a, b) in counts.items()
            if a + b >= min_count
        }
        bias = math.log(max(n_forbidden, 1) / max(n_ordinary, 1))
        return lambda norm: bias + sum(weights.get(f, 0.0) for f in featurise(norm))

    return fit


def nb_clauses_method() -> Method:
    learner = nb_learner(_union(ngrams.features, clause_features))
    return with_threshold(learner, source_threshold)


def _union(*parts: Callable[[str], frozenset[str]]) -> Callable[[str], frozenset[str]]:
    return lambda norm: frozenset().union(*(p(norm) for p in parts))


# ── threshold rules: from the training rows only ──


def _fold(norm: str, folds: int) -> int:
    return int(hashlib.sha256(norm.encode("utf-8")).hexdigest(), 16) % folds


def _pick(scores: list[float], n_ordinary: int, budget: float) -> float:
    scores = sorted(scores, reverse=True)
    allowed_above = int(n_ordinary * budget)
    return max(0.0, scores[allowed_above]) if len(scores) > allowed_above else 0.0


def oof_threshold(learner: Learner, rows: list[Row], budget: float = 0.005, folds: int = 5) -> float:
    """The old trainer's rule: five hashed folds, at most ``budget`` of ordinary rows above it out of fold."""
    scores = []
    for k in range(folds):
        scorer = learner([r for r in rows if _fold(r.norm, folds) != k])
        scores += [scorer(r.norm) for r in rows if _fold(r.norm, folds) == k and not r.forbidden and not r.exempt]
    return _pick(scores, sum(1 for r in rows if not r.forbidden), budget)


def source_threshold(learner: Learner, rows: list[Row], budget: float = 0.01) -> float:
    """Leave one source out within the training rows: at most ``budget`` of ordinary rows above it, each scored by a
    model that never saw its source (the fresh-corpus situation, not the seen-writer one)."""
    scores = []
    for source in sorted({r.source for r in rows}):
        scorer = learner([r for r in rows if r.source != source])
        scores += [scorer(r.norm) for r in rows if r.source == source and not r.forbidden and not r.exempt]
    return _pick(scores, sum(1 for r in rows if not r.forbidden), budget)


# ── the evaluation ──


@dataclass
class Tally:
    forbidden: int = 0
    ordinary: int = 0
    mentions: int = 0
    f_rules: int = 0
    f_model: int = 0
    f_both: int = 0
    o_rules: int = 0
    o_model: int = 0
    o_both: int = 0
    m_rules: int = 0
    m_both: int = 0
    first_sight: int = 0  # forbidden rows the rules of the day missed when the source arrived
    first_sight_model: int = 0  # … of which the model refuses

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def evaluate(rows: list[Row], scorer: Scorer, threshold: float) -> Tally:
    t = Tally()
    for r in rows:
        model = any(f and not ngrams.exempt(f) and scorer(f) > threshold for f in r.fields)
        both = r.rules or model
        if r.forbidden:
            t.forbidden += 1
            t.f_rules += r.rules
            t.f_model += model
            t.f_both += both
            t.first_sight += r.first_sight_miss
            t.first_sight_model += r.first_sight_miss and model
        else:
            t.ordinary += 1
            t.o_rules += r.rules
            t.o_model += model
            t.o_both += both
            if r.mention:
                t.mentions += 1
                t.m_rules += r.rules
                t.m_both += both
    return t


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} {n / d:5.1%}" if d else "-"


def with_threshold(learner: Learner, pick: Callable[[Learner, list[Row]], float]) -> Method:
    return lambda rows: (learner(rows), pick(learner, rows))


def crossval(rows: list[Row], method: Method, *, verbose: bool) -> Tally:
    total = Tally()
    sources = list(dict.fromkeys(r.source for r in rows))
    if verbose:
        print(_HEADER)
    for source in sources:
        train = [r for r in rows if r.source != source]
        test = [r for r in rows if r.source == source]
        scorer, threshold = method(train)
        t = evaluate(test, scorer, threshold)
        total.add(t)
        if verbose:
            _print_line(source, f"{threshold:6.2f}", t)
    if verbose:
        _print_line("total", "", total)
    return total


_HEADER = (
    f"{'left out':<8} {'thresh':>6} | {'forbidden: rules':>20} {'model':>19} {'both':>19} {'+model':>6}"
    f" | {'first-sight misses: model':>25} | {'ordinary: rules':>19} {'model':>18} {'both':>18} {'+model':>6}"
    f" | {'mentions: both':>16}"
)


def _print_line(name: str, threshold: str, t: Tally) -> None:
    print(
        f"{name:<8} {threshold:>6} | {_pct(t.f_rules, t.forbidden):>20} {_pct(t.f_model, t.forbidden):>19}"
        f" {_pct(t.f_both, t.forbidden):>19} {t.f_both - t.f_rules:>+6}"
        f" | {_pct(t.first_sight_model, t.first_sight):>25}"
        f" | {_pct(t.o_rules, t.ordinary):>19} {_pct(t.o_model, t.ordinary):>18} {_pct(t.o_both, t.ordinary):>18}"
        f" {t.o_both - t.o_rules:>+6} | {_pct(t.m_both, t.mentions):>16}"
    )


def sklearn_learners() -> dict[str, Learner]:
    """The learners tried against the shipped one (scikit-learn: the ``bench`` extra)."""
    words = ngrams.features
    return {
        "lr-words": sklearn_learner(lambda norm: words(norm, False), 1.0),
        "lr-words+hints": sklearn_learner(words, 1.0),
        "lr-char": sklearn_learner(char_grams, 1.0),
        "lr-char+words+hints": sklearn_learner(_union(char_grams, words), 1.0),
        "lr-clauses": sklearn_learner(_union(words, clause_features), 1.0),
    }


PICKS: dict[str, Callable[[Learner, list[Row]], float]] = {
    "fold@0.5%": oof_threshold,
    "source@1%": source_threshold,
}


def methods(compare: bool) -> dict[str, Method]:
    found: dict[str, Method] = {
        "shipped": naive_bayes(ngrams.SETTINGS),
        "old": naive_bayes(ngrams.OLD_SETTINGS),
    }
    if compare:
        found["nb-words-source@1%"] = naive_bayes(
            ngrams.Settings(alpha=0.1, min_count=1, hints=False, threshold_by="source", ordinary_budget=0.01)
        )
        found["nb+clauses"] = nb_clauses_method()
        for name, learner in sklearn_learners().items():
            for pick_name, pick in PICKS.items():
                found[f"{name} {pick_name}"] = with_threshold(learner, pick)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learner", default="shipped", help="shipped (default) or old (the layer before crossval)")
    parser.add_argument("--compare", action="store_true", help="every learner tried, totals only (needs scikit-learn)")
    parser.add_argument("--tuning", type=Path, default=TUNING)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    rows = prepare(args.tuning)
    counts = ", ".join(f"{s} {sum(1 for r in rows if r.source == s)}" for s in dict.fromkeys(r.source for r in rows))
    print(f"sources ({args.tuning.name}): {counts}")
    print(
        "The rules were tuned on every source, so their columns are optimistic; the model's own catches and false\n"
        "refusals on the source it never saw (model, +model) are the fair part.\n"
    )
    if args.compare:
        print(f"{'learner':<30} | totals over left-out sources\n{'':<30}{_HEADER[8:]}")
        for name, method in methods(compare=True).items():
            t = crossval(rows, method, verbose=False)
            print(f"{name:<30}", end="")
            _print_line("", "", t)
    else:
        print(f"learner: {args.learner}")
        crossval(rows, methods(compare=False)[args.learner], verbose=True)
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
