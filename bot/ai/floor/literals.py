"""Literals a regex cannot match without: a cheap test that skips scanning a step for a rule that is not there.

The floor's big alternations (an object lexicon, ``exceptions.SAFE``) start with a lookbehind, so Python's
regex engine tries every alternative at every position of a step: tens of microseconds each, per clause.
Every match of a pattern contains at least one of its *required literals* (worked out from the pattern's
parse tree, see ``required``), and finding those is one quick scan with a regex of plain words. When none is
in the text, the pattern cannot match anywhere in it, so nothing is decided differently: only a scan that
would find nothing is skipped. (The hand-written hints in ``verbs`` do the same for a whole step, but are
checked by a test rather than worked out.)
"""

from __future__ import annotations

import re
from re import _constants as sre  # the parse tree's opcodes (Python 3.11+)
from re import _parser

_MAX_LITERALS = 400  # a pattern with more alternatives than this is scanned as it is
_MAX_EXACT = 64  # how many strings a run of literal items may stand for before it is cut


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """Of several sets a match must each meet, the one to test: longest shortest literal, then fewest."""
    if not candidates:
        return None
    return max(candidates, key=lambda s: (min(6, min(map(len, s))), -len(s)))


def _exact(op, av) -> frozenset[str] | None:
    """Every string an item matches, when it is a short list of literals ("temp", "(?:orary)?", "(?:s|es)")."""
    if op is sre.LITERAL:
        return frozenset({chr(av)})
    if op is sre.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            found = _exact_sequence(list(alternative))
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if op is sre.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _exact_sequence(list(av[3]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
        found = _exact_sequence(list(av[2]))
        return None if found is None else found | {""}
    return None


def _joined(first: frozenset[str], then: frozenset[str]) -> frozenset[str] | None:
    joined = frozenset(a + b for a in first for b in then)
    return joined if len(joined) <= _MAX_EXACT else None


def _exact_sequence(items: list) -> frozenset[str] | None:
    strings: frozenset[str] | None = frozenset({""})
    for op, av in items:
        found = _exact(op, av)
        if found is None:
            return None
        strings = _joined(strings, found)
        if strings is None:
            return None
    return strings


def _of_sequence(items: list) -> frozenset[str] | None:
    """Literals one of which every match of ``items`` (a parsed sequence) contains, or None when unknown.

    Runs of items that match only a few exact strings are joined ("temp" "(?:orary)?" " files" gives "temp files"
    and "temporary files"); any other item may stand for the whole sequence with the literals it requires."""
    candidates: list[frozenset[str]] = []
    run: frozenset[str] = frozenset({""})
    for op, av in items:
        exact = _exact(op, av)
        joined = _joined(run, exact) if exact is not None else None
        if joined is not None:
            run = joined
            continue
        if all(run):
            candidates.append(run)
        run = exact if exact is not None else frozenset({""})
        if exact is None:
            found = _of_item(op, av)
            if found is not None:
                candidates.append(found)
    if all(run):
        candidates.append(run)
    return _best(candidates)


def _of_item(op, av) -> frozenset[str] | None:
    if op is sre.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            found = _of_sequence(list(alternative))
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        return None if add_flags & re.IGNORECASE else _of_sequence(list(body))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _high, body = av
        return _of_sequence(list(body)) if low >= 1 else None
    if op is sre.ASSERT:  # a lookahead or lookbehind that must hold: its text is in the step too
        return _of_sequence(list(av[1]))
    if op is sre.ATOMIC_GROUP:
        return _of_sequence(list(av))
    return None  # a class of characters, an anchor, a negative assertion: no literal known


def required(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The literals one of which is in every text ``pattern`` matches, or None when there is no short list."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        found = _of_sequence(list(_parser.parse(pattern.pattern, pattern.flags)))
    except Exception:  # an opcode this does not know: scan as before
        return None
    if found is None or not all(found):
        return None
    # A literal that contains a shorter one is found through it: only the shortest are needed.
    found = frozenset(w for w in found if not any(o != w and o in w for o in found))
    return found if len(found) <= _MAX_LITERALS else None


def trie(words: list[str]) -> str:
    """A regex for exactly ``words``, one branch per first letter, so the engine tests few branches per position.

    Where one word is the start of another ("reg", "regedit") the longer is tried first."""
    by_first: dict[str, list[str]] = {}
    ends_here = False
    for word in words:
        if word:
            by_first.setdefault(word[0], []).append(word[1:])
        else:
            ends_here = True
    branches = [re.escape(first) + trie(rests) for first, rests in sorted(by_first.items())]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends_here else body


class Prefilter:
    """``may_match(text)`` is False only when ``pattern`` cannot match anywhere in ``text``."""

    __slots__ = ("finder",)

    def __init__(self, pattern: re.Pattern[str]) -> None:
        literals = required(pattern)
        self.finder = re.compile(trie(sorted(literals))) if literals is not None else None

    def may_match(self, text: str) -> bool:
        return self.finder is None or self.finder.search(text) is not None


# Keyed by id: hashing a compiled pattern hashes its whole program, longer than the scan it saves. The pattern is
# kept with its prefilter, so its id is never reused while the entry exists.
_PREFILTERS: dict[int, tuple[re.Pattern[str], Prefilter]] = {}


def prefilter(pattern: re.Pattern[str]) -> Prefilter:
    """The pattern's prefilter, worked out once."""
    found = _PREFILTERS.get(id(pattern))
    if found is None:
        found = _PREFILTERS[id(pattern)] = (pattern, Prefilter(pattern))
    return found[1]


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` can match anywhere in ``text`` (False: it certainly cannot)."""
    return prefilter(pattern).may_match(text)
