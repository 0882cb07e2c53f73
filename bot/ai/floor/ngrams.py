"""A second, statistical layer: word, word-pair and rule-hint odds learned from the labelled tuning set, used only to refuse.

The rules (``decision``) know the policy's structure; this layer knows its vocabulary. It is a naive
Bayes scorer over the words and adjacent word pairs of the normalised step plus the rules' own literal
hints found in it (``decision.hints_in``: the protected objects and command forms the rules look for),
counted on ``tests/data/floor_tuning.tsv`` by ``bench/train_floor_ngrams.py`` and committed as
``ngram_model.json`` (a test checks the file is exactly what the tuning set and the rules' hints train,
so it is never stale). It can only refuse, never allow:

- a step the rules let through is refused when its log-odds of being forbidden exceed the model's
  threshold: the whole step's, or one sentence's when that is higher (a forbidden sentence is not
  outvoted by the harmless ones around it). The threshold is chosen when training, by leaving one source of the tuning set out at a
  time (its ``# ==`` sections: each a different writer): the score that at most ``Settings.ordinary_budget`` of
  ordinary steps, each scored by a model that never saw its writer, exceed. Out-of-writer scores are
  what a fresh corpus looks like; random folds of the same writers were too kind (the old threshold
  refused 4.6% of a left-out writer's ordinary steps on its own);
- a step that names one of the policy's ordinary exceptions (``exceptions.SAFE``: the user's own
  Recycle Bin, a cache, a shortcut, …) or restarts the Print Spooler is left to the rules, which know
  what the exception binds;
- the refusal names the class a second naive Bayes over the forbidden rows finds likeliest, and the
  words that weighed most, both from the part (whole or sentence) that scored highest.

Learner and settings were chosen with ``bench/floor_crossval.py`` (leave-one-source-out, against
logistic regression on words, character n-grams and clause features); docs/safety.md has the figures.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from itertools import repeat
from pathlib import Path

from bot.ai.action_classes import ActionClass
from bot.ai.floor.decision import hints_in
from bot.ai.floor.exceptions import names_an_exception, spooler_restart
from bot.ai.floor.normalise import normalise

MODEL_FILE = Path(__file__).with_name("ngram_model.json")
HINT = "hint:"  # prefix of a feature that is one of the rules' literal hints


@dataclass(frozen=True)
class Settings:
    """How a model is trained; stored in the model file, so scoring uses the same features and smoothing."""

    alpha: float = 0.1  # additive smoothing of every count
    min_count: int = 1  # n-grams seen fewer times are dropped
    hints: bool = True  # the rules' literal hints found in the step are features too
    sentences: bool = True  # a step scores as its likeliest-forbidden sentence when that is higher than the whole
    threshold_by: str = "source"  # "source": leave one tuning-set section out; "fold": five hashed folds
    ordinary_budget: float = 0.01  # share of left-out ordinary steps the threshold may refuse


SETTINGS = Settings()
# The layer as it was before bench/floor_crossval.py: words and pairs only, seen twice, random folds, 0.5%.
OLD_SETTINGS = Settings(
    alpha=0.25, min_count=2, hints=False, sentences=False, threshold_by="fold", ordinary_budget=0.005
)
FOLDS = 5

# Words that weigh in the score but say nothing to a technician reading why a step was refused.
_FUNCTION_WORDS = frozenset(
    "a an the to of for on in at by with from into onto so it its it's this that these those and or but then is are be"
    " was were has have had will would can could should may might must their his her your our my they them he she you"
    " we i me us if as up out off over back there here what which who new old".split()
)
_TOKEN = re.compile(r"[a-z0-9][a-z0-9'._\\/:%$-]*[a-z0-9%$]|[a-z0-9>]")
CLASSES: tuple[str, ...] = tuple(c.value for c in ActionClass if c is not ActionClass.L1_SAFE)


def features(norm: str, hints: bool = True) -> frozenset[str]:
    """The words and adjacent word pairs of a normalised step, and (``hints``) the rules' hints in it."""
    tokens = _TOKEN.findall(norm)
    found = frozenset(tokens).union(f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False))
    return found.union(HINT + h for h in hints_in(norm)) if hints else found


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def parts(norm: str, sentences: bool = True) -> list[str]:
    """What a step is scored as: the whole, and (``sentences``) each sentence of a longer one, so a forbidden
    sentence among harmless ones is not outvoted by them."""
    pieces = [p for p in _SENTENCE_END.split(norm) if p.strip()] if sentences else []
    return [norm, *pieces] if len(pieces) > 1 else [norm]


def exempt(norm: str) -> bool:
    """Whether the step names an ordinary exception; the rules alone judge those."""
    return names_an_exception(norm) or spooler_restart(norm)


# ── training (bench/train_floor_ngrams.py): counts, then the threshold from the scores of left-out rows ──


def _counts(rows: Iterable[tuple[str, str, frozenset[str]]], min_count: int = SETTINGS.min_count) -> dict:
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
    # stored as [forbidden, ordinary, then (class index, count) for each class the feature was seen in]
    kept = {
        f: c[:2] + [n for i, k in enumerate(c[2:]) if k for n in (i, k)]
        for f, c in sorted(feature_counts.items())
        if c[0] + c[1] >= min_count
    }
    return {
        "documents": {"forbidden": docs["forbidden"], "ordinary": docs["ordinary"]},
        "classes": {c: per_class[c] for c in CLASSES},
        "features": kept,
    }


def _fold(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % FOLDS


def train(rows: Iterable[tuple[str, str, str, str]], settings: Settings = SETTINGS) -> dict:
    """The model file's content from labelled rows (label, group, text, source): counts and threshold, deterministic."""
    rows = list(rows)
    # one source cannot be left out of itself: then hashed folds
    by_source = settings.threshold_by == "source" and len({source for *_, source in rows}) > 1
    prepared = []
    for label, group, text, source in rows:
        norm = normalise(text)
        held = source if by_source else str(_fold(norm))
        prepared.append((label, group, features(norm, settings.hints), held, exempt(norm), norm))
    ordinary_scores = []
    for held in sorted({p[3] for p in prepared}):
        counted = _counts(((lab, grp, f) for lab, grp, f, k, *_ in prepared if k != held), settings.min_count)
        model = Model.from_counts({**counted, "threshold": 0.0, "settings": asdict(settings)})
        ordinary_scores += [
            model.weigh(norm)[0] for lab, _, _, k, ex, norm in prepared if k == held and lab == "ordinary" and not ex
        ]
    ordinary_scores.sort(reverse=True)
    n_ordinary = sum(1 for p in prepared if p[0] == "ordinary")
    allowed_above = int(n_ordinary * settings.ordinary_budget)
    threshold = max(0.0, ordinary_scores[allowed_above]) if len(ordinary_scores) > allowed_above else 0.0
    content = _counts(((lab, grp, f) for lab, grp, f, *_ in prepared), settings.min_count)
    content["threshold"] = round(threshold, 4)
    content["settings"] = asdict(settings)
    return content


# ── scoring ──


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]  # log odds of forbidden over ordinary that each n-gram adds
    bias: float
    threshold: float
    class_logs: dict[str, tuple[float, ...]]  # per n-gram: log P(n-gram | class), one per forbidden class
    class_base: tuple[float, ...]  # log prior of each forbidden class
    hints: bool = True  # whether the rules' hints are features (as the model was trained)
    sentences: bool = True  # whether each sentence of a longer step is scored too

    @classmethod
    def from_counts(cls, content: dict, threshold: float | None = None) -> Model:
        settings = Settings(**content.get("settings", {}))
        alpha = settings.alpha
        docs = content["documents"]
        n_forbidden, n_ordinary = docs["forbidden"], docs["ordinary"]
        class_docs = [content["classes"][c] for c in CLASSES]
        weights: dict[str, float] = {}
        class_logs: dict[str, tuple[float, ...]] = {}
        for f, counts in content["features"].items():
            p_forbidden = (counts[0] + alpha) / (n_forbidden + 2 * alpha)
            p_ordinary = (counts[1] + alpha) / (n_ordinary + 2 * alpha)
            weights[f] = math.log(p_forbidden / p_ordinary)
            if counts[0]:
                per_class = [0] * len(CLASSES)
                for i in range(2, len(counts), 2):
                    per_class[counts[i]] = counts[i + 1]
                class_logs[f] = tuple(
                    math.log((per_class[i] + alpha) / (class_docs[i] + 2 * alpha)) for i in range(len(CLASSES))
                )
        total = sum(class_docs) or 1
        return cls(
            weights=weights,
            bias=math.log(max(n_forbidden, 1) / max(n_ordinary, 1)),
            threshold=content["threshold"] if threshold is None else threshold,
            class_logs=class_logs,
            class_base=tuple(math.log((n + alpha) / (total + alpha * len(CLASSES))) for n in class_docs),
            hints=settings.hints,
            sentences=settings.sentences,
        )

    def score(self, feats: frozenset[str]) -> float:
        return self.bias + sum(map(self.weights.get, feats, repeat(0.0)))  # in C: the same sum, in the same order

    def weigh(self, norm: str) -> tuple[float, frozenset[str]]:
        """The step's log-odds of being forbidden, and the features of the part (whole or sentence) that scored it."""
        scored = [(self.score(f), f) for f in (features(p, self.hints) for p in parts(norm, self.sentences))]
        return max(scored, key=lambda pair: pair[0])

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
            (
                f
                for f in feats
                if self.weights.get(f, 0.0) > 0 and not f.startswith(HINT) and not _FUNCTION_WORDS.issuperset(f.split())
            ),
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


@functools.cache
def committed() -> Model | None:
    """The committed model, read on first use (so the trainer can rewrite a file this code no longer reads)."""
    return load()


def judge(norm: str, model: Model | None = None) -> tuple[ActionClass, str] | None:
    """(class, the n-grams that weighed most) when the step's odds of being forbidden exceed the threshold.

    ``model``: the committed one unless another is given.
    """
    model = model or committed()
    if model is None or not norm or exempt(norm):
        return None
    value, feats = model.weigh(norm)
    if value <= model.threshold:
        return None
    words = " · ".join(model.top_ngrams(feats))
    return model.likeliest_class(feats), f"{words} (word statistics {value:.1f} > {model.threshold:.1f})"
