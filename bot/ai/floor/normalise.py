"""Text normalisation for the safety floor: one spelling for every way a step can be written.

Lower case; Unicode look-alike letters folded to ASCII (Cyrillic "е" in "rеgedit", accents,
full-width and mathematical letters); zero-width characters dropped; cmd ``^`` and
PowerShell backtick escapes removed; every dash and arrow spelled one way, GUI paths
("Settings → Apps » Startup") with ``>`` between their parts; one space between words;
and common misspellings of the words the floor looks for corrected ("bitlockr",
"firewal", "dissable"), so a typo is not a way around it.
"""

from __future__ import annotations

import re
import unicodedata

# Look-alike letters from other scripts that NFKC leaves alone.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
        "к": "k", "м": "m", "т": "t", "н": "h", "в": "b", "г": "r", "ԁ": "d", "ɡ": "g", "ո": "n", "ս": "u",
        "ӏ": "l", "һ": "h", "ԛ": "q", "ԝ": "w", "ү": "y", "ё": "e", "ї": "i", "ɑ": "a", "ı": "i", "ℓ": "l",
        "α": "a", "ε": "e", "ο": "o", "ρ": "p", "ι": "i", "κ": "k", "ν": "v", "τ": "t", "υ": "u", "χ": "x",
        "β": "b", "η": "n", "ω": "w", "ѵ": "v", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "œ": "oe", "æ": "ae",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\ufe63": "-", "\uff0d": "-",
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": " > ", "\u2039": '"', "\u203a": " > ",
        "\u2192": " > ", "\u21d2": " > ", "\u27a1": " > ", "\u25b8": " > ", "\u25b6": " > ", "\u2023": " > ",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ", "\u2044": "/", "\u2215": "/",
        "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None, "\u00ad": None,
        "\u180e": None, "^": None, "`": None,
    }
)  # fmt: skip

_ARROWS = re.compile(r"\s*(?:->|=>|-->)\s*")

# Words the floor looks for, spelled right: a token one edit away from one of these (and
# at least five letters long, and not itself an ordinary word) is read as that word.
VOCABULARY: tuple[str, ...] = (
    "bitlocker", "filevault", "encryption", "encrypted", "decrypt", "recovery", "registry", "regedit",
    "firewall", "antivirus", "defender", "sentinelone", "crowdstrike", "malwarebytes", "bitdefender", "webroot",
    "quarantine", "exclusion", "protection", "partition", "partitions", "diskpart", "password", "passwords",
    "credentials", "authenticator", "multifactor", "licence", "license", "licences", "licenses", "subscription",
    "invoice", "service", "services", "spooler", "sonicwall", "fortigate", "fortinet", "meraki", "pfsense",
    "watchguard", "ubiquiti", "administrator", "elevated", "powershell", "disable", "uninstall", "mailbox",
    "exchange", "hyper-v", "firmware", "manage-bde", "recycle", "suspend", "reformat", "deactivate", "scheduled",
    "controller", "startup", "gateway",
)  # fmt: skip

# Ordinary words one edit away from a vocabulary word; never "corrected".
_REAL_WORDS = frozenset(
    {
        "disabled", "disables", "suspends", "exchanged", "exchanges", "invoices", "licensed", "startups",
        "controllers", "protections", "exclusions", "credential", "subscriptions", "encrypt", "decrypts",
        "scheduler", "recycled", "defended", "services", "serviced", "uninstalls", "reformats", "firewalls",
        "controlled", "controls", "recovered", "protecting", "protected", "passworded", "recover", "recovers", "recovering", "licenser", "invoiced", "mailboxes", "exchanger", "elevator", "suspense", "suspect", "deactivated", "quarantined",
    }
)  # fmt: skip


def _edits(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz-"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    return deletes | transposes | replaces | inserts


def _build_corrections() -> dict[str, str]:
    corrections: dict[str, str] = {}
    vocab = set(VOCABULARY)
    for word in VOCABULARY:
        for typo in _edits(word):
            if len(typo) >= 5 and typo not in vocab and typo not in _REAL_WORDS:
                corrections.setdefault(typo, word)
    return corrections


_CORRECTIONS = _build_corrections()
_TOKEN = re.compile(r"[a-z][a-z-]{3,}[a-z]")


def _correct(match: re.Match[str]) -> str:
    return _CORRECTIONS.get(match.group(0), match.group(0))


# Short words the edit-distance table leaves alone (too many real neighbours), fixed one by one.
_SHORT_TYPOS = re.compile(
    r"\b(?:(turn|switch|shut|turned|switched|turning|switching) of\b|trun|tunr|truned|delte|delet|remvoe|disbale|unistall|uninstal"
    r"|pw|pwd|passwd|pls|plz|mgr|acct|accts|u(?!:))\b"
)
_SHORT_FIXES = {
    "trun": "turn", "tunr": "turn", "truned": "turned", "delte": "delete", "delet": "delete", "remvoe": "remove",
    "disbale": "disable", "unistall": "uninstall", "uninstal": "uninstall", "pw": "password", "pwd": "password",
    "passwd": "password", "pls": "please", "plz": "please", "u": "you", "mgr": "manager", "acct": "account",
    "accts": "accounts",
}  # fmt: skip


# Chat shorthand for the objects a verb acts on: "renew sub" is a subscription, "click the minus button" removes.
_SHORTHAND = (
    (re.compile(r"\b((?:renew|cancel|upgrade|downgrade|extend|buy|pay for|top up)\w*\s+(?:the |their |his |her |a |that )?)subs?\b"),
     r"\1subscription"),
    (re.compile(r"(?<![\w/])w/o(?![\w/])"), "without"),
    (re.compile(r"(?<![\w/])w/(?![\w/])"), "with"),
    (re.compile(r"\b(?:click\w* |press\w* |hit\w* |tap\w* )?(?:the )?(?:minus|\u2212|-) (?:button|sign|icon)\b|(?<=> )minus\b"),
     "remove"),
)  # fmt: skip


_CLICK = re.compile(r"\b(right|double|left) click")


def _fix_short(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + " off"
    return _SHORT_FIXES[match.group(0)]


def normalise(text: str) -> str:
    """Lower case ASCII look-alikes, escapes removed, GUI paths with ``>``, typos fixed, one space between words."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_CONFUSABLES)  # "Ѕ" folds as "ѕ" does
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = _ARROWS.sub(" > ", text.lower()).replace("...", "…")  # an ellipsis ends no sentence
    text = " ".join(text.split())
    text = _SHORT_TYPOS.sub(_fix_short, _SHORT_TYPOS.sub(_fix_short, text))
    text = _CLICK.sub(r"\1-click", text)
    for pattern, replacement in _SHORTHAND:
        text = pattern.sub(replacement, text)
    if _CORRECTIONS.keys().isdisjoint(_TOKEN.findall(text)):
        return text  # no misspelt floor word: the same as substituting every word by itself, without the calls
    return _TOKEN.sub(_correct, text)
