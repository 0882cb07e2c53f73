"""Masks secrets in notes before a report quotes them.

Technicians paste what they see into thread replies, passwords and keys included; a report
is mailed around and posted in channels, so every quoted note passes through ``redact``.
Patterns, not a library: detect-secrets was tried, but its line scanner reports every word
as a high-entropy candidate outside a code file, and it misses the plain-English forms
("the password is …") that notes actually contain.
"""

from __future__ import annotations

import re

MASK = "[redacted]"

# "password: x", "pwd=x", "API key is x", "token x", "passcode - x": keep the word, mask the value.
_SECRET_WORDS = (
    r"pass(?:word|wd|phrase|code)?|pwd|pin|secret|client[ _-]?secret|api[ _-]?key|access[ _-]?key|"
    r"private[ _-]?key|key|token|bearer|otp|mfa[ _-]?code|recovery[ _-]?code"
)
_LABELLED = re.compile(
    rf"(?i)\b(?P<word>{_SECRET_WORDS})\b(?P<sep>\s*(?:[:=]|\bis\b|\bwas\b|-)?\s*)(?P<value>[^\s,;]+)"
)
# Well-known token shapes, wherever they appear.
_TOKENS = [
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)", re.S),
    re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),  # Slack
    re.compile(r"\b(?:gh[pousr]|github_pat)_[A-Za-z0-9_]{20,}"),  # GitHub
    re.compile(r"\bsk-(?:ant-)?[A-Za-z0-9_-]{16,}"),  # Anthropic / OpenAI style
    re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),  # AWS access key id
    re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),  # JWT
    re.compile(r"(?<=://)[^/\s:@]+:[^/\s@]+(?=@)"),  # user:password@host
    re.compile(r"\b[A-Za-z0-9+/_-]{32,}={0,2}"),  # long opaque strings (keys, hashes, licence keys)
]
# Words after "password is" that are not the password ("the password is wrong", "…is expired").
_NOT_A_VALUE = {
    "wrong",
    "expired",
    "incorrect",
    "correct",
    "reset",
    "changed",
    "locked",
    "required",
    "not",
    "too",
    "the",
    "a",
    "an",
    "being",
    "still",
    "now",
    "field",
    "box",
    "prompt",
    "manager",
    "policy",
    "reset.",
    "expired.",
    "wrong.",
}


def redact(text: str) -> str:
    """``text`` with secret-looking values replaced by ``[redacted]``; everything else kept."""
    for pattern in _TOKENS:
        text = pattern.sub(MASK, text)

    def mask_value(match: re.Match) -> str:
        value = match.group("value")
        if value == MASK or value.lower() in _NOT_A_VALUE or not match.group("sep").strip() and value.isalpha():
            return match.group(0)
        return f"{match.group('word')}{match.group('sep')}{MASK}"

    return _LABELLED.sub(mask_value, text)
