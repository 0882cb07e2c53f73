"""Form bodies as Slack posts them (``application/x-www-form-urlencoded``), encoded at C speed.

``urllib.parse.urlencode`` quotes in a Python loop per byte; a walk card's click echoes the whole card
(about 5 KB of body), and in ``bench/clicks.py`` the load generator shares the two cores with the apps it
measures, so a slow encoder there slows the app with the larger cards. ``str.translate`` on the UTF-8
bytes read as Latin-1 gives exactly what ``urlencode`` gives (``quote_plus``, nothing safe but
letters, digits and ``_.-~``)."""

import string

_SAFE = frozenset(string.ascii_letters + string.digits + "_.-~")
_QUOTE_PLUS = {byte: chr(byte) if chr(byte) in _SAFE else f"%{byte:02X}" for byte in range(256)} | {ord(" "): "+"}


def quote_plus(value: str) -> str:
    """``urllib.parse.quote_plus(value)``: each UTF-8 byte outside letters, digits and ``_.-~`` as ``%XX``,
    a space as ``+``."""
    return value.encode("utf-8").decode("latin-1").translate(_QUOTE_PLUS)


def form_encode(fields: dict[str, str]) -> str:
    """``urllib.parse.urlencode(fields)`` for string keys and values."""
    return "&".join(f"{quote_plus(key)}={quote_plus(value)}" for key, value in fields.items())
