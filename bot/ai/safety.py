"""The hard floor: no AI-built step that an L1 technician must not perform is ever shown.

Two independent layers, so one failing does not let a step through:

- the model's own tag (``action_class`` in the tool answer) must be ``l1_safe``;
- every field a technician sees (text, help, option labels, link titles and URLs, code
  spans) must pass the text layer, whatever the tag says (models mislabel; tickets can
  carry instructions meant for the model).

The text layer is ``bot.ai.floor.normalise`` (one spelling for every disguise), the rules of
``bot.ai.floor`` (an action on a protected object, found from the structure of the
step) and, after them, ``bot.ai.floor.ngrams`` (word statistics learned from the tuning set,
which can only refuse what the rules let through); docs/safety.md is the policy they implement. An account may add phrases of its own
(``walkbot accounts floor --deny``); they are checked after the fixed floor and can never
let through what it refuses. ``tests/data/floor_tuning.tsv`` and ``floor_heldout.tsv`` are
the labelled corpus; ``bench/safety_floor.py`` prints the rates and the time per step.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.ai.action_classes import FORBIDDEN_CLASS_LABELS, FORBIDDEN_CLASSES, ActionClass
from bot.ai.floor import match_text, ngrams
from bot.ai.floor.normalise import normalise


@dataclass(frozen=True)
class SafetyVerdict:
    """``allowed`` False means the node must be replaced.

    ``matched`` is what triggered the refusal (the words, or why the tag was refused),
    ``field`` which field of the node held them ("text", "option 2", "link 1 url", …),
    and ``account_phrase`` the account's own extra deny when that, not the fixed floor,
    refused the step.
    """

    allowed: bool
    action_class: ActionClass | None
    matched: str | None
    field: str | None = None
    account_phrase: str | None = None


C = ActionClass

# Tokens long and specific enough to also look for with every space removed ("r e g e d i t").
_SQUASHED: tuple[tuple[ActionClass, str], ...] = (
    (C.REGISTRY, "regedit"),
    (C.REGISTRY, "registryeditor"),
    (C.REGISTRY, "hkey_local_machine"),
    (C.REGISTRY, "hkey_current_user"),
    (C.SYSTEM_FILES_BOOT, "bcdedit"),
    (C.SYSTEM_FILES_BOOT, "bootrec"),
    (C.SYSTEM_FILES_BOOT, "sfc/scannow"),
    (C.DATA_DELETION, "diskpart"),
    (C.DATA_DELETION, "remove-item"),
    (C.SECURITY_SOFTWARE, "set-mppreference"),
    (C.ELEVATION, "runasadministrator"),
    (C.DNS_DHCP_DOMAIN, "dnscmd"),
    (C.DISK_ENCRYPTION, "manage-bde"),
)


_SQUASH = str.maketrans("", "", " \t\n\"'")


def _squash(normalised: str) -> str:
    return normalised.translate(_SQUASH)


def _spaced_out(norm: str, token: str) -> bool:
    """Whether ``token`` is written letter by letter ("r e g e d i t"), not as the words it is made of: written plainly
    ("run as administrator", "registry editor"), the rules judged it, negations and all."""
    pattern = r"[\s\"']*".join(re.escape(ch) for ch in token)
    for found in re.finditer(pattern, norm):
        pieces = found.group(0).split()
        if len(pieces) >= 3 and len(token) / len(pieces) <= 3:
            return True
    return False


def match_floor(text: str) -> tuple[ActionClass, str] | None:
    """The first floor rule ``text`` breaks, as (class, the words that matched), or None."""
    norm = normalise(text)
    if not norm:
        return None
    found = match_rules(norm)
    if found is not None:
        return found
    if len(norm.split()) < _FEWEST_WORDS:
        return None  # a title or label of a word or two ("Microsoft 365"): too little for word statistics to weigh
    return ngrams.judge(norm)  # the statistical layer: it can only refuse what the rules let through


# The fewest words a field needs before the statistical layer weighs it; shorter fields are the rules' alone (every
# forbidden row of the tuning set that short is a command or tool name the rules refuse by themselves).
_FEWEST_WORDS = 3


def match_rules(norm: str) -> tuple[ActionClass, str] | None:
    """The rules alone on a normalised step (``bench/floor_crossval.py`` scores the learned layer apart)."""
    hit = match_text(norm)
    if hit is not None:
        return hit.action_class, hit.words
    squashed = _squash(norm)
    for cls, token in _SQUASHED:
        if token in squashed and token not in norm and _spaced_out(norm, token):
            return cls, token
    return None


_CODE_SPAN = re.compile(r"```(?:[a-z]*\n)?(.*?)```|`([^`\n]+)`", re.S)


def node_fields(node: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every piece of text a technician sees on a node, as (field name, text).

    The text, help, input label, option labels, link titles and URLs, and each code
    span (``...`` or fenced) that holds a command line on its own, so a command is also checked as a command.
    A span of one word (a path, a file or key name, a tool's name) is judged where its field names it: alone it
    has lost the "don't open" or "paste the path into the ticket" around it, and its field holds the same words.
    """
    fields: list[tuple[str, str]] = []
    for key in ("text", "help", "input_label"):
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            fields.append((key, value))
    for i, option in enumerate(node.get("options") or (), start=1):
        label = option.get("label") if isinstance(option, Mapping) else option
        if isinstance(label, str) and label.strip():
            fields.append((f"option {i}", label))
    for i, link in enumerate(node.get("links") or (), start=1):
        if isinstance(link, Mapping):
            for part in ("title", "url"):
                value = link.get(part)
                if isinstance(value, str) and value.strip():
                    fields.append((f"link {i} {part}", value))
    spans = [
        (f"code in {name}", (fenced or inline).strip())
        for name, value in fields
        for fenced, inline in _CODE_SPAN.findall(value)
        if (fenced or inline).strip() and (fenced or re.search(r"\s", inline.strip()))
    ]
    return fields + spans


def declared_verdict(declared_class: str | None) -> SafetyVerdict | None:
    """The model's tag on its own: a refusal when forbidden, missing or unknown, else None."""
    try:
        declared = ActionClass(str(declared_class).strip().lower()) if declared_class else None
    except ValueError:
        declared = None
    if declared is None:
        return SafetyVerdict(False, None, f"action class {declared_class!r} is missing or unknown", "action_class")
    if declared in FORBIDDEN_CLASSES:
        return SafetyVerdict(False, declared, f"declared action class {declared.value}", "action_class")
    return None


MIN_DENY_PHRASE = 3


def parse_floor_denies(text: str) -> list[str]:
    """An account's extra denies from a comma- or line-separated list: normalised, without repeats.

    Raises ValueError naming the phrases too short to deny safely (they would match almost every step).
    """
    phrases: list[str] = []
    short: list[str] = []
    for raw in re.split(r"[,\n]", text):
        phrase = normalise_phrase(raw)
        if not phrase or phrase in phrases:
            continue
        if len(phrase) < MIN_DENY_PHRASE:
            short.append(raw.strip())
        else:
            phrases.append(phrase)
    if short:
        raise ValueError(
            "too short to deny safely (at least 3 characters, or every step would match): " + ", ".join(short)
        )
    return phrases


def normalise_phrase(phrase: str) -> str:
    """An account's extra deny as it is stored and matched: normalised, one space between words."""
    return normalise(phrase).strip(" .,;:!?")


_WORDS = re.compile(r"[\w$%@/\\-]+(?:[.:][\w$%@/\\-]+)*")


def _account_hit(text: str, phrases: Sequence[str]) -> str | None:
    """The first of an account's phrases ``text`` contains as whole words, or None."""
    if not phrases:
        return None  # most accounts add none: no need to normalise the field again
    words = " " + " ".join(_WORDS.findall(normalise(text))) + " "
    for phrase in phrases:
        wanted = " ".join(_WORDS.findall(normalise_phrase(phrase)))
        if wanted and f" {wanted} " in words:
            return phrase
    return None


def check_fields(
    node: Mapping[str, Any], declared_class: str | None, *, extra_denies: Sequence[str] = ()
) -> SafetyVerdict:
    """Whether a node (``Node.to_dict`` form) may be shown to an L1 technician.

    Refused when the model's own tag is forbidden, missing or unknown; when any field a
    technician sees breaks the fixed floor, whatever the tag says; or when a field
    names one of the account's ``extra_denies`` phrases. The fixed floor is checked
    first: an account can add to it, never take away.
    """
    tagged = declared_verdict(declared_class)
    if tagged is not None:
        return tagged
    fields = node_fields(node)
    for name, value in fields:
        hit = match_floor(value)
        if hit is not None:
            return SafetyVerdict(False, hit[0], hit[1], name)
    for name, value in fields:
        phrase = _account_hit(value, extra_denies)
        if phrase is not None:
            return SafetyVerdict(False, None, phrase, name, account_phrase=phrase)
    return SafetyVerdict(True, ActionClass.L1_SAFE, None)


def check_node(
    text: str, declared_class: str | None, *, options: Sequence[str] = (), extra_denies: Sequence[str] = ()
) -> SafetyVerdict:
    """``check_fields`` for a bare step text and its option labels (the bench and outside checkers call this)."""
    return check_fields({"text": text, "options": list(options)}, declared_class, extra_denies=extra_denies)


# Classes an engineer with admin rights can carry out; the rest are outside what the helpdesk does on a ticket.
_ADMIN_ACCESS_CLASSES = frozenset(
    {
        C.REGISTRY,
        C.SYSTEM_FILES_BOOT,
        C.CREDENTIALS_MFA,
        C.SECURITY_SOFTWARE,
        C.ELEVATION,
        C.DNS_DHCP_DOMAIN,
        C.SERVER_CONFIG,
        C.SERVICES_STARTUP,
        C.NETWORK_DEVICE,
        C.DISK_ENCRYPTION,
    }
)


POLICY = "docs/safety.md"


def floor_label(action_class: ActionClass | None) -> str:
    if action_class is None:
        return "a step the AI could not classify as safe"
    return FORBIDDEN_CLASS_LABELS.get(action_class, action_class.value.replace("_", " "))


def refusal_reason(verdict: SafetyVerdict) -> str:
    """One line naming the class and the words that triggered the refusal, for the technician and the log."""
    words = " ".join((verdict.matched or "").split())
    words = words if len(words) <= 80 else words[:77] + "…"
    if verdict.account_phrase is not None:
        return f"your account does not let L1 do steps about “{verdict.account_phrase}”"
    if verdict.field == "action_class" or verdict.action_class is None:
        return f"{floor_label(verdict.action_class)} ({words})"
    where = "" if verdict.field in (None, "text") else f" in {verdict.field}"
    return f"{floor_label(verdict.action_class)} (class {verdict.action_class.value}, triggered by “{words}”{where})"


def floor_escalation_node(verdict: SafetyVerdict, node_id: str) -> dict[str, Any]:
    """The escalate node shown instead of a step that breaks the floor (``Node.to_dict`` form)."""
    if verdict.account_phrase is not None:
        category = "outside_l1_scope"
        headline = "Needs an engineer: blocked by your account's safety settings."
    else:
        category = "needs_admin_access" if verdict.action_class in _ADMIN_ACCESS_CLASSES else "outside_l1_scope"
        headline = f"Needs an engineer: {floor_label(verdict.action_class)}."
    return {
        "id": node_id,
        "type": "escalate",
        "text": (
            f"{headline} The next step was not shown: {refusal_reason(verdict)}. It is not one an L1 technician "
            f"may perform on a customer's machine (safety policy, {POLICY}). Escalate with your notes so far."
        ),
        "category": category,
    }
