"""The hard floor: no AI-built step that an L1 technician must not perform is ever shown.

Two independent layers, so one failing does not let a step through:

- the model's own tag (``action_class`` in the tool answer) must be ``l1_safe``;
- the text and every option label must not match the floor patterns below, whatever
  the tag says (models mislabel; tickets can carry instructions meant for the model).

The patterns name commands, paths and phrasings, in English, and see through the
usual disguises: casing, extra spaces, cmd ``^`` and PowerShell backtick escapes,
Unicode dashes and look-alike letters, PowerShell aliases and abbreviated parameters.
Ordinary L1 steps (``ipconfig /flushdns``, clearing the Teams cache folder, forgetting
a Wi-Fi network) stay allowed; ``tests/data/floor_*.txt`` is the corpus that keeps
both promises and ``bench/safety_floor.py`` prints the rates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.ai.action_classes import FORBIDDEN_CLASS_LABELS, FORBIDDEN_CLASSES, ActionClass


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

# (class, pattern) pairs, checked in order against the normalised text. Patterns are
# lower case; ``\s+`` tolerates any run of spaces. Keep each one narrow enough that
# the allowed corpus passes, and add a line to tests/data when you add one.
_RULES: tuple[tuple[ActionClass, str], ...] = (
    # ── registry ──
    (C.REGISTRY, r"\bregedi?t(32)?(\.exe)?\b"),
    (C.REGISTRY, r"\bregistry\b"),
    (C.REGISTRY, r"\bhk(lm|cu|cr|u|cc)\b\s*:?\s*[\\/]"),
    (C.REGISTRY, r"\bhkey_(local_machine|current_user|classes_root|users|current_config)\b"),
    (C.REGISTRY, r"\breg(\.exe)?\s+(add|delete|import|load|unload|restore|copy|save|export|query)\b"),
    (C.REGISTRY, r"\b(set|new|remove|rename)-itemproperty\b"),
    (C.REGISTRY, r"\b\w[\w-]*\.reg\b"),
    # ── system files and boot ──
    (C.SYSTEM_FILES_BOOT, r"\bsfc(\.exe)?\s*/\s*(scannow|verifyonly|scanfile|verifyfile)|\bsfc\b"),
    (C.SYSTEM_FILES_BOOT, r"\bdism(\.exe)?\b|\brepair-windowsimage\b"),
    (C.SYSTEM_FILES_BOOT, r"\b(bcdedit|bootrec|bcdboot|bootsect)(\.exe)?\b"),
    (C.SYSTEM_FILES_BOOT, r"\bchkdsk\b|\brepair-volume\b"),
    (
        C.SYSTEM_FILES_BOOT,
        r"\bmsconfig\b|\bsystem configuration\b.*\bboot\b|\bboot (configuration|order|menu|options)\b",
    ),
    (C.SYSTEM_FILES_BOOT, r"\b(system32|syswow64|winsxs)\b|%(windir|systemroot)%|\$env:(windir|systemroot)"),
    (C.SYSTEM_FILES_BOOT, r"[a-z]:[\\/]+windows[\\/]"),
    (
        C.SYSTEM_FILES_BOOT,
        r"\bsafe mode with networking\b|\b(restart|boot|reboot)\s+([\w'-]+\s+){0,3}(in|into)\s+safe mode\b"
        r"|\bsafe boot\b|\bwindows safe mode\b|\bstartup repair\b|\bsystem restore\b|\brstrui\b|\brestore point\b",
    ),
    (C.SYSTEM_FILES_BOOT, r"\b(bios|uefi)\b|\bsecure boot\b|\bshutdown(\.exe)?\b[^.;\n]*\s/(o|fw)\b"),
    (C.SYSTEM_FILES_BOOT, r"\b(winre|recovery environment|advanced startup)\b"),
    # ── deleting data, partitions, disks ──
    (C.DATA_DELETION, r"\bdiskpart\b|\bdisk management\b|\bdiskmgmt(\.msc)?\b"),
    (
        C.DATA_DELETION,
        r"\bformat(\.com)?\s+[a-z]:|\b(re)?format(ting)?\s+(the\s+|this\s+|that\s+|a\s+)?"
        r"([\w'.-]+\s+){0,2}(drive|disk|partition|volume|usb stick|sd card|computer|laptop|pc)\b",
    ),
    (
        C.DATA_DELETION,
        r"\b(format-volume|clear-disk|remove-partition|initialize-disk|set-partition|resize-partition)\b",
    ),
    (
        C.DATA_DELETION,
        r"\b(delete|remove|shrink|extend|merge|create)\s+(the\s+|a\s+|this\s+|that\s+)?([\w'.-]+\s+)?"
        r"(partition|partitions|volume)\b|\bpartition(ing)?\s+(the\s+)?(disk|drive)\b|\brepartition",
    ),
    (C.DATA_DELETION, r"\bremove-item\b"),
    (C.DATA_DELETION, r"(^|[\s;|&(])(ri|rm|rmdir|del|erase|rd)\s+(\S+\s+)*?--?(r|rf|fr|re\w*|f|fo\w*|recursive)\b"),
    (C.DATA_DELETION, r"(^|[\s;|&(])(del|erase|rd|rmdir)\s+(\S+\s+)*?/[sqf]\b"),
    (C.DATA_DELETION, r"(^|[;|&]\s*|\|\s*)(ri|rm|del|erase)\s+\S"),
    (
        C.DATA_DELETION,
        r"\b(cipher(\.exe)?\s+/w|vssadmin\b|wbadmin\s+delete|diskutil\s+(erase|zero|secureerase)|shred\b)",
    ),
    (
        C.DATA_DELETION,
        r"\b(delete|remove|erase|wipe|clear)\s+(all\s+(of\s+)?)?(the\s+)?(user'?s?'?\s+|their\s+|his\s+|her\s+"
        r"|local\s+|windows\s+|roaming\s+)+(user\s+)?(profile|profiles|profile folder|home folder|documents|files|data"
        r"|desktop|downloads|mailbox|emails|onedrive|account)\b",
    ),
    (
        C.DATA_DELETION,
        r"\b(delete|remove)\s+(the\s+)?(user\s+)?profile\s+(folder|from)\b|\buser profiles\b.*\bdelete\b"
        r"|\bdelete\b.*\buser profiles\b",
    ),
    (
        C.DATA_DELETION,
        r"\b(delete|remove|erase|wipe)\s+everything\s+(on|from)\b|\beverything on (the\s+)?([a-z]:|drive|disk)",
    ),
    (C.DATA_DELETION, r"[a-z]:[\\/]+users[\\/]+[^\\/\s]+[\\/]*(\s|$|\*)"),
    (
        C.DATA_DELETION,
        r"\bwipe\b|\bfactory reset\b|\breset this pc\b|\breimag(e|ing)\b|\breinstall (windows|macos|the os)\b"
        r"|\bfresh start\b|\berase all content\b",
    ),
    (C.DATA_DELETION, r"\bempty (the\s+)?recycle bin\b|\bshift\s*\+\s*del(ete)?\b|\bpermanently delete\b"),
    (
        C.DATA_DELETION,
        r"\bdelete\s+([\w'.-]+\s+){0,3}(pst|\.pst)\b|\bdelete\s+(the\s+)?(shared\s+)?(sharepoint|teams?)\s+"
        r"(site|channel|team)\b",
    ),
    # ── credentials, someone else's password, MFA ──
    (
        C.CREDENTIALS_MFA,
        r"\b(set|unlock|disable|enable|new|remove)-ad(account\w*|user)\b|\bset-msoluser\w*\b"
        r"|\bset-mguser\w*\b|\bupdate-mguser\w*\b|\breset-mguser\w*\b",
    ),
    (C.CREDENTIALS_MFA, r"\bnet\s+user\b|\bcontrol\s+userpasswords2?\b|\blusrmgr(\.msc)?\b|\bnetplwiz\b"),
    (
        C.CREDENTIALS_MFA,
        r"\b(reset|change|set|update)\s+(the\s+)?(user'?s?'?|their|his|her|someone'?s|another user'?s"
        r"|the account'?s?|the customer'?s|this user'?s)\s+password\b",
    ),
    (
        C.CREDENTIALS_MFA,
        r"\b(reset|set|change)\s+(the\s+)?password\s+(for|of|on)\s+(the\s+)?(user|account|them|him|her"
        r"|customer|\w+@)",
    ),
    (
        C.CREDENTIALS_MFA,
        r"\b(give|assign|issue|generate|send)\s+([\w'.-]+\s+){0,3}(temporary|temp|one-time|default|new)\s+password\b"
        r"|\b(temporary|temp|one-time|default)\s+password\b|\bforce (a\s+)?password change\b"
        r"|\bpassword never expires\b|\buser must change password\b",
    ),
    (
        C.CREDENTIALS_MFA,
        r"\b(ask|get|have|request)\s+(the\s+user|the\s+customer|them|him|her)\s+(for|to\s+(tell|give"
        r"|share|send|read out|spell)(\s+you)?)\s+(their|the|his|her)\s+([\w'.-]+\s+)?(password|passcode|mfa code|pin)\b",
    ),
    (
        C.CREDENTIALS_MFA,
        r"\b(read|tell|give|send|share|spell)\s+(you|me|us|the technician)\s+(their|his|her|the)\s+"
        r"([\w'.-]+\s+)?(password|passcode|pin|mfa code)\b|\bwhat (their|his|her) password is\b",
    ),
    (C.CREDENTIALS_MFA, r"\b(sign|log)\s*(in|on)\s+as\s+(the\s+)?(user|customer|them|him|her)\b"),
    (
        C.CREDENTIALS_MFA,
        r"\b(reset|disable|turn off|remove|delete|bypass|revoke|clear|re-?register|exempt|exclude)\s+"
        r"([\w'.-]+\s+){0,4}(mfa|multi-?factor|2fa|two-?factor|2-step|two-step|authentication methods?|mfa methods?"
        r"|sign-in methods?|conditional access)\b",
    ),
    (
        C.CREDENTIALS_MFA,
        r"\b(mfa|multi-?factor|2fa|two-?factor)\s+([\w'.-]+\s+){0,2}(reset|off|disabled?|bypass|exemption)\b"
        r"|\brequire re-register\b|\bconditional access\b",
    ),
    # ── security software, antivirus, firewall ──
    (C.SECURITY_SOFTWARE, r"\b(set|add|remove)-mppreference\b|\bmpcmdrun\b|\bwindefend\b|\bsense\s+service\b"),
    (
        C.SECURITY_SOFTWARE,
        r"\bnetsh(\.exe)?\s+(advfirewall|firewall)\b|\b(set|new|remove|disable|enable)-netfirewall\w*\b"
        r"|\bwf\.msc\b|\bfirewall\.cpl\b",
    ),
    (
        C.SECURITY_SOFTWARE,
        r"\b(disable|turn off|switch off|shut off|stop|kill|uninstall|remove|pause|deactivate|suspend"
        r"|bypass|whitelist|allowlist|exclude|snooze|end task on)\s+([\w'.-]+\s+){0,4}?(anti-?virus|anti-?malware|defender"
        r"|firewall|av|edr|endpoint protection|real-?time protection|tamper protection|smartscreen|security software"
        r"|security agent|sentinel\s?one|crowdstrike|falcon|sophos|webroot|bitdefender|malwarebytes|mcafee|norton|eset"
        r"|huntress|cylance|trend micro|carbon black|threatlocker|umbrella|zscaler)\b",
    ),
    (
        C.SECURITY_SOFTWARE,
        r"\b(anti-?virus|defender|firewall|real-?time protection|tamper protection|smartscreen|edr)\s+"
        r"([\w'.-]+\s+){0,3}(off|disabled?|exclusions?|exceptions?)\b",
    ),
    (
        C.SECURITY_SOFTWARE,
        r"\b(add|create)\s+(an?\s+)?(exclusion|exception)\b|\ballow\s+([\w'.-]+\s+){0,3}through\s+(the\s+)?"
        r"(windows\s+)?firewall\b|\bvirus (&|and) threat protection settings\b|\bmanage settings\b.*\bprotection\b",
    ),
    (
        C.SECURITY_SOFTWARE,
        r"\bset-executionpolicy\b|-(ep|exec\w*)\s+(bypass|unrestricted)\b|\bcsrutil\b"
        r"|\bspctl\s+--master-disable\b|\bgatekeeper\b",
    ),
    # ── elevation ──
    (
        C.ELEVATION,
        r"\brun\s*(it\s+|this\s+|that\s+|\w+\s+)?as\s*(an?\s+)?(administrator|admin)\b|\bas\s+administrator\b",
    ),
    (
        C.ELEVATION,
        r"\((admin|administrator)\)|\belevated\b|\belevation\b|\badministrator:\s|\badmin(istrator)?\s+(command prompt|cmd|powershell"
        r"|terminal|prompt|shell)\b",
    ),
    (C.ELEVATION, r"\bsudo\b|\brunas\b|-verb\s+runas\b|\bgsudo\b|\bpsexec\b|\bsu\s+(-\s*|root\b)|\bsu\s*$"),
    (C.ELEVATION, r"\buac\b|\buser account control\b"),
    (
        C.ELEVATION,
        r"\blocal\s*admin\w*|\b(domain|global|tenant|exchange)\s+admin\w*|\badmin(istrator)?\s+(rights|account"
        r"|credentials|creds|password|privileges?|access|login|permissions)\b|\badministrative\s+(rights|privileges"
        r"|credentials)\b|\badministrators group\b|\bnet\s+localgroup\b|\bbuilt-in administrator\b",
    ),
    (C.ELEVATION, r"\b(log|sign)\s*(in|on)\s+(with\s+|as\s+)(the\s+)?(local\s+|domain\s+)?admin(istrator)?\b"),
    (
        C.ELEVATION,
        r"\bservices\.msc\b|\b(net|sc(\.exe)?)\s+(stop|start|config|delete|create)\b"
        r"|\b(restart|stop|start|set)-service\b|\bcompmgmt(\.msc)?\b|\bcomputer management\b",
    ),
    (
        C.ELEVATION,
        r"\b(iex|invoke-expression)\b|-enc(odedcommand)?\s|\bdownloadstring\b|\|\s*(bash|sh)\b"
        r"|\bmsiexec(\.exe)?\s+/x\b|\bwusa(\.exe)?\b|\bpnputil\b|\btakeown\b|\bicacls\b|\bcacls\b|\bchmod\b|\bchown\b",
    ),
    (C.ELEVATION, r"\bnetsh(\.exe)?\s+(winsock|int(erface)?\s+(ip|ipv4|ipv6|tcp)\s+reset)\b|\bnetwork reset\b"),
    # ── domain, DNS, DHCP ──
    (
        C.DNS_DHCP_DOMAIN,
        r"\bdnscmd\b|\bipconfig(\.exe)?\s+/\s*registerdns\b|\b(add|set|remove)-dns\w*\b"
        r"|\bset-dnsclientserveraddress\b|\b(dnsmgmt|dhcpmgmt)(\.msc)?\b",
    ),
    (C.DNS_DHCP_DOMAIN, r"\bnetsh(\.exe)?\s+(dhcp|int(erface)?\s+(ip|ipv4|ipv6)\s+(set|add|delete)\b)"),
    (
        C.DNS_DHCP_DOMAIN,
        r"\b(dhcp|dns)\s+(scope|scopes|reservation|reservations|server settings|manager|console|zone|zones"
        r"|records?|options?|lease time|forwarders?|suffix)\b|\bdhcp server\b|\bdns server (settings|address(es)?)\b"
        r"|\b(preferred|alternate) dns\b|\bdns (settings|address(es)?)\b",
    ),
    (
        C.DNS_DHCP_DOMAIN,
        r"\b(change|set|edit|modify|update|configure|point|switch)\s+([\w'.-]+\s+){0,4}(dns|dhcp|ip address"
        r"|gateway|subnet)\b(?!\s+cache)",
    ),
    (
        C.DNS_DHCP_DOMAIN,
        r"\bstatic ip\b|\bhosts file\b|[\\/]drivers[\\/]etc[\\/]hosts\b|\b(tcp/ipv[46]|ipv[46] properties"
        r"|internet protocol version [46])\b",
    ),
    (
        C.DNS_DHCP_DOMAIN,
        r"\b(enter|type|use|add|put)\s+(\S+\s+){0,4}as\s+(the\s+|a\s+)?(preferred\s+|alternate\s+)?dns\b",
    ),
    (
        C.DNS_DHCP_DOMAIN,
        r"\b(join|rejoin|re-join|unjoin|disjoin|leave|remove\s+([\w'.-]+\s+){0,3}from)\s+([\w'.-]+\s+){0,6}?"
        r"(the\s+|a\s+)?(ad\s+|azure ad\s+|entra\s+)?domain\b|\b(domain|workgroup)\s+(join|unjoin|membership)\b"
        r"|\bmove ([\w'.-]+\s+){0,3}to (a|the) workgroup\b",
    ),
    (
        C.DNS_DHCP_DOMAIN,
        r"\b(add|remove)-computer\b|\breset-computermachinepassword\b|\btest-computersecurechannel\b"
        r"|\bnltest\b|\bnetdom\b|\bdsregcmd\s+/(leave|join|forcerecovery)\b|\bsysdm\.cpl\b",
    ),
    (
        C.DNS_DHCP_DOMAIN,
        r"\bdisconnect\s+([\w'.-]+\s+){0,3}(work or school|entra|azure ad)\b|\baccess work or school\b.*\bdisconnect\b",
    ),
    # ── server and production configuration ──
    (
        C.SERVER_CONFIG,
        r"\bexchange\s+(admin|server|management shell|online powershell|control panel)\b|\beac\b"
        r"|\bactive directory\b|\baduc\b|\bdsa\.msc\b|\bdomain controller\b|\bentra\s+(admin|id)\b|\bazure\s+(ad|portal)\b",
    ),
    (
        C.SERVER_CONFIG,
        r"\badmin\s+(center|centre|portal|console|panel|page)\b|\badmin\.(microsoft|google|exchange)\.com\b"
        r"|\bportal\.azure\.com\b|\b(intune|endpoint\.microsoft\.com)\b|\bm365 admin\b",
    ),
    (C.SERVER_CONFIG, r"\bgroup policy\b|\bgpo\b|\bgpmc(\.msc)?\b|\bgpedit(\.msc)?\b|\b(new|set|remove)-gp\w*\b"),
    (
        C.SERVER_CONFIG,
        r"\b(connect-exchangeonline|connect-msolservice|connect-azuread|connect-mggraph)\b"
        r"|\b(set|new|remove|add)-(mailbox|casmailbox|mailboxpermission|distributiongroup\w*|transportrule|adgroupmember"
        r"|mggroupmember|recipientpermission)\b",
    ),
    (
        C.SERVER_CONFIG,
        r"\b(rdp|remote desktop|remote|log|sign)\s*(in|on)?\s*(in)?to\s+(the\s+|a\s+)?(file\s+|print\s+|mail\s+"
        r"|domain\s+|app\s+|sql\s+|terminal\s+|production\s+|customer'?s\s+)?server\b|\bon the server\b|\bserver manager\b",
    ),
    (
        C.SERVER_CONFIG,
        r"\b(print management|printmanagement\.msc|print server)\b|\bhyper-v\b|\bvcenter\b|\besxi\b"
        r"|\bproduction\b|\b(router|switch|firewall|sonicwall|fortigate|meraki)\s+(admin|config\w*|settings|web interface"
        r"|rules?|policy|policies)\b",
    ),
    (
        C.SERVER_CONFIG,
        r"\badd\s+(the\s+user|them|him|her|\w+@\S+)\s+to\s+(the\s+)?([\w'.-]+\s+){0,3}(group|distribution list"
        r"|shared mailbox|team)\b|\b(grant|give)\s+([\w'.-]+\s+){0,3}(full access|send as|send on behalf|owner|ownership)\b"
        r"|\b(grant|give)\s+([\w'.-]+\s+){0,3}(mailbox|folder|share|sharepoint|ntfs)\s+permissions?\b",
    ),
    # ── billing and licences ──
    (
        C.BILLING_LICENSING,
        r"\b(assign|unassign|reassign|remove|change|buy|purchase|add|upgrade|downgrade|cancel|renew"
        r"|swap|transfer|apply)\s+([\w'.-]+\s+){0,4}(licen[cs]es?|subscriptions?|seats?)\b",
    ),
    (C.BILLING_LICENSING, r"\b(billing|payment method|credit card|purchase order)\b|\blicen[cs]ing\b"),
    (C.BILLING_LICENSING, r"\bslmgr\b|\bproduct key\b|\bchange (the\s+)?edition\b"),
)

_COMPILED: tuple[tuple[ActionClass, re.Pattern[str]], ...] = tuple((cls, re.compile(p)) for cls, p in _RULES)

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
)

# Look-alike letters from other scripts that make "regedit" unreadable to a plain regex.
_CONFUSABLES = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
        "к": "k", "м": "m", "т": "t", "н": "h", "в": "b", "г": "r",
        "α": "a", "ε": "e", "ο": "o", "ρ": "p", "ι": "i", "κ": "k", "ν": "v", "τ": "t",
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u2044": "/", "\u2215": "/",
        "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None, "\u00ad": None,
        "^": None, "`": None,
    }
)  # fmt: skip


def normalise(text: str) -> str:
    """Lower case, ASCII look-alikes, escapes removed, one space between words."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_CONFUSABLES)
    return " ".join(text.split())


def _squash(normalised: str) -> str:
    return re.sub(r"[\s\"']+", "", normalised)


def match_floor(text: str) -> tuple[ActionClass, str] | None:
    """The first floor rule ``text`` breaks, as (class, the words that matched), or None."""
    norm = normalise(text)
    if not norm:
        return None
    for cls, pattern in _COMPILED:
        found = pattern.search(norm)
        if found:
            return cls, found.group(0).strip()
    squashed = _squash(norm)
    for cls, token in _SQUASHED:
        if token in squashed:
            return cls, token
    return None


_CODE_SPAN = re.compile(r"```(?:[a-z]*\n)?(.*?)```|`([^`\n]+)`", re.S)


def node_fields(node: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every piece of text a technician sees on a node, as (field name, text).

    The text, help, input label, option labels, link titles and URLs, and each code
    span (``...`` or fenced) on its own, so a command is also checked as a command.
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
        if (fenced or inline).strip()
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


def normalise_phrase(phrase: str) -> str:
    """An account's extra deny as it is stored and matched: normalised, one space between words."""
    return normalise(phrase).strip(" .,;:!?")


_WORDS = re.compile(r"[\w$%@.:/\\-]+")


def _account_hit(text: str, phrases: Sequence[str]) -> str | None:
    """The first of an account's phrases ``text`` contains as whole words, or None."""
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
