"""A second, statistical layer: word n-gram odds learned from the labelled tuning set, used only to refuse.

The rules (``decision``) know the policy's structure; this layer knows its vocabulary. It is a naive
Bayes scorer over the words and word pairs of the normalised step, counted on
``tests/data/floor_tuning.tsv`` by ``bench/train_floor_ngrams.py`` and committed as
``ngram_model.json`` (a test checks the file is exactly what the tuning set trains, so it is never
stale). It can only refuse, never allow:

- a step the rules let through is refused when its log-odds of being forbidden exceed the model's
  threshold. The threshold is chosen when training, from out-of-fold scores (five folds of the
  tuning set): the score that at most ``ORDINARY_BUDGET`` of ordinary steps, scored by a model that
  never saw them, exceed;
- a step that names one of the policy's ordinary exceptions (``exceptions.SAFE``: the user's own
  Recycle Bin, a cache, a shortcut, …) or restarts the Print Spooler is left to the rules, which know
  what the exception binds;
- the refusal names the class a second naive Bayes over the forbidden rows finds likeliest, and the
  n-grams that weighed most.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.ai.action_classes import ActionClass
from bot.ai.floor.exceptions import SAFE, spooler_restart
from bot.ai.floor.normalise import normalise

MODEL_FILE = Path(__file__).with_name("ngram_model.json")
ALPHA = 0.25  # additive smoothing of every count
MIN_COUNT = 2  # an n-gram seen once says more about its sentence than about the policy
FOLDS = 5
ORDINARY_BUDGET = 0.005  # out-of-fold share of ordinary steps the threshold may refuse

# Words that weigh in the score but say nothing to a technician reading why a step was refused.
_FUNCTION_WORDS = frozenset(
    "a an the to of for on in at by with from into onto so it its it's this that these those and or but then is are be"
    " was were has have had will would can could should may might must their his her your our my they them he she you"
    " we i me us if as up out off over back there here what which who new old".split()
)
_TOKEN = re.compile(r"[a-z0-9][a-z0-9'._\\/:%$-]*[a-z0-9%$]|[a-z0-9>]")
CLASSES: tuple[str, ...] = tuple(c.value for c in ActionClass if c is not ActionClass.L1_SAFE)


def features(norm: str) -> frozenset[str]:
    """The words and adjacent word pairs of a normalised step."""
    tokens = _TOKEN.findall(norm)
    return frozenset(tokens).union(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))


def exempt(norm: str) -> bool:
    """Whether the step names an ordinary exception; the rules alone judge those."""
    return bool(SAFE.search(norm)) or spooler_restart(norm)


# ── training (bench/train_floor_ngrams.py): counts, then the threshold from out-of-fold scores ──


def _counts(rows: Iterable[tuple[str, str, frozenset[str]]]) -> dict:
    docs = Counter()
    per_class = Counter()
    feature_counts: dict[str, list[int]] = {}
    for label, group, feats in rows:
        forbidden = label == "forbidden"
        docs[label] += 1
        column = 2 + CLASSES.index(group) if forbidden else None
        if forbidden:
            per_class[group] += 1
        for f in feats:
            counts = feature_counts.setdefault(f, [0] * (2 + len(CLASSES)))
            counts[0 if forbidden else 1] += 1
            if column is not None:
                counts[column] += 1
    kept = {f: c for f, c in sorted(feature_counts.items()) if c[0] + c[1] >= MIN_COUNT}
    return {
        "documents": {"forbidden": docs["forbidden"], "ordinary": docs["ordinary"]},
        "classes": {c: per_class[c] for c in CLASSES},
        "features": kept,
    }


def _fold(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % FOLDS


def train(rows: Iterable[tuple[str, str, str]]) -> dict:
    """The model file's content from labelled rows (label, group, text): counts and threshold, deterministic."""
    prepared = []
    for label, group, text in rows:
        norm = normalise(text)
        prepared.append((label, group, features(norm), _fold(norm), exempt(norm)))
    ordinary_scores = []
    for fold in range(FOLDS):
        model = Model.from_counts(_counts((lab, grp, f) for lab, grp, f, k, _ in prepared if k != fold), 0.0)
        ordinary_scores += [
            model.score(f) for lab, _, f, k, ex in prepared if k == fold and lab == "ordinary" and not ex
        ]
    ordinary_scores.sort(reverse=True)
    n_ordinary = sum(1 for p in prepared if p[0] == "ordinary")
    allowed_above = int(n_ordinary * ORDINARY_BUDGET)
    threshold = max(0.0, ordinary_scores[allowed_above]) if len(ordinary_scores) > allowed_above else 0.0
    content = _counts((lab, grp, f) for lab, grp, f, _, _ in prepared)
    content["threshold"] = round(threshold, 4)
    content["settings"] = {"alpha": ALPHA, "min_count": MIN_COUNT, "folds": FOLDS, "ordinary_budget": ORDINARY_BUDGET}
    return content


# ── scoring ──


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]  # log odds of forbidden over ordinary that each n-gram adds
    bias: float
    threshold: float
    class_logs: dict[str, tuple[float, ...]]  # per n-gram: log P(n-gram | class), one per forbidden class
    class_base: tuple[float, ...]  # log prior of each forbidden class

    @classmethod
    def from_counts(cls, content: dict, threshold: float | None = None) -> Model:
        docs = content["documents"]
        n_forbidden, n_ordinary = docs["forbidden"], docs["ordinary"]
        class_docs = [content["classes"][c] for c in CLASSES]
        weights: dict[str, float] = {}
        class_logs: dict[str, tuple[float, ...]] = {}
        for f, counts in content["features"].items():
            p_forbidden = (counts[0] + ALPHA) / (n_forbidden + 2 * ALPHA)
            p_ordinary = (counts[1] + ALPHA) / (n_ordinary + 2 * ALPHA)
            weights[f] = math.log(p_forbidden / p_ordinary)
            if counts[0]:
                class_logs[f] = tuple(
                    math.log((counts[2 + i] + ALPHA) / (class_docs[i] + 2 * ALPHA)) for i in range(len(CLASSES))
                )
        total = sum(class_docs) or 1
        return cls(
            weights=weights,
            bias=math.log(max(n_forbidden, 1) / max(n_ordinary, 1)),
            threshold=content["threshold"] if threshold is None else threshold,
            class_logs=class_logs,
            class_base=tuple(math.log((n + ALPHA) / (total + ALPHA * len(CLASSES))) for n in class_docs),
        )

    def score(self, feats: frozenset[str]) -> float:
        return self.bias + sum(self.weights.get(f, 0.0) for f in feats)

    def likeliest_class(self, feats: frozenset[str]) -> ActionClass:
        totals = list(self.class_base)
        for f in feats:
            logs = self.class_logs.get(f)
            if logs is not None:
                for i, value in enumerate(logs):
                    totals[i] += value
        return ActionClass(CLASSES[max(range(len(CLASSES)), key=totals.__getitem__)])

    def top_ngrams(self, feats: frozenset[str], n: int = 3) -> list[str]:
        weighed = sorted(
            (f for f in feats if self.weights.get(f, 0.0) > 0 and not _FUNCTION_WORDS.issuperset(f.split())),
            key=lambda f: (-self.weights[f], f),
        )
        chosen: list[str] = []
        for f in weighed:
            if not any(f in c or c in f for c in chosen):
                chosen.append(f)
            if len(chosen) == n:
                break
        return chosen


def load(path: Path = MODEL_FILE) -> Model | None:
    """The committed model, or None when there is none yet (the rules still run)."""
    if not path.exists():
        return None
    return Model.from_counts(json.loads(path.read_text(encoding="utf-8")))


MODEL = load()


def judge(norm: str, model: Model | None = MODEL) -> tuple[ActionClass, str] | None:
    """(class, the n-grams that weighed most) when the step's odds of being forbidden exceed the threshold."""
    if model is None or not norm or exempt(norm):
        return None
    feats = features(norm)
    value = model.score(feats)
    if value <= model.threshold:
        return None
    words = " · ".join(model.top_ngrams(feats))
    return model.likeliest_class(feats), f"{words} (word statistics {value:.1f} > {model.threshold:.1f})"
