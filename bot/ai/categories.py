"""Ticket categories an account may allow AI-guided walks in.

A category says what kind of problem a ticket is, so an admin can decide where an
L1 technician may follow AI-built steps at all. The hard floor in ``bot.ai.safety``
is separate and not a category: no setting here can let a forbidden step through.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Key -> label shown in /walk settings. The first ten are the L1 defaults.
ALL_CATEGORIES: dict[str, str] = {
    "password_reset": "Password reset (self-service)",
    "account_lockout": "Account lockout",
    "printer": "Printer",
    "email_client": "Outlook / email client",
    "network_basics": "Wi-Fi and network basics",
    "vpn": "VPN connect",
    "av_conferencing": "Teams / Zoom audio and video",
    "browser": "Browser cache and cookies",
    "peripherals": "Peripheral reconnect",
    "os_restart_updates": "OS restart and updates",
    # Off by default: an admin may enable them for a team of experienced L1s.
    "software_install": "Software install from the company portal",
    "hardware": "Hardware checks",
    "mobile_devices": "Phones and tablets",
    "file_sharing": "OneDrive / SharePoint file sharing",
}

# Same keys and order as the ``accounts.ai_categories`` server default.
DEFAULT_ALLOWED_CATEGORIES: tuple[str, ...] = (
    "password_reset",
    "account_lockout",
    "printer",
    "email_client",
    "network_basics",
    "vpn",
    "av_conferencing",
    "browser",
    "peripherals",
    "os_restart_updates",
)

OTHER = "other"

# Words and phrases that point at a category when Claude is unavailable. Phrases
# match as phrases; single words match whole words (so "print" does not match "blueprint").
_KEYWORDS: dict[str, tuple[str, ...]] = {
    "password_reset": (
        "password",
        "passwords",
        "forgot password",
        "password expired",
        "reset password",
        "change password",
        "sspr",
    ),
    "account_lockout": ("locked out", "lockout", "locked", "account locked", "account disabled", "too many attempts"),
    "printer": ("printer", "printing", "print", "prints", "spooler", "toner", "paper jam", "scanner", "scan", "copier"),
    "email_client": (
        "outlook",
        "email",
        "e-mail",
        "mailbox",
        "inbox",
        "calendar",
        "ost",
        "pst",
        "shared mailbox",
        "signature",
        "mail",
    ),
    "network_basics": (
        "wifi",
        "wi-fi",
        "wireless",
        "internet",
        "network",
        "ethernet",
        "no connection",
        "dns",
        "ip address",
        "slow connection",
        "offline",
    ),
    "vpn": ("vpn", "anyconnect", "globalprotect", "forticlient", "remote access", "tunnel", "wireguard"),
    "av_conferencing": (
        "teams",
        "zoom",
        "webex",
        "meeting",
        "microphone",
        "mic",
        "camera",
        "webcam",
        "audio",
        "headset",
        "speaker",
        "video call",
        "echo",
    ),
    "browser": ("browser", "chrome", "edge", "firefox", "safari", "cookies", "cache", "website", "web page", "pop-up"),
    "peripherals": (
        "mouse",
        "keyboard",
        "monitor",
        "dock",
        "docking station",
        "usb",
        "bluetooth",
        "second screen",
        "display",
        "external",
    ),
    "os_restart_updates": (
        "windows update",
        "update",
        "updates",
        "restart",
        "reboot",
        "frozen",
        "slow",
        "freezing",
        "blue screen",
        "patch",
    ),
    "software_install": ("install", "installation", "software", "application", "app", "company portal", "licence"),
    "hardware": ("laptop", "battery", "charger", "fan", "overheating", "hard drive", "broken", "screen cracked"),
    "mobile_devices": ("iphone", "android", "phone", "mobile", "tablet", "ipad", "authenticator app"),
    "file_sharing": ("onedrive", "sharepoint", "shared folder", "file share", "sync", "permissions", "mapped drive"),
}

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def category_label(key: str) -> str:
    if key == OTHER:
        return "Other"
    return ALL_CATEGORIES.get(key, key.replace("_", " ").capitalize())


def keyword_category(text: str, allowed: Sequence[str]) -> str:
    """Best allowed category by keyword hits, or ``"other"``; ties go to the earlier key in ``allowed``.

    The fallback when Claude is unavailable or unconfigured: crude, but it never
    returns a category the account has not allowed.
    """
    lowered = " ".join(text.lower().split())
    words = set(_WORD.findall(lowered))
    best, best_hits = OTHER, 0
    for key in allowed:
        hits = 0
        for keyword in _KEYWORDS.get(key, ()):
            if (" " in keyword and keyword in lowered) or keyword in words:
                # Phrases say more than single words ("locked out" beats "password").
                hits += 2 if " " in keyword else 1
        if hits > best_hits:
            best, best_hits = key, hits
    return best
