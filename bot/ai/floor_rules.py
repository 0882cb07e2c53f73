"""The text layer of the safety floor: an action on a protected object, found from structure.

docs/safety.md is the policy this implements. A step is split into clauses (sentences,
"then", "and" before a new verb, a leading "if …," condition, a trailing "so …" reason).
Each clause gets a mode from its leading verb:

- ``talk``: asking, telling, noting, escalating, a condition, a negation ("don't open
  regedit") — it names things without touching them;
- ``read``: check, look, see, confirm — it looks without changing;
- ``act``: anything else, including a verb the floor does not know (fails closed).

Then each protected object the clause names is judged by its policy:

- ``COMMAND``: a command or tool form that is the action itself (``diskpart``, ``reg add``,
  ``sfc /scannow``, "Run as administrator") — refused in every mode;
- ``INHERENT``: an object an L1 may not even look at, because looking needs the tool
  (the Registry Editor, BIOS, an admin centre, a recovery key) — refused unless ``talk``;
- ``ANY``: a network device or server — any verb in an ``act`` clause is a configuration
  change, whatever the verb;
- a verb set: the object is refused when one of those verbs acts on it in an ``act``
  clause (after it, or before it in passive forms); when an action and the object share a
  clause and the checker cannot tell what the action is bound to, it fails closed.

``SAFE`` objects (the user's own Recycle Bin, caches, the ``.ost``, temp files, the user's
own password, restarting the Print Spooler) bind the action that names them, so the
protected words nearby (the profile folder the cache lives in) are a location, not a target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ai.action_classes import ActionClass

C = ActionClass
COMMAND, INHERENT, ANY = "command", "inherent", "any"


def _forms(verb: str) -> str:
    """A regex for a verb's common inflections ("disable" -> disable|disables|disabled|disabling)."""
    parts = verb.split(" ", 1)
    head, rest = parts[0], (" " + parts[1] if len(parts) > 1 else "")
    irregular = {
        "set": "set|sets|setting",
        "reset": "reset|resets|resetting",
        "put": "put|puts|putting",
        "shut": "shut|shuts|shutting",
        "stop": "stop|stops|stopped|stopping",
        "get": "get|gets|got|getting|gotten",
        "give": "give|gives|gave|given|giving",
        "make": "make|makes|made|making",
        "take": "take|takes|took|taken|taking",
        "pay": "pay|pays|paid|paying",
        "buy": "buy|buys|bought|buying",
        "send": "send|sends|sent|sending",
        "write": "write|writes|wrote|written|writing",
        "read": "read|reads|reading",
        "flash": "flash|flashes|flashed|flashing",
        "log": "log|logs|logged|logging",
        "plug": "plug|plugs|plugged|plugging",
        "unplug": "unplug|unplugs|unplugged|unplugging",
        "pull": "pull|pulls|pulled|pulling",
        "wipe": "wipe|wipes|wiped|wiping",
        "run": "run|runs|ran|running",
        "untick": "untick|unticks|unticked|unticking",
        "kill": "kill|kills|killed|killing",
        "end": "end|ends|ended|ending",
        "pop": "pop|pops|popped|popping",
        "drop": "drop|drops|dropped|dropping",
        "strip": "strip|strips|stripped|stripping",
        "whitelist": "whitelist|whitelists|whitelisted|whitelisting",
        "allowlist": "allowlist|allowlists|allowlisted|allowlisting",
    }
    if head in irregular:
        alt = irregular[head]
    elif head.endswith("e"):
        alt = f"{head}|{head}s|{head}d|{head[:-1]}ing"
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        alt = f"{head}|{head[:-1]}ies|{head[:-1]}ied|{head}ing"
    elif head.endswith(("sh", "ch", "x", "s")):
        alt = f"{head}|{head}es|{head}ed|{head}ing"
    else:
        alt = f"{head}|{head}s|{head}ed|{head}ing"
    return f"(?:{alt}){rest}"


def _verbs(*verbs: str) -> str:
    return "|".join(_forms(v) for v in verbs)


# ── actions ──
# Separable phrasal verbs ("turn BitLocker off") are matched with up to four words between.
_PHRASAL = (
    r"(?:turn\w*|switch\w*|shut\w*|toggle\w*|flip\w*|set\w*|take\w*|knock\w*)\s+(?:[\w'.:-]+\s+){0,4}?(?:off|down)\b"
    r"|(?:turn\w*|switch\w*|toggle\w*|flip\w*)\s+(?:[\w'.:-]+\s+){0,4}?(?:back\s+)?on\b"
)
DESTROY = _verbs(
    "delete", "remove", "erase", "wipe", "format", "reformat", "purge", "clean", "clear", "empty", "nuke",
    "destroy", "shred", "overwrite", "trash", "get rid of", "throw away", "throw out", "dispose of", "chuck", "initialize", "initialise", "partition",
    "repartition", "shrink", "merge", "discard", "move", "tidy", "zero", "bin", "deleting",
)  # fmt: skip
DISABLE = _verbs(
    "disable", "stop", "kill", "end", "pause", "suspend", "deactivate", "uninstall", "remove", "exclude",
    "whitelist", "allowlist", "allow", "unblock", "bypass", "snooze", "exempt", "quit", "close", "terminate",
    "unload", "mask", "delete", "lower", "weaken", "silence", "mute",
) + "|" + _PHRASAL  # fmt: skip
CHANGE = (
    _verbs(
        "change", "set", "edit", "modify", "update", "adjust", "tweak", "configure", "reconfigure", "alter",
        "replace", "switch", "enable", "re-enable", "add", "create", "make", "put", "enter", "type", "apply",
        "restore", "release", "rename", "assign", "grant", "give", "reset", "regenerate", "rotate", "revoke",
        "renew", "upgrade", "downgrade", "flash", "reinstall", "roll back", "revert", "resume",
        "restart", "reboot", "power cycle", "power-cycle", "unplug", "pull", "forward", "block",
        "join", "rejoin", "unjoin", "leave", "promote", "demote", "decrypt", "encrypt", "export", "back up",
        "import", "unlock", "push", "deploy", "increase", "decrease", "raise", "extend", "untick",
        "uncheck", "turn on", "switch on", "activate", "point", "fix", "repair", "migrate", "transfer", "swap",
        "cancel", "buy", "purchase", "pay", "open port", "open up", "disconnect", "convert", "bump",
        "order", "register", "unregister", "re-register", "require", "force", "drop", "move",
    )
    + "|"
    + DESTROY
    + "|"
    + DISABLE
)  # fmt: skip
# A router or access point may be power-cycled (policy); anything else done to it is configuration.
_ROUTER_VERBS = _verbs(
    "change", "set", "edit", "modify", "update", "adjust", "tweak", "configure", "reconfigure", "log", "sign",
    "forward", "open", "enable", "disable", "turn on", "upgrade", "flash", "reset", "add", "create", "block",
    "unblock", "allow", "whitelist", "apply", "put", "enter", "type", "replace", "factory reset",
    "browse to", "connect to the admin", "assign", "reserve", "open port", "open up",
)  # fmt: skip

# ── clause modes ──
_READ_LEADS = _verbs(
    "check", "see", "look", "confirm", "verify", "view", "review", "find", "identify", "observe", "watch",
    "compare", "inspect", "test", "ping", "wait", "listen", "monitor", "find out", "determine", "search",
)  # fmt: skip
_TALK_LEADS = (
    _verbs(
        "tell", "note", "write down", "record", "attach", "screenshot", "photograph",
        "escalate", "report", "mention", "explain", "describe", "say", "read out", "inform", "document",
        "contact", "call", "email", "raise a ticket", "hand", "ask", "let", "take a screenshot", "take a photo",
        "snap", "jot", "log it", "add a note", "make a note", "leave", "advise", "remind", "warn", "send a",
        "flag", "stop and escalate", "pass",
    )
    + r"|don'?t|do not|never|avoid|without|refrain|no need to|not to"
    + r"|(?:copy|paste)\w*\b[^.;]*\b(?:into|in|to) (?:the )?(?:ticket|notes?|chat|engineer)\b"
    + r"|(?:copy|paste|read)\w*\s+(?:out\s+)?(?:down\s+)?(?:the|its|that|this|their|any|what)?\s*(?:exact\s+|full\s+|whole\s+)?"
    r"(?:error|message|text|output|wording|result|answer|details|section|lines|name|code|number|warning|prompt"
    r"|notification|screen|dialog|pop-?up)"
)  # fmt: skip

_DELEGATE = re.compile(
    r"^(?:ask|have|get|let|tell|help|walk|guide|talk)\w*\s+(?:the\s+|your\s+)?(?:user|customer|caller|client|them|him|her"
    r"|requester|person|end user|staff member|employee)(?:'s)?\s+(?:through\s+|to\s+)?(?=\w)"
)
_CONDITION = re.compile(
    r"^(?:if|when|whenever|unless|once|in case|should|where|while|before|after|as soon as|because|since|as)\b[^,]*,\s*"
)
_REASON = re.compile(
    r"\s(?:so that|so|because|since|as it|as they|which|who|in case|otherwise|or else|until|to see|to check|if|whether"
    r"|when|after|while|once"
    r"|to confirm|to find out|to make sure the user|but only|the engineers? will|an engineer will)\s"
)
_NEGATED = re.compile(
    r"\((?:not|don'?t|do not|this only|only the)[^)]*\)|\bnot (?:as |an? |with )*(?:admin\w*|elevated)\b"
    r"|\bnot (?:the|any|your|their|his|her) (?:\w+ )?(?:files|data|documents|folders?|emails|mail|messages|photos)\b"
    r"|\b(?:non-?admin|non-?elevated|normal|standard|regular|unelevated|ordinary)\s+(?:user\s+)?(?:command prompt|cmd"
    r"|powershell|terminal|window|prompt|session|account)\b|\bwithout (?:admin\w*|elevation|opening|clicking"
    r"|changing|touching)[^,;.]*|\bdon'?t (?:change|touch|click|open|restore|delete|run)[^,;.]*"
    r"|\bdo not (?:change|touch|click|open|restore|delete|run)[^,;.]*"
)
# "See if turning off the firewall helps": the step is to turn it off.
_SEE_IF_DOING = re.compile(r"\b(?:see|check|test|find out|try and see|try)(?: if| whether) (\w+ing)\b")
_NEGATION_HINTS = ("not", "don", "without", "normal", "standard", "regular", "non", "ordinary", "unelevated")
_TALK_STATEMENT = re.compile(
    r"\b(?:is|are) (?:outside|out of|beyond|not (?:for|in|part of)) (?:the\s+)?(?:l1|first-line|helpdesk|our)\b"
    r"|\b(?:engineers?|the engineer|an engineer|admins?) (?:will|can|should|may|must|need to|have to)\b"
    r"|\b(?:needs?|requires?) (?:an? )?(?:engineer|admin\w*)\b|\bdoes(?:n'?t| not) (?:need|require) (?:an? )?(?:admin\w*|elevation"
    r"|engineer|rights|local admin)"
)

_VERB_WORD = re.compile(
    r"\b(?:"
    + CHANGE
    + "|"
    + _READ_LEADS
    + "|"
    + _TALK_LEADS
    + r"|go|click|press|hit|tap|do|type|enter|run|use|open|select"
    r"|choose|pick|launch|start|navigate|browse|log|sign|visit|right-click|double-click|install|connect|access|get)\b"
)
_SPLIT_SENTENCE = re.compile(r"(?<=[.!?;])\s+|[!?;]$|\.$|\n+")
_SPLIT_THEN = re.compile(
    r",?\s*\b(?:and then|then|and after that|after that|afterwards)\b,?\s*|(?<=[a-z]{3}):\s+(?=[a-z])"
)
_SPLIT_AND = re.compile(r"\s*(?:,\s*|\s)(?:and|or|&|plus|but)\s+(?=(?:" + _verbs(
    "open", "go", "click", "select", "choose", "run", "type", "press", "check", "tell", "note", "escalate",
    "restart", "reboot", "delete", "remove", "disable", "stop", "start", "sign", "log", "wait", "see", "try",
    "ask", "have", "let", "make", "change", "set", "turn", "switch", "add", "create", "clear", "empty",
    "uninstall", "reinstall", "install", "reset", "update", "take", "give", "send", "write", "copy", "paste",
    "attach", "record", "look", "confirm", "verify", "enter", "put", "edit", "pause", "suspend", "resume",
    "kill", "end", "quit", "close", "reopen", "reconnect", "connect", "disconnect", "print", "format", "wipe",
    "erase", "move", "rename", "back", "pull", "plug", "unplug", "forward", "apply", "upgrade", "flash",
    "decrypt", "unlock", "grant", "assign", "buy", "cancel", "read", "report", "retry", "reset", "drop", "raise",
    "lower", "increase", "block", "allow", "leave", "keep", "give", "pick", "choose", "select", "hit", "tap",
    "uncheck", "untick", "tick", "enable", "kill", "remove", "purge", "reboot", "browse", "navigate", "visit",
) + r")\b)")  # fmt: skip


_IMPERATIVE = re.compile(
    r"(?:please|kindly|now|just|go ahead and|you (?:should|must|need to|have to)|(?:" + CHANGE + r")\b)"
)


@dataclass(frozen=True)
class Clause:
    text: str
    mode: str  # "talk", "read", "act" or "none" (no verb at all: a label)
    delegated: bool  # "ask the user to …": the user acts on their own things
    sentence: int = 0


def _mode(text: str) -> tuple[str, bool, str]:
    delegated = False
    rest = text.strip(" ,.-–>\"'()")
    rest = re.sub(
        r"^(?:(?:please|now|next|first|finally|also|just|quickly|kindly|ok|okay|so|and|but|then|again|once more"
        r"|as a last resort|if needed|if necessary|to be safe|to fix (?:it|this)|for now|meanwhile|instead|otherwise"
        r"|step \d+|\d+[.)])\s*,?\s*)+",
        "",
        rest,
    )
    rest = re.sub(
        r"^(?:you(?:'ll| will)?|we(?:'ll)?|i(?:'d)?|the technician|the tech|l1)\s+(?:(?:want|need|have|ought|are going|is going"
        r"|should|must|can|could|may|might|will|would)\s+)*(?:to\s+)?(?:(?:like|want)\s+to\s+)?",
        "",
        rest,
    )
    rest = re.sub(
        r"^(?:(?:it'?s|it is) (?:best|worth|safest|easiest|quickest|a good idea|time|fine|ok|okay|recommended|advisable)"
        r" to|the (?:next|first|last|best|quickest|easiest) (?:thing|step|fix|option)(?: to (?:try|do))? (?:is|would be)"
        r"(?: to)?|(?:try|remember|be sure|make sure you|go ahead and|proceed to|feel free to|you may want to)(?: to)?"
        r"|(?:could|can|would|will) you(?: please)?|i need you to|we need to|let'?s|on the [\w' -]+?,|in [\w' -]+?,"
        r"|from [\w' -]+?,|via [\w' -]+?,|using [\w' -]+?,)\s*",
        "",
        rest,
    )
    if _TALK_STATEMENT.search(rest):
        return "talk", False, rest
    found = _DELEGATE.match(rest)
    if found:
        delegated = True
        after = rest[found.end() :]
        if re.match(
            r"(?:whether|if|what|which|when|where|who|how|why|for (?:the\s+)?(?:exact|error|name|number))\b", after
        ):
            return "talk", False, rest
        rest = after
    if re.match(r"(?:ask|check with|find out from|confirm with)\w*\b", rest):
        return "talk", delegated, rest
    if re.match(r"(?:is|are|does|do|did|has|have|was|were|can you see|what|which|where|when|who|how)\b", rest) and (
        text.rstrip().endswith("?") or re.match(r"(?:what|which|where|when|who|how)\b", rest)
    ):
        return "talk", delegated, rest
    lead = _VERB_WORD.search(rest)
    if lead is None:
        return "act", delegated, rest  # no verb the floor knows: fail closed
    lead_text = rest[lead.start() :]
    if (
        re.match(r"(?:" + _TALK_LEADS + r")\b", lead_text)
        and not re.match(r"(?:send|pass|hand|leave|let)\w*\s", lead_text)
        and not re.match(r"(?:tell|ask|let)\w*\s+(?:the\s+)?(?:user|customer|caller|them|him|her)\s+to\b", lead_text)
    ):
        return "talk", delegated, rest
    if re.match(r"(?:" + _READ_LEADS + r")\b", lead_text):
        return "read", delegated, rest
    return "act", delegated, rest


def split_clauses(norm: str) -> list[Clause]:
    """The clauses of a normalised step, each with its mode."""
    clauses: list[Clause] = []
    for sentence_no, sentence in enumerate(_SPLIT_SENTENCE.split(norm)):
        if not sentence or not sentence.strip():
            continue
        sentence = _SEE_IF_DOING.sub(r"\1", sentence)
        if any(map(sentence.__contains__, _NEGATION_HINTS)):
            sentence = _NEGATED.sub(" ", sentence)
        parts: list[tuple[str, str | None]] = []
        for piece in _SPLIT_THEN.split(sentence):
            condition = _CONDITION.match(piece.strip())
            if condition:
                parts.append((piece.strip()[: condition.end()], "talk"))
                piece = piece.strip()[condition.end() :]
            for sub in _SPLIT_AND.split(piece):
                while True:
                    reason = _REASON.search(sub)
                    if reason is None:
                        parts.append((sub, None))
                        break
                    parts.append((sub[: reason.start()], None))
                    if not _IMPERATIVE.match(sub[reason.end() :]):
                        parts.append((sub[reason.start() :], "talk"))
                        break
                    # "…, so please pause BitLocker first": a new instruction, not a reason; it may have its own reason
                    sub = sub[reason.end() :]
        for text, forced in parts:
            if not text.strip():
                continue
            mode, delegated, _ = _mode(text)
            clauses.append(Clause(text.strip(), forced or mode, delegated, sentence_no))
    return clauses


# ── objects, per class ──
# (class, policy, regex). Policy: COMMAND, INHERENT, ANY, or a verb regex (the actions that
# count on this object). SAFE objects are listed apart.
_OWN = r"(?:the user'?s|their|his|her|the customer'?s|the caller'?s|your|this user'?s|the employee'?s|the person'?s)"
_DRIVE = (
    r"(?:(?:hard|external|internal|secondary|second|data|usb|system|old|spare|backup|portable|c|d|e|f|[a-z]:)\s+)*"
    r"(?:drive|disk|ssd|hdd|hard drive|usb stick|usb key|thumb drive|flash drive|sd card|memory card|volume|partition"
    r"|partitions|volumes|disks|drives|nvme)\b"
)
_DRIVE_VERBS = _verbs(
    "format", "reformat", "wipe", "erase", "clean", "partition", "repartition", "initialize", "initialise", "delete",
    "shrink", "extend", "merge", "overwrite", "destroy", "zero", "nuke", "secure erase", "securely erase", "reset",
    "convert", "resize", "split", "remove",
)  # fmt: skip
_DATA = (
    r"(?:" + _OWN + r"\s+)?(?:(?:old|local|roaming|windows|user|whole|entire|corrupt|corrupted|previous|temp)\s+)*"
    r"(?:user profile|profile folder|profile|profiles|home folder|home directory|documents|desktop|downloads|pictures"
    r"|music|videos|files|data|mailbox|emails|e-mails|mail|inbox|deleted items|sent items|archive|archives|onedrive"
    r"|sharepoint|shared folder|shared drive|network share|file share|share|folder|folders|account|photos|contacts"
    r"|calendar|notes|messages|backups|backup|chats?|chat history|history|recordings|voicemails?|attachments|drafts"
    r"|librar(?:y|ies)|directory|directories|teams site|site collection|records)\b"
)
_MAIL_DATA = r"(?:\.?pst\b|pst files?|outlook data files?|mail data files?|data files?|outlook files? folder|personal folders? file)"
_CRED = (
    r"(?:(?:the user'?s|their|his|her|someone'?s|somebody'?s|another (?:user|person)'?s|the (?:\w+ )?(?:account|mailbox)'?s"
    r"|the \w+'s|[a-z]+'s|colleague'?s|the customer'?s|the caller'?s|this user'?s|the owner'?s|the manager'?s)\s+"
    r"(?:[\w@.-]+\s+){0,2}(?:password|passcode|pin|credentials|login|sign-in details|login details|passphrase)"
    r"|(?:password|passcode|credentials)\s+(?:of|for|on|to)\s+(?:the|a|an|his|her|their|that|this|another|every|all)?\s*"
    r"(?:[\w@.-]+\s+){0,2}(?:user|account|mailbox|person|employee|manager|staff|colleague|caller|customer|starter|team"
    r"|them|him|her|app|service|scanner|copier|admin|domain|tenant|wi-fi|wifi|router)"
    r"|(?:temporary|temp|default|initial) password|sign-in details|login details"
    r"|(?<=reset )(?:the|a) (?:\w+ )?password|(?<=change )(?:the|a) (?:\w+ )?password)"
)
_MFA = (
    r"(?:mfa|multi-?factor(?: authentication)?|2fa|two-?factor(?: authentication)?|2-step(?: verification)?"
    r"|two-step(?: verification)?|authentication methods?|authentication factors?|mfa (?:methods?|factors?|devices?)"
    r"|sign-in methods?|security info|authenticator(?: app)?|conditional access|okta (?:mfa|factors?|verify)"
    r"|registered (?:mfa )?(?:methods?|devices?|phones?)|hardware tokens?|security keys?|passkeys?|duo)"
)
_SECURITY = (
    r"(?:anti-?virus|anti-?malware|antivirus|windows defender(?! firewall)|microsoft defender|defender(?! firewall)"
    r"|windows security|real-?time (?:protection|scanning)|tamper protection|controlled folder access|smartscreen"
    r"|potentially unwanted app\w*(?: blocking)?|pua (?:protection|blocking)|exploit protection|core isolation"
    r"|memory integrity|cloud-delivered protection|ransomware protection|network protection|edr|\bav\b|xdr"
    r"|endpoint protection|endpoint security|security software|security agent|security suite|security app"
    r"|sentinel\s?one|crowdstrike|falcon(?: sensor)?|sophos(?!\s+(?:xg|firewall|utm|central firewall))|webroot"
    r"|bitdefender|gravityzone|malwarebytes|mcafee|norton|eset|huntress|cylance|trend micro|carbon black"
    r"|threatlocker|umbrella|zscaler|symantec|kaspersky|avast|avg|vipre|datto edr|defender for (?:endpoint|office 365)"
    r"|quarantine\w*|protection history|scanning|the scan(?:ner)?|virus (?:&|and) threat protection|firewall"
    r"|windows firewall|defender firewall|gatekeeper|xprotect|app control|application control|allow ?list|block ?list"
    r"|safe senders?|spam filter|junk filter|email filter|mail filter|safe links|safe attachments|protection|antispam"
    r"|protected view|trust cent(?:er|re)|macro (?:settings|security)|macros|mark of the web|attachment manager"
    r"|email security|mimecast|proofpoint|defender for business|device control|usb blocking|web protection|dnsfilter"
    r"|webtitan|blocked (?:sites?|websites?|urls?|files?|apps?|applications?|programs?|senders?|emails?|attachments?"
    r"|downloads?|domains?)|threat (?:protection|detection)|exclusions?)"
)
_NETDEV_VENDOR = (
    r"(?:sonicwall|sonic wall|fortigate|fortinet|forti ?gate|meraki|pfsense|opnsense|watchguard|watch guard|ubiquiti"
    r"|unifi|edgerouter|edge router|dream machine|udm(?: pro)?|usg|cisco (?:asa|switch|router|firewall|catalyst|ios)"
    r"|\basa\b|aruba|juniper|mikrotik|draytek|palo alto|sophos (?:xg|firewall|utm)|netgate|zyxel|barracuda"
    r"|checkpoint|check point|firepower|ruckus|omada|cloud key)"
)
_NETDEV = (
    _NETDEV_VENDOR
    + r"|(?:office|customer'?s|client'?s|company|company'?s|site|hardware|network|perimeter|edge|business|main|core"
    r"|building|branch|head office|the office'?s|school'?s|practice'?s|isp|isp'?s|isp-supplied)\s+(?:firewall|router|switch"
    r"|gateway|access points?)\b(?!\s+(?:lights?|leds?|status|name|password prompt))"
    r"|core switch|network switch|poe switch|managed switch|switch ?ports?|wi-?fi controller|wireless controller"
    r"|\bwlc\b|vpn (?:appliance|concentrator|gateway|tunnel|profile|policy|user|server|settings|config\w*|rule)"
    r"|site-to-site|ssl-?vpn|\bl2tp\b|wireguard|\bipsec\b|\bike\b|pre-?shared key|\bpsk\b|shared (?:secret|key)"
    r"|port[- ]?forward\w*|forward(?:ing)? (?:a |the )?port|\bnat\b|\bdmz\b|\bqos\b|web ?filter\w*|content ?filter\w*"
    r"|\bvlans?\b|\bssids?\b|client isolation|firewall (?:rules?|polic\w+|objects?)|access rules?|pass rules?"
    r"|\bwi-?fi channel|\bwireless channel|\bchannel width|\bband steering|\bmtu\b|\bconf t\b|no shutdown|interface (?:gi|fa|te|eth)|mac (?:address )?(?:filter|allow list|whitelist)"
    r"|(?:192\.168|10\.0)\.\d+\.1\b|(?:router|modem|firewall|switch|gateway|access point)'?s? (?:admin|web|management|settings|config\w*|setup) (?:page|interface"
    r"|console|portal|ui|panel)|web console|web admin|wi-?fi password on the (?:router|access point)"
)
_ROUTER = r"(?:router|modem|hub)"
# Office network gear L1 may not even power-cycle (a home router may be, see SAFE).
_SITE_GEAR = (
    r"(?:access points?|wireless access points?|\baps?\b(?= (?:in|on|at|near))|firewall appliance|gateway device|(?:the|a|that"
    r"|this|our|their) (?:network |poe |managed |core |main |office |comms )?switch(?:es)?\b(?! (?:off|on|to|between|it|user"
    r"|account|the|app|tabs?|windows|back|over|profiles?))|patch panel|comms (?:cupboard|room|cabinet) (?:kit|gear|equipment))"
)
_SERVER = (
    r"(?:(?:file|print|mail|web|app|application|sql|terminal|rds|remote desktop|domain|backup|exchange|production"
    r"|intranet|citrix|hyper-v|database|accounting|erp|crm|nas)\s+(?:box|boxes|host|hosts|machine|vm)\b"
    r"|(?:file|print|mail|web|app|application|sql|terminal|rds|remote desktop|domain|backup|exchange|production"
    r"|accounting|database|dhcp|dns|license|licence|fax|ftp|citrix|vpn|host)\s+servers?|\bservers?\b(?!\s+(?:not found"
    r"|name|address|error|is down|says|returned))|domain controllers?|\bdc\d*\b|printsrv\w*|\bsrv\w*\d\b|\bfs\d+\b(?=.*\b"
    r"(?:log|rdp|restart|change|on)\b)|hyper-?v(?: manager)?|vmware|esxi|vcenter|proxmox|virtual machines?|\bvms?\b"
    r"|hypervisors?|\bnas\b|synology|qnap|iis\b|iisreset|sql server|backup jobs?|veeam|datto (?:backup|siris|alto)"
    r"|print management|server manager|transport (?:rules?|service)|retention polic\w+|mail flow rules?|\bnetlogon\b"
    r"|\bsysvol\b|litigation hold|retention hold|in-place hold|ediscovery|archive mailbox|auto-expanding archiving)"
)
_ADMIN_PORTAL = (
    r"(?:admin (?:center|centre|portal|console|panel|dashboard|page|site)|admin\.(?:microsoft|google|exchange|cloud)\.com"
    r"|portal\.azure\.com|azure portal|autopilot|entra (?:admin\w*|portal)|entra\.microsoft\.com|intune|endpoint manager|endpoint\.microsoft\.com"
    r"|google workspace admin|exchange (?:admin|online powershell|management shell|control panel|online)|\beac\b"
    r"|partner cent(?:er|re)|purview|compliance (?:portal|center|centre)|security (?:center|centre|portal)"
    r"|sharepoint admin|teams admin|okta admin|jumpcloud|jamf|kaseya|ninja ?one|datto rmm|connectwise (?:automate"
    r"|control)|n-able|rmm (?:console|portal|dashboard)|gravityzone|(?:sentinelone|crowdstrike|sophos central) (?:console"
    r"|portal)|meraki dashboard|unifi (?:controller|network|app|console)|tenant settings)"
)
_SERVICE = (
    r"(?:(?:windows\s+)?services?\b(?!\s+(?:desk|now|ticket|portal|health|status page|account|plan|provider))"
    r"|\bwuauserv\b|\bbits\b|\bspooler\b|print spooler|windows search(?: indexer)?|search indexer|\bsysmain\b|superfetch"
    r"|\bwmi\b|winmgmt|windows management instrumentation|click-to-run|\bw32time\b|windows time|dhcp client"
    r"|dns client|\bsvchost\b|log on account|startup type|scheduled tasks?|task scheduler|\bschtasks\b"
    r"|startup (?:apps?|items?|programs?|folder|tab|entries|list)|login items|launch (?:agents?|daemons?)"
    r"|shell:startup|autoruns|(?:start\w*|run\w*|launch\w*|open\w*|load\w*)\s+(?:automatically\s+)?(?:at|on|with|during|when)\s+"
    r"(?:startup|start-up|boot|sign-in|login|logon|windows|sign in|log in|windows starts?)|(?:at|on|from) (?:startup|start-up)"
    r"|start with windows|\bdaemons?\b|systemd units?|the agent|rmm agent|backup agent|> startup(?: apps)?\b|auto-?start\w*|background apps?|(?<!end )(?<!end the )\b[\w-]*tasks?\b(?!\s*(?:manager|view|bar)))"
)
_SERVICE_VERBS = _verbs(
    "stop", "disable", "kill", "end", "pause", "set", "change", "modify", "configure", "restart", "start",
    "delete", "remove", "uninstall", "untick", "uncheck", "turn off", "switch off", "edit", "create", "add",
    "unload", "mask", "terminate", "prevent", "block", "deactivate",
) + "|" + _PHRASAL  # fmt: skip
_ENCRYPTION = (
    r"(?:bitlocker(?: drive encryption)?|bit locker|filevault|file vault|device encryption|drive encryption"
    r"|disk encryption|full[- ]disk encryption|encryption|the encrypted (?:drive|disk|usb|volume)|encrypted (?:drive|disk"
    r"|usb\w*|volume)|protectors?|bitlocker pin|startup pin|safeguard|\btpm\b|security processor)"
)
_LICENCE = (
    r"(?:licen[cs]es?|licen[cs]ing|subscriptions?|\bseats?\b|\bplans?\b|invoices?|billing|payment(?: method| details)?"
    r"|credit card|(?:the )?customer'?s card|company card|purchase orders?|product keys?|licen[cs]e keys?|volume licen[cs]e"
    r"|\bkms\b|activations?|activate|icloud storage|storage plan|\btrial\b|auto-?renew\w*|renewal|business (?:standard"
    r"|premium|basic)|\be[1357]\b|\bf[13]\b|apps for business|apps for enterprise|pro plan|ssl certificate purchase"
    r"|overdue|dollars|per month|a month|\$\d+|credits?|prepaid|balance|extra storage|more storage|storage upgrade|refunds?"
    r"|quotes?|pricing|add-ons?|paid (?:version|plan|tier|account)|premium (?:version|plan|tier|account)|pro version"
    r"|tiers?|editions?|domain names?|domain renewal)"
)
_LICENCE_VERBS = _verbs(
    "buy", "purchase", "pay", "pick up", "order", "assign", "unassign", "reassign", "remove", "add", "change",
    "upgrade", "downgrade", "cancel", "renew", "extend", "increase", "decrease", "reduce", "adjust", "move",
    "switch", "transfer", "apply", "enter", "type", "activate", "deactivate", "register", "free up", "top up",
    "release", "convert", "swap", "get", "sign up", "subscribe", "unsubscribe", "update", "set", "give",
    "allocate", "provision", "delete", "use", "charge", "bill", "refund", "claim", "redeem", "top up", "convert",
    "request a refund", "approve", "sign up for", "raise an order",
)  # fmt: skip
_DNS = (
    r"(?:dns(?: servers?| settings?| address\w*| entries| records?| zones?| suffix\w*| forwarders?| resolvers?)?"
    r"|nameservers?|name servers?|\bmx records?|\bcname|\ba records?|txt records?|spf records?|private dns"
    r"|ip address(?:es)?|\bip\b(?! (?:phone|camera))|ipv4 (?:settings|address|properties)|ipv6|ip settings|default gateway|\bgateway\b|subnet(?: mask)?"
    r"|static ip|fixed ip|static (?:ip )?address\w*|fixed (?:ip )?address\w*|manual ip|dhcp(?: scopes?| reservations?| server| options?| leases?)?|(?:the\s+|a\s+|ad\s+|azure ad\s+"
    r"|entra\s+|windows\s+)?domain\b|workgroup|group polic(?:y|ies)(?: objects?| settings?)?|\bgpos?\b|active directory"
    r"|\bad (?:user|users|group|groups|account|accounts|object|attributes?|ou)|\bou\b|organi[sz]ational units?"
    r"|security groups?|logon scripts?|login scripts?|hosts file|proxy settings|wins\b|azure ad|entra(?: id)?|\baad\b"
    r"|work or school(?: account)?|lease time|adapter (?:settings|properties)|network adapter settings|tcp/ipv?[46]?)"
)
_DNS_VERBS = (
    _verbs(
        "change", "set", "edit", "modify", "update", "configure", "point", "switch", "replace", "enter", "type",
        "add", "put", "remove", "delete", "join", "rejoin", "unjoin", "leave", "move", "take", "create", "assign",
        "give", "turn on", "enable", "disable", "reserve", "override", "hard-code", "hardcode", "fix",
        "register", "link", "unlink", "apply", "push", "use", "disconnect", "increase", "decrease",
        "extend", "shorten", "unenroll", "enroll", "block", "unblock", "delete",
    )
    + "|"
    + _PHRASAL
)  # fmt: skip
_DNS_READ_ONLY = _verbs("release", "renew", "flush", "use")

SAFE = re.compile(
    r"(?<![a-z0-9])(?:(?:outlook|word|excel|office|the app|teams|chrome|edge|firefox|the browser|browser|app)\w*\s+in\s+safe mode"
    r"|\b(?:start|open|launch)\w*\s+(?:it|the application|the program)\s+in\s+safe mode"
    r"|/safe\b|(?:the\s+|their\s+|the user'?s\s+|your\s+|own\s+|desktop\s+|local\s+)*recycle bin(?! on (?:the )?(?:\w+ )?(?:server|share|nas|drive|s:))|\btrash\b(?! the)"
    r"|\bcaches?\b|cached (?:files|images|data|credentials)|cookies|browsing (?:data|history)|site data|\btemp(?:orary)? files"
    r"|%temp%|temp folder|\.ost\b|\bost files?|offline cache|cached exchange mode|credential manager|windows credentials"
    r"|saved (?:credentials|entries)|print queue|print jobs?|stuck (?:jobs|documents)|documents in the queue"
    r"|(?:their|his|her|the user'?s) own (?:password|passcode|pin|security info|phone|code)|their own registered"
    r"|self-?service|\bsspr\b|change a password|ctrl\s*\+\s*alt\s*\+\s*del\w*|mysignins|aka\.ms/(?:sspr|mysecurityinfo)"
    r"|(?:home|broadband|isp)\s+(?:wi-?fi\s+)?(?:router|modem|hub)|their router|the user'?s (?:home )?router|wi-?fi network"
    r"|known networks?|notifications?|dns cache|flushdns|/release|/renew|/all\b|gpupdate|gpresult|/status\b|nslookup"
    r"|resolve-dnsname|scutil --dns|downloads? folder in (?:edge|chrome)|storage sense|disk cleanup(?! .*system files)"
    r"|the app'?s cache|teams (?:cache|classic cache)|%appdata%\\microsoft\\teams|%localappdata%\\packages\\msteams"
    r"|app data (?:for|of) (?:teams|the app)|scan|quick scan|full scan|definition updates|security intelligence updates"
    r"|protection updates|check for updates|windows update(?! service)|pending updates|install (?:the )?updates"
    r"|vpn client|forticlient|globalprotect|anyconnect|secure client|printer driver|mapped (?:network )?drive"
    r"|(?:desktop |start menu |taskbar )?shortcuts?\b|power (?:plan|options|settings|mode)|display settings|\bicons?\b"
    r"|map (?:a )?network drive)(?![a-z0-9])"
)


def _rule(cls: ActionClass, policy: str, pattern: str) -> tuple[ActionClass, str, re.Pattern[str]]:
    """A rule; object patterns match whole words only ("eset" is not in "reset")."""
    if policy != COMMAND:
        pattern = r"(?<![a-z0-9])(?:" + pattern + r")(?![a-z0-9])"
    return cls, policy, re.compile(pattern)


# Commands and tools that are the forbidden action themselves, in any mode.
COMMANDS = (
    _rule(C.REGISTRY, COMMAND, r"\breg(?:\.exe)?\s+(?:add|delete|import|load|unload|restore|copy|save|export|query)\b"),
    _rule(C.REGISTRY, COMMAND, r"\b(?:set|new|remove|rename|clear)-itemproperty\b|\bhk(?:lm|cu|cr|u|cc):"),
    _rule(C.SYSTEM_FILES_BOOT, COMMAND, r"\bsfc(?:\.exe)?\s*/\s*\w+|\bsfc\s+scannow\b|\bsfc/scannow\b"),
    _rule(
        C.SYSTEM_FILES_BOOT,
        COMMAND,
        r"\bdism(?:\.exe)?\b|\brepair-windowsimage\b|\b(?:bcdedit|bootrec|bcdboot|bootsect)\b",
    ),
    _rule(
        C.SYSTEM_FILES_BOOT,
        COMMAND,
        r"\bchkdsk\b|\brepair-volume\b|\brstrui\b|\bshutdown(?:\.exe)?\b[^.;\n]*\s/(?:o|fw)\b",
    ),
    _rule(
        C.SYSTEM_FILES_BOOT,
        COMMAND,
        r"\b(?:uninstall|roll\w* back|remove|revert\w*)\s+(?:[\w'.-]+\s+){0,4}?(?:updates?|kb\d+|feature update|build)\b"
        r"|\buninstall updates\b|\bgo back to (?:the\s+)?(?:previous|earlier|older|last) (?:version|build)"
        r"|\brevert\w* to (?:the\s+)?(?:previous|earlier|older|last) (?:version|build)|\bwusa(?:\.exe)?\b",
    ),
    _rule(C.DATA_DELETION, COMMAND, r"\bdiskpart\b|\bdisk management\b|\bdiskmgmt(?:\.msc)?\b|\bdisk utility\b"),
    _rule(
        C.DATA_DELETION,
        COMMAND,
        r"\bformat(?:\.com)?\s+[a-z]:(?!\w)|\bmkfs\b|\bdiskutil\s+(?:erase\w*|zero\w*|secureerase|partition\w*)",
    ),
    _rule(
        C.DATA_DELETION,
        COMMAND,
        r"(?:^|[.;:>]\s*|\b(?:and|then|please|to|you|should|must)\s+)(?:re)?format\w*\s+(?:the|a|an|this|that|their|his|her|it"
        r"|your|its)\b(?!\s+(?:text|cells?|date|columns?|document|email|message|paragraph|font|table|page|username|number"
        r"|output|list|spreadsheet|file name|phone number))|\berase\w*\s+(?:the|a|an|this|that|their|his|her|it|all|every)\b"
        r"(?!\s+(?:whiteboard|text|line|word|field|entry|search|history in))",
    ),
    _rule(
        C.DATA_DELETION,
        COMMAND,
        r"\b(?:format-volume|clear-disk|remove-partition|initialize-disk|set-partition|resize-partition|new-partition"
        r"|remove-ciminstance|remove-wmiobject|remove-mailbox|remove-item|win32_userprofile)\b",
    ),
    _rule(
        C.DATA_DELETION,
        COMMAND,
        r"(?:^|[\s;|&(])(?:ri|rm|rmdir|del|erase|rd)\s+(?:\S+\s+)*?--?(?:r|rf|fr|re\w*|f|fo\w*|recursive)\b",
    ),
    _rule(C.DATA_DELETION, COMMAND, r"(?:^|[\s;|&(])(?:del|erase|rd|rmdir)\s+(?:\S+\s+)*?/[sqf]\b"),
    _rule(C.DATA_DELETION, COMMAND, r"(?:^|[;|&]\s*|\|\s*|\brun\s+)(?:ri|rm|del|erase)\s+[\S]*[\\/*~$%]"),
    _rule(C.DATA_DELETION, COMMAND, r"\bcipher(?:\.exe)?\s+/w|\bvssadmin\b|\bwbadmin\s+delete|\bshred\b"),
    _rule(
        C.DATA_DELETION,
        COMMAND,
        r"\bwipe\b(?!\s+(?:down|the (?:screen|keyboard|mouse|lens|camera)|clean))|\bfactory[- ]?(?:reset|settings|defaults)"
        r"|\breset this pc\b|\breset (?:the\s+)?(?:pc|laptop|computer|phone|iphone|ipad|device|mac)(?=\s*$|\s*[.,;]|\s+(?:to|from|and|so|completely|back|using|with|entirely|fully)\b)"
        r"|\breimag(?:e|ing)\b|\breinstall (?:windows|macos|the os|the operating system)|\bfresh start\b"
        r"|\berase all (?:content|data)|\bremove everything\b|\bremove all files\b|\bpermanently delet\w*|(?<!ctrl\s\+\s)(?<!ctrl\+)"
        r"\bshift\s*\+\s*del(?:ete)?\b|\bsecure(?:ly)? erase|\bretire (?:the )?device",
    ),
    _rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        r"\b(?:set|unlock|disable|enable|new|remove)-ad(?:account\w*|user)\b|\b(?:set|update|reset)-(?:msol|mg|azuread)user\w*"
        r"|\bnet\s+user\b|\bcontrol\s+userpasswords2?\b|\blusrmgr(?:\.msc)?\b|\bnetplwiz\b|\btemporary access pass\b"
        r"|\bmust change (?:password )?at next (?:logon|login|sign-in)|\bpassword never expires\b|\buser must change password\b"
        r"|\bchange (?:it|the password) at next (?:logon|login)",
    ),
    _rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        r"(?:^|[.;:,]\s*|\b(?:and|then|please|to)\s+)(?:ask|request)\w*\s+(?:the\s+\w+\s+|them\s+|him\s+|her\s+)?"
        r"(?:for|to (?:tell|give|read|send|share|spell)(?: you| me)?(?: out)?)\s+(?:their|his|her|the|a|your|[a-z]+'s)\s+"
        r"(?:[\w'-]+\s+){0,2}(?:passwords?|passcodes?|(?:mfa|verification|one-time|authenticator|otp|6-digit|six-digit|sms|2fa"
        r"|sign-in|login|text) codes?|pin|credentials|login|sign-in details)\b"
        r"|\b(?:get|obtain|collect|take|pull|fetch|grab|retrieve|look up|reveal|show|export|copy|view|find out|note down"
        r"|write down)\w*\s+(?:the\s+|all\s+)?(?:user'?s|customer'?s|caller'?s|their|his|her|someone'?s|[a-z]+'s|saved)"
        r"\s+(?:saved\s+)?(?:[\w-]+\s+)?(?:passwords?|passcodes?|pin|credentials|codes?)\b(?!\s+(?:has expired|is wrong|prompt|expiry))"
        r"|\b(?:export|reveal|show)\w*\s+(?:the\s+)?(?:saved\s+)?passwords?",
    ),
    _rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        r"\b(?:read|tell|give|send|share|spell|text|email|write|pop|put|paste|type|say|dictate)\w*\s+(?:(?:it|them|out|back"
        r"|over|you|me|us|the technician|the engineer|the user|the team)\s+)*(?:their|his|her|the|your|the user'?s"
        r"|the new|a new|the temp\w*|the saved|the admin|the wi-fi admin|the six-digit|the 6-digit|the one-time)?\s*"
        r"(?:[\w-]+\s+){0,2}(?:password|passcode|pin|mfa code|verification code|code|codes|credentials|sign-in details"
        r"|login details)\b(?=[^.;]*\b(?:you|me|us|ticket|notes?|note|sticky|phone|email|chat|teams|caller|team|technician"
        r"|engineer|them|to (?:the )?user|monitor|paper|finish|sign in|log in|so you)\b)",
    ),
    _rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        r"\b(?:read|tell|give|send|share|spell|text|email|message|say|dictate|forward)\w*\s+(?:out\s+)?(?:to\s+)?(?:you|me|us"
        r"|the technician|the engineer|the helpdesk)\b[^.;]{0,40}\b(?:password|passcode|pin|codes?|credentials)\b",
    ),
    _rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        r"\b(?:give|issue|assign|send|email|text|generate|create|set|make|hand)\w*\s+(?:the user|them|him|her|the \w+|\w+)\s+"
        r"(?:a\s+)?(?:new|temporary|temp|fresh|one-time)\s+(?:password|pin|passcode)"
        r"|\b(?:approve|accept|confirm)\w*\s+(?:the\s+)?(?:mfa|sign-in|login|push|authenticator)\w*\s+(?:request|prompt"
        r"|notification)s?\s+(?:for|on behalf of)\b|\bon (?:their|the user'?s|his|her) behalf\b"
        r"|\b(?:use|with)\s+(?:the\s+)?(?:user'?s|their|his|her|someone'?s|[a-z]+'s)\s+(?!own\b)(?:credentials|password|login)",
    ),
    _rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        r"\b(?:sign|log)\s*(?:in|on)\w*\s+(?:to\s+\S+\s+)?as\s+(?:the\s+)?(?:user|customer|them|him|her)\b",
    ),
    _rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        r"\bkeychain access\b[^.;]*\b(?:show|reveal|copy)\b|\bpassword (?:vault|manager)\b[^.;]*\b(?:send|share|give|tell|copy|pull)\b|\b(?:send|share|give|tell|pull)\w*\b[^.;]*\bfrom the (?:team'?s )?password (?:vault|manager)",
    ),
    _rule(
        C.SECURITY_SOFTWARE,
        COMMAND,
        r"\b(?:set|add|remove)-mppreference\b|\bmpcmdrun\b|\bwindefend\b|\bnetsh(?:\.exe)?\s+(?:advfirewall|firewall)\b"
        r"|\b(?:set|new|remove|disable|enable)-netfirewall\w*\b|\bwf\.msc\b|\bfirewall\.cpl\b|\bset-executionpolicy\b"
        r"|-(?:ep|exec\w*)\s+(?:bypass|unrestricted)\b|\bcsrutil\b|\bspctl\b|\bwith advanced security\b"
        r"|\b(?:add|create)\w*\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:exclusion|exception)s?\b|\ballow\w*\s+(?:[\w'.-]+\s+){0,4}"
        r"(?:through|past|in)\s+(?:the\s+)?(?:windows\s+|defender\s+)?firewall\b|\ballow (?:it )?on (?:the )?device\b"
        r"|\b(?:release|restore)\w*\s+(?:[\w'.-]+\s+){0,3}(?:quarantin\w*|from (?:the )?quarantine|protection history)"
        r"|\bunquarantin\w*|\bexecution policy\b",
    ),
    _rule(
        C.ELEVATION,
        COMMAND,
        r"\brun\w*\s*(?:[\w'.-]+\s+){0,3}as\s*(?:an?\s+)?(?:administrator|admin|different user|another user|system)\b",
    ),
    _rule(
        C.ELEVATION,
        COMMAND,
        r"\bas (?:an?\s+)?(?:administrator|admin)\b|\((?:admin|administrator)\)|\belevated\b|\belevation\b|\badministrator:\s"
        r"|\badmin(?:istrator|istrative)?\s+(?:command prompt|cmd|powershell|terminal|prompt|shell|session|window)\b"
        r"|\bsudo\b|\brunas\b|-verb\s+runas\b|\bgsudo\b|\bpsexec\b|\bsu\s+(?:-\s*|root\b)|\bsu\s*$|\bsystem prompt\b"
        r"|\b(?:iex|invoke-expression)\b|-enc(?:odedcommand)?\s|\bdownloadstring\b|\|\s*(?:bash|sh|iex)\b"
        r"|\bmsiexec(?:\.exe)?\s+/x\b|\bpnputil\b|\btakeown\b|\bicacls\b|\bcacls\b|\bchmod\b|\bchown\b|\binstall-module\b"
        r"|\bnetsh(?:\.exe)?\s+(?:winsock|int(?:erface)?\s+(?:ip|ipv4|ipv6|tcp)\s+reset)\b|\bnetwork reset\b"
        r"|\bclean up system files\b|\btake ownership\b|\bfull control\b|\bnet\s+localgroup\b|\badministrators group\b"
        r"|\ballow (?:the )?user to administer\b|\bchange account type\b|\bbuilt-in administrator\b|\bas root\b"
        r"|\broot (?:shell|access|password|account)\b"
        r"|(?:^|[.;]\s*)(?:(?!\b(?:if|escalat\w*|whether|when|unless|note|tell|ask|doesn'?t|does not|won'?t|not|no)\b)[^.;])*?"
        r"\b(?:needs?|requires?|requiring|needing)\s+(?:an?\s+)?(?:admin\w*|elevat\w*|local admin\w*)(?![^.;]*\bescalat)",
    ),
    _rule(
        C.DNS_DHCP_DOMAIN,
        COMMAND,
        r"\bdnscmd\b|\bipconfig(?:\.exe)?\s+/\s*registerdns\b|\b(?:add|set|remove)-dns\w*\b|\bset-dnsclientserveraddress\b"
        r"|\b(?:dnsmgmt|dhcpmgmt|gpmc|gpedit|dsa|adsiedit|domain|dssite)\.msc\b|\bgpedit\b|\bgpmc\b|\baduc\b"
        r"|\bactive directory users and computers\b|\bgroup policy (?:management|editor|object editor)\b"
        r"|\bnetsh(?:\.exe)?\s+(?:dhcp|int(?:erface)?\s+(?:ip|ipv4|ipv6)\s+(?:set|add|delete)\b)|\bhosts file\b"
        r"|[\\/]drivers[\\/]etc[\\/]hosts\b|\bstatic ip\b|\buse the following (?:ip|dns)\b|\b(?:add|remove)-computer\b"
        r"|\breset-computermachinepassword\b|\btest-computersecurechannel\b|\bnltest\b|\bnetdom\b|\bdsregcmd\s+/(?:leave|join"
        r"|forcerecovery|debug)\b|\bsysdm\.cpl\b|\bncpa\.cpl\b[^.;]*\b(?:properties|ipv4|dns)\b|\bregistrar\b"
        r"|\bnetworksetup\s+-set\w+|\b(?:unjoin|disjoin|rejoin|re-join)\b[^.;]*\bdomain\b|\bdomain\s+(?:join|unjoin)\b"
        r"|\b(?:re-?)?join\w*\s+(?:it|the \w+|them|the laptop|the pc)\s+(?:back\s+)?(?:to|into|on)\s+(?:the\s+)?(?:ad|domain|azure ad|entra)\b"
        r"|\bmove [\w' -]{0,30}?to (?:a|the) workgroup\b|\bprivate dns\b",
    ),
    _rule(
        C.SERVER_CONFIG,
        COMMAND,
        r"\b(?:connect-exchangeonline|connect-msolservice|connect-azuread|connect-mggraph|connect-ippssession)\b"
        r"|\b(?:set|new|remove|add|enable|disable)-(?:mailbox\w*|casmailbox|distributiongroup\w*|transportrule|adgroupmember"
        r"|mggroupmember|recipientpermission|unifiedgroup\w*|retentionpolicy\w*|mailboxfolderpermission)\b"
        r"|\b(?:rdp|remote desktop|remote|mstsc|ssh|log|sign|jump|hop|connect)\w*\s*(?:in|on)?\s*(?:in)?to\s+(?:the\s+|a\s+)?"
        r"(?:[\w'-]+\s+){0,2}?(?:server|dc|host|vm)\b|\biisreset\b|\b(?:full access|send as|send on behalf)\b|\b(?:mailbox|folder|share|sharepoint"
        r"|ntfs|file|shared mailbox|calendar|delegate) permissions?\b",
    ),
    _rule(
        C.SERVER_CONFIG,
        COMMAND,
        r"\b(?:add|remove)\w*\s+(?:the user|them|him|her|[a-z]+|[\w.]+@[\w.]+)\s+(?:to|from|as (?:a )?(?:member|owner) of)\s+"
        r"(?:the\s+)?(?:[\w'-]+\s+){0,3}(?:group|team|channel|distribution list|dl|security group|mailing list|shared mailbox"
        r"|sharepoint site|site)\b|\b(?:grant|give|assign)\w*\s+(?:[\w'-]+\s+){0,4}?(?!admin)(?:access|permissions?)\s+"
        r"(?:to|on|for)\b(?!\s+(?:use|the (?:camera|microphone|mic|location)))",
    ),
    _rule(
        C.DISK_ENCRYPTION,
        COMMAND,
        r"\bmanage-?bde\b|\bfdesetup\b|\b(?:enable|disable|suspend|resume|add|remove|backup|lock|unlock)-bitlocker\w*"
        r"|\bclear-tpm\b|\binitialize-tpm\b|\btpm\.msc\b|\bdecrypt\w*|\bre-?encrypt\w*|\b(?:un)?lock\w*\s+(?:[\w'.-]+\s+){0,3}"
        r"with\s+(?:the\s+)?(?:\w+\s+)?recovery key",
    ),
    _rule(
        C.SERVICES_STARTUP,
        COMMAND,
        r"\bsc(?:\.exe)?\s+(?:config|delete|create|failure)\b|\bschtasks\b[^.;]*/(?:change|delete|create|disable|end)\b",
    ),
    _rule(
        C.SERVICES_STARTUP,
        COMMAND,
        r"\b(?:set|new|remove|suspend)-service\b|\b(?:stop|disable|unregister|set|new|remove)-scheduledtask\b|\bsystemctl\s+(?:stop|disable|mask|kill|edit)\b|\blaunchctl\s+(?:unload|remove|disable|bootout|kill)\b",
    ),
    _rule(
        C.SERVICES_STARTUP,
        COMMAND,
        r"\bnet\s+(?:stop|pause)\s+(?!spooler\b)\S|\b(?:stop|restart|start)-service\b(?![^.;]*\bspooler\b)"
        r"|\bspsv\b|\bsasv\b",
    ),
    _rule(C.SERVICES_STARTUP, COMMAND, r"\bmsconfig\b|\bsystem configuration\b|\bautoruns\b|\bshell:startup\b"),
    _rule(
        C.ELEVATION,
        COMMAND,
        r"\b(?:disable|remove|stop|set|clear|reset|uninstall|suspend|unregister|revoke|block|initialize|enable|new|add"
        r"|grant|install|register|rename|move|format)-(?!process\b|recyclebin\b|printer\b|location\b|variable\b|alias\b"
        r"|list\b|table\b|wide\b|custom\b|hex\b|string\b|object\b|date\b|content\b|ins?\b|ons?\b)"
        r"[a-z]{3,}\b(?=\s+-|\s*$|\s*[;|\"')]|\s+[\w$:\\.\"'*-]+\s*(?:$|[;|]))",
    ),
    _rule(C.BILLING_LICENSING, COMMAND, r"\bslmgr\b|\bospp\.vbs\b|\bchange (?:the\s+)?(?:product key|edition)\b"),
)

# Objects judged by the clause's mode and its actions.
OBJECTS = (
    _rule(
        C.REGISTRY,
        INHERENT,
        r"\bregedit\w*|\bregistry\w*|\bhkey_\w+|\bhk(?:lm|cu|cr|u|cc)\b|[\w-]*\.reg\b(?!\w)|\bhive\b"
        r"|\breg (?:keys?|values?|entry|entries|files?|hacks?|tweaks?)\b|\b(?:q|d)words?\b",
    ),
    _rule(
        C.SYSTEM_FILES_BOOT,
        INHERENT,
        r"\b(?:bios|uefi|cmos)\b|\bfirmware (?:settings|setup|menu|options)\b|\bsecure boot\b|\blegacy(?:/csm)? boot\b|\bcsm\b"
        r"|\bwindows recovery\b|\brecovery screen\b|\bboot (?:order|menu|options|mode|sequence|priority|configuration|loader|sector|records?|manager|entries|entry"
        r"|timeout|delay)\b|\bsafe mode\b"
        r"|\bsafe boot\b|\bsystem restore\b|\brestore points?\b|\bstartup repair\b|\b(?:winre|windows re)\b|\brecovery "
        r"environment\b|\badvanced startup\b|\bsystem32\b|\bsyswow64\b|\bwinsxs\b|%(?:windir|systemroot)%|\$env:(?:windir"
        r"|systemroot)|\b[a-z]:[\\/]+windows(?:[\\/]|\b)|\bsystem files?\b|\bsystem image\b|\bboot\.ini\b|\bmbr\b|\bgpt\b|\bboot\w*\s+(?:it\s+|the \w+\s+)?(?:from|into|to|off)\s+"
        r"(?:a\s+|the\s+)?(?:usb|dvd|cd|stick|external|network|pxe|recovery|installer|installation|windows pe|winpe|linux"
        r"|live)|\b(?:f2|f8|f10|f11|f12|esc|del)\b[^.;]{0,20}\b(?:at|during|on) (?:boot|startup|start-up|power-on)"
        r"|\bboot from\b|\b(?:nvram|pram|smc)\b|\bcmd\s*\+\s*r\b|\bstartup disk\b|\bsoftwaredistribution\b|\bcatroot2?\b"
        r"|\bregsvr32\b|\bdriver signature\b|\btest ?signing\b|\bfast startup\b|\bpage ?file\b|\bvirtual memory\b"
        r"|\bhiberfil|\brepair install\b|\bin-place upgrade\b|\binstallation media\b|\bautomatic repair\b"
        r"|\bwindows update components\b|\brecovery (?:mode|console|drive|media|partition|options)\b|\bsystem file checker\b"
        r"|> recovery\b|\bstartup settings\b|\btroubleshoot > advanced options\b|\bshift\b[^.;]{0,25}\brestart\b",
    ),
    _rule(
        C.SYSTEM_FILES_BOOT,
        _verbs(
            "replace",
            "copy",
            "paste",
            "register",
            "unregister",
            "delete",
            "remove",
            "overwrite",
            "rename",
            "move",
            "download",
            "drop",
            "put",
            "swap",
        ),
        r"\bdlls?\b|[\w-]+\.dll\b|\bdrivers? store\b|\bsystem drivers?\b|\bwindows files\b|\bos files\b",
    ),
    _rule(C.DATA_DELETION, _DRIVE_VERBS, _DRIVE),
    _rule(C.DATA_DELETION, DESTROY, _DATA),
    _rule(
        C.DATA_DELETION,
        DESTROY + "|" + _verbs("move", "archive", "relocate", "compact", "merge", "rename", "cut"),
        _MAIL_DATA,
    ),
    _rule(
        C.DATA_DELETION,
        _verbs("remove", "delete", "erase", "wipe"),
        r"\b(?:old|other|previous|departed|leaver'?s?) (?:user )?accounts?\b|\baccount (?:and|with) (?:its|their) data\b",
    ),
    _rule(C.CREDENTIALS_MFA, CHANGE, _CRED),
    _rule(
        C.CREDENTIALS_MFA,
        _verbs(
            "reset",
            "disable",
            "remove",
            "delete",
            "bypass",
            "revoke",
            "clear",
            "re-register",
            "register",
            "exempt",
            "exclude",
            "add",
            "change",
            "set up",
            "set",
            "turn off",
            "switch off",
            "require",
            "update",
            "replace",
            "unblock",
            "block",
            "skip",
            "wipe",
            "deregister",
            "unregister",
            "migrate",
            "move",
            "transfer",
            "swap",
            "re-enroll",
            "enroll",
            "issue",
            "generate",
            "grant",
            "edit",
            "modify",
            "configure",
            "allow",
            "force",
        )
        + "|"
        + _PHRASAL,
        _MFA,
    ),
    _rule(
        C.CREDENTIALS_MFA,
        _verbs("unlock", "enable", "disable", "block", "unblock", "reset"),
        r"\b(?:the user'?s|their|his|her|the) (?:\w+ )?account\b|\bsign-in (?:status|block)|\bblock sign-in|\b(?:the user'?s|their|his|her) sign-ins?\b",
    ),
    _rule(C.NETWORK_DEVICE, ANY, _NETDEV),
    _rule(C.SECURITY_SOFTWARE, DISABLE + "|" + CHANGE, _SECURITY),
    _rule(
        C.ELEVATION,
        INHERENT,
        r"\buac\b|\buser account control\b|\bsystem locale\b|\bnon-unicode\b|\blocal\s*admin\w*|\b(?:temporary|temp|full|domain|global) admin\b|\badmin (?:roles?|privileges?)\b|\b(?:domain|global|tenant|exchange|helpdesk|it) admin\w*|\badmin(?:istrator)?\s+(?:rights|account|accounts|credentials|creds|password|privileges?|access|login|permissions|user|group|approval|pin|code|passcode|menu|mode)\b|\badministrative\s+(?:rights|privileges|credentials)\b|\badministrator\b",
    ),
    _rule(C.DNS_DHCP_DOMAIN, _DNS_VERBS, _DNS),
    _rule(C.SERVER_CONFIG, INHERENT, _SERVER + "|" + _ADMIN_PORTAL),
    _rule(
        C.SERVER_CONFIG,
        CHANGE,
        r"\bshared mailbox(?:es)?\b|\b(?:storage|mailbox|onedrive|sharepoint) (?:quota|limit)s?\b"
        r"|\b(?:the |their |his |her |the user'?s |a )mailbox(?:es)?\b|\b(?:mail |email |auto-?)?forwarding\b|\bmailbox (?:forwarding|delegation|delegates?)\b"
        r"|\b(?:departed|leaver'?s?|former|old) (?:user'?s? |employee'?s? )?mailbox|\bdistribution (?:lists?|groups?)\b|\bmicrosoft 365 groups?\b|\bteams? (?:membership|owners?)\b|\bsharepoint (?:site|sites|library|permissions)\b|\bcalling polic\w+|\bmailbox (?:size|quota|rules? for)",
    ),
    _rule(C.BILLING_LICENSING, _LICENCE_VERBS, _LICENCE),
    _rule(C.SERVICES_STARTUP, _SERVICE_VERBS, _SERVICE),
    _rule(C.NETWORK_DEVICE, _ROUTER_VERBS, _ROUTER),
    _rule(
        C.NETWORK_DEVICE,
        _ROUTER_VERBS + "|" + _verbs("restart", "reboot", "power cycle", "power-cycle", "unplug", "pull", "turn off"),
        _SITE_GEAR,
    ),
    _rule(
        C.NETWORK_DEVICE,
        ANY,
        r"\bfirmware\b(?=[^.;]*\b(?:router|switch|firewall|access point|gateway|controller|mx|ap)\b)",
    ),
    _rule(
        C.DISK_ENCRYPTION,
        INHERENT,
        r"\brecovery keys?\b|\brecovery password\b|\bbitlocker keys?\b|\bfilevault keys?\b|\bescrow\w*",
    ),
    _rule(C.DISK_ENCRYPTION, DISABLE + "|" + CHANGE, _ENCRYPTION),
)


# Literal hints per rule, in order: a rule runs only when one of its hints is in the text.
# Regex alternations are slow; a substring test is not. Keeps a step well under a millisecond.
_COMMAND_HINTS: tuple[tuple[str, ...], ...] = (
    ("reg",),
    ("itemproperty", "hk"),
    ("sfc",),
    ("dism", "repair-windowsimage", "bcd", "bootrec", "bootsect"),
    ("chkdsk", "repair-volume", "rstrui", "shutdown"),
    ("update", "kb", "build", "version", "wusa"),
    ("disk",),
    ("format", "mkfs", "diskutil"),
    ("format", "erase"),
    ("-volume", "-disk", "-partition", "ciminstance", "wmiobject", "-mailbox", "remove-item", "win32_userprofile"),
    ("ri ", "rm", "del", "erase", "rd "),
    ("del", "erase", "rd", "rmdir"),
    ("ri ", "rm ", "del", "erase"),
    ("cipher", "vssadmin", "wbadmin", "shred"),
    ("wipe", "factory", "reset", "reimag", "reinstall", "fresh start", "erase", "remove everything", "remove all files",
     "permanent", "shift", "secure", "retire"),
    ("-ad", "msol", "-mg", "azuread", "net user", "userpasswords", "lusrmgr", "netplwiz", "temporary access",
     "must change", "never expires", "at next"),
    ("password", "passcode", "code", "pin", "credential", "login", "sign-in"),
    ("password", "passcode", "code", "pin", "credential", "login", "sign-in"),
    ("password", "passcode", "code", "pin", "credential"),
    ("password", "pin", "passcode", "behalf", "credential", "login"),
    (" as ",),
    ("keychain", "password vault", "password manager"),
    ("mppreference", "mpcmdrun", "windefend", "netsh", "netfirewall", "wf.msc", "firewall", "executionpolicy", "-ep",
     "-exec", "csrutil", "spctl", "advanced security", "exclusion", "exception", "allow", "quarantin",
     "protection history", "unquarantin", "execution policy"),
    ("admin", "different user", "another user", "system"),
    ("admin", "elevat", "sudo", "runas", "psexec", "su ", "su-", "system prompt", "iex", "invoke-expression", "-enc",
     "downloadstring", "|", "msiexec", "pnputil", "takeown", "icacls", "cacls", "chmod", "chown", "install-module",
     "netsh", "network reset", "system files", "ownership", "full control", "localgroup", "administer", "account type",
     "root", "need", "requir"),
    ("dns", "ipconfig", "msc", "gpedit", "gpmc", "aduc", "active directory", "group policy", "netsh", "hosts",
     "static ip", "following", "-computer", "machinepassword", "securechannel", "nltest", "netdom", "dsregcmd", "sysdm",
     "ncpa", "registrar", "networksetup", "join", "domain", "workgroup"),
    ("server", "dc", "host", "vm", "permission", "full access", "send as", "send on behalf", "iisreset", "connect-",
     "mailbox", "distributiongroup", "transportrule", "groupmember", "recipientpermission", "unifiedgroup",
     "retentionpolicy"),
    ("group", "team", "channel", "list", "dl", "mailbox", "site", "access", "permission"),
    ("bde", "fdesetup", "bitlocker", "tpm", "crypt", "recovery key"),
    ("sc", "schtasks"),
    ("-service", "scheduledtask", "systemctl", "launchctl"),
    ("net ", "-service", "spsv", "sasv"),
    ("msconfig", "system configuration", "autoruns", "shell:startup"),
    ("disable-", "remove-", "stop-", "set-", "clear-", "reset-", "uninstall-", "suspend-", "unregister-", "revoke-",
     "block-", "initialize-", "enable-", "new-", "add-", "grant-", "install-", "register-", "rename-", "move-", "format-"),
    ("slmgr", "ospp", "product key", "edition"),
)  # fmt: skip
_OBJECT_HINTS: tuple[tuple[str, ...], ...] = (
    ("reg", "hk", "hive", "word"),
    ("bios", "uefi", "cmos", "firmware", "boot", "csm", "safe mode", "restore", "repair", "winre", "windows re",
     "recovery", "startup", "system32", "syswow64", "winsxs", "windir", "systemroot", "windows", "system file",
     "system image", "mbr", "gpt", "f2", "f8", "f1", "esc", "del", "nvram", "pram", "smc", "cmd", "softwaredistribution",
     "catroot", "regsvr32", "driver signature", "signing", "page", "virtual memory", "hiberfil", "install",
     "upgrade", "media", "shift", "settings", "advanced"),
    ("dll", "driver", "windows files", "os files"),
    ("drive", "disk", "ssd", "hdd", "usb", "card", "volume", "partition", "nvme"),
    ("profile", "home", "documents", "desktop", "downloads", "pictures", "music", "videos", "file", "data", "mail",
     "inbox", "items", "archive", "onedrive", "sharepoint", "folder", "share", "account", "photos", "contacts",
     "calendar", "notes", "messages", "backup", "chat", "history", "recording", "voicemail", "attachment", "draft",
     "librar", "director", "contents", "site", "records"),
    ("pst", "data file", "outlook file", "personal folder"),
    ("account",),
    ("password", "passcode", "pin", "credential", "login", "sign-in", "passphrase"),
    ("mfa", "factor", "2fa", "2-step", "two-step", "authenticat", "sign-in method", "security info",
     "conditional access", "okta", "registered", "token", "security key", "passkey", "duo"),
    ("account", "sign-in"),
    ("sonic", "forti", "meraki", "pfsense", "opnsense", "watch", "ubiquiti", "unifi", "edge", "dream machine", "udm",
     "usg", "cisco", "asa", "aruba", "juniper", "mikrotik", "draytek", "palo alto", "sophos", "netgate", "zyxel",
     "barracuda", "check", "firepower", "ruckus", "omada", "cloud key", "firewall", "router", "switch", "gateway",
     "access point", "controller", "wlc", "vpn", "site-to-site", "l2tp", "wireguard", "ipsec", "ike", "shared",
     "psk", "port", "nat", "dmz", "qos", "filter", "vlan", "ssid", "isolation", "rule", "mtu", "conf t", "no shutdown",
     "interface", "mac", "192.168", "10.0", "web console", "web admin", "password on the", "channel", "band", "modem"),
    ("virus", "malware", "defender", "security", "protection", "smartscreen", "unwanted", "pua", "exploit",
     "isolation", "integrity", "edr", "av", "xdr", "endpoint", "sentinel", "crowdstrike", "falcon", "sophos", "webroot",
     "bitdefender", "gravityzone", "malwarebytes", "mcafee", "norton", "eset", "huntress", "cylance", "trend micro",
     "carbon black", "threatlocker", "umbrella", "zscaler", "symantec", "kaspersky", "avast", "avg", "vipre",
     "quarantin", "scan", "firewall", "gatekeeper", "xprotect", "control", "allow", "block", "safe", "spam", "junk",
     "protected view", "trust cent", "macro", "mark of the web", "attachment manager",
     "filter", "mimecast", "proofpoint", "threat", "exclusion", "webtitan"),
    ("uac", "user account control", "admin", "locale", "unicode"),
    ("dns", "nameserver", "name server", "mx", "cname", "record", "ip", "gateway", "subnet", "dhcp", "domain",
     "workgroup", "group polic", "gpo", "active directory", "ad ", "ou", "organi", "security group", "script", "hosts",
     "proxy", "wins", "azure ad", "entra", "aad", "work or school", "lease", "adapter", "tcp", "static", "fixed", "manual"),
    ("server", "dc", "controller", "domain", "box", "host", "machine", "printsrv", "srv", "fs", "hyper", "vmware", "esxi", "vcenter", "proxmox", "virtual machine", "vm",
     "hypervisor", "nas", "synology", "qnap", "iis", "sql", "backup job", "veeam", "datto", "print management",
     "transport", "retention", "mail flow", "netlogon", "sysvol", "hold", "ediscovery", "archiv", "admin", "portal", "azure", "entra", "intune",
     "endpoint", "google workspace", "exchange", "eac", "partner cent", "purview", "compliance", "security cent",
     "okta", "jumpcloud", "jamf", "kaseya", "ninja", "connectwise", "n-able", "rmm", "gravityzone", "console", "autopilot",
     "dashboard", "unifi", "tenant"),
    ("shared mailbox", "distribution", "365 group", "team", "sharepoint", "calling polic", "mailbox", "forwarding",
     "quota", "limit"),
    ("licen", "subscription", "seat", "plan", "invoice", "billing", "payment", "card", "purchase", "product key",
     "kms", "activat", "icloud", "trial", "renew", "business", "e1", "e3", "e5", "e7", "f1", "f3", "apps for", "ssl",
     "overdue", "dollar", "month", "$", "credit", "prepaid", "balance", "storage", "refund", "quote", "pricing", "add-on",
     "paid", "premium", "pro version", "tier", "edition"),
    ("service", "wuauserv", "bits", "spooler", "search", "sysmain", "superfetch", "wmi", "winmgmt",
     "management instrumentation", "click-to-run", "w32time", "windows time", "dhcp client", "dns client", "svchost",
     "log on account", "startup", "task", "schtasks", "login items", "launch", "autoruns",
     "start", "run at", "daemon", "systemd", "agent", "auto", "background"),
    ("router", "modem", "hub"),
    ("access point", "ap ", "aps ", "appliance", "gateway", "switch", "patch panel", "comms"),
    ("firmware",),
    ("recovery", "bitlocker key", "filevault key", "escrow"),
    ("bitlocker", "bit locker", "filevault", "file vault", "encrypt", "protector", "pin", "safeguard", "tpm",
     "security processor"),
)  # fmt: skip


# Fail closed: any change verb on a protected object counts, not only the verbs listed with it. Drives, user data
# and home routers keep their own lists (ordinary L1 steps "remove the USB stick", "update the desktop app",
# "restart the router" would otherwise be refused).
OBJECTS = tuple(
    (
        cls,
        policy
        if policy in (COMMAND, INHERENT, ANY) or cls in (C.DATA_DELETION, C.NETWORK_DEVICE)
        else policy + "|" + CHANGE,
        pattern,
    )
    for cls, policy, pattern in OBJECTS
)

_ALL_HINTS: tuple[str, ...] = tuple(sorted({h for hints in _COMMAND_HINTS + _OBJECT_HINTS for h in hints}))
_COMMAND_HINT_SETS = tuple(frozenset(h) for h in _COMMAND_HINTS)
_OBJECT_HINT_SETS = tuple(frozenset(h) for h in _OBJECT_HINTS)


_SHORT_HINTS = tuple(h for h in _ALL_HINTS if len(h) < 2)
_HINTS_BY_PAIR: dict[str, tuple[str, ...]] = {}
for _hint in _ALL_HINTS:
    if len(_hint) >= 2:
        _HINTS_BY_PAIR[_hint[:2]] = (*_HINTS_BY_PAIR.get(_hint[:2], ()), _hint)


def _hints_in(norm: str) -> frozenset[str]:
    """Which literal hints occur in the step. A hint can only be there if its first two letters are,
    so only those hints are looked for; then each rule is a set test."""
    pairs = {norm[i : i + 2] for i in range(len(norm) - 1)}
    found = [h for pair in pairs.intersection(_HINTS_BY_PAIR) for h in _HINTS_BY_PAIR[pair] if h in norm]
    found += [h for h in _SHORT_HINTS if h in norm]
    return frozenset(found)


_SPOOLER_RESTART = re.compile(
    r"\bspooler\b|\bprint spooler\b|\bnet (?:stop|start) spooler\b|\brestart-service\b[^.;]*\bspooler"
)
_RESTART = re.compile(
    r"\brestart\w*|\bnet start\b|\bstart-service\b|\bstart (?:it|the (?:print )?spooler)\b|\b(?:and|then) start\b"
)
_SPOOLER_ONLY_VERBS = re.compile(
    r"\b(?:disabl\w*|startup type|manual|automatic|delay\w*|set-service|sc config|turn\w* off|switch\w* off|complete\w*"
    r"|permanent\w*|kill\w*|delete\w*|remove\w*|print server|server|log on|recovery|for good|entirely|leave it stopped"
    r"|keep it stopped)\b"
)

# "…, set it to Disabled": the pronoun points back into the clause before, whatever that clause's mode.
_PRONOUN_ACTION = re.compile(r"^(?:[\w'-]+\s+){0,2}?(?:" + CHANGE + r")\b\s*(?:it|them|this|that|these|those)\b")
# A clause whose action has no object of its own ("and switch it off", "click Delete", "disable Teams and Zoom").
_BARE = re.compile(
    r"^(?:[\w'-]+\s+){0,2}?(?:"
    + CHANGE
    + r")\b\s*(?:(?:it|them|this|that|these|those|everything|all|both|each|any)\b.*"
    r"|(?:(?:the|this|that) (?:account|item|entry|entries|option|setting|settings|button|toggle|switch|box|slider|one"
    r"|service|app|task|policy|rule|key|profile|folder|feature|protection)\b.*)"
    r"|(?!(?:the|a|an|your|their|his|her|my|our|its)\b)(?:[\w'\",&-]+\s*){0,4})$"
)
# "BitLocker must be turned off", "the service is disabled": an action after its object counts only in the passive.
_PASSIVE = re.compile(
    r"^[\s\w'.,-]{0,30}?\b(?:is|are|be|been|being|get|gets|got|stay|stays|remain|remains|left|kept|was|were)\s+"
    r"(?:\w+\s+)?$|^(?![^>,:;]*\b(?:and|or|then|to|with|in|on|from|for|by|so|but|app|if|user|they|he|she|you|we|i"
    r"|someone|customer|caller|it|may|might|has|have|had|will|would|could|can)\b)[^>,:;]{0,20}$"
)
_WINDOW_AFTER = 90
_WINDOW_BEFORE = 45


@dataclass(frozen=True)
class Hit:
    action_class: ActionClass
    words: str


def _spans(pattern: str | re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    compiled = pattern if isinstance(pattern, re.Pattern) else _compiled(pattern)
    return [(m.start(), m.end(), m.group(0)) for m in compiled.finditer(text) if m.group(0).strip()]


_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled(verbs: str) -> re.Pattern[str]:
    found = _CACHE.get(verbs)
    if found is None:
        found = _CACHE[verbs] = re.compile(r"\b(?:" + verbs + r")\b")
    return found


def _overlaps(span: tuple[int, int, str], others: list[tuple[int, int, str]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end, _ in others)


def _spooler_restart(text: str) -> bool:
    """The one service restart the policy allows: the Print Spooler, restarted, nothing else done to it."""
    return bool(_SPOOLER_RESTART.search(text)) and bool(_RESTART.search(text)) and not _SPOOLER_ONLY_VERBS.search(text)


def _judge_clause(
    clause: Clause,
    present: frozenset[str] | None = None,
    *,
    combined_from: int | None = None,
    spooler_restart: bool | None = None,
) -> Hit | None:
    text = clause.text
    safe = _spans(SAFE, text)
    spooler_restart = _spooler_restart(text) if spooler_restart is None else spooler_restart
    found_actions: dict[str, list[tuple[int, int, str]]] = {}  # verb list -> its matches, once per clause
    present = _hints_in(text) if present is None else present
    for (cls, policy, pattern), hints in zip(OBJECTS, _OBJECT_HINT_SETS, strict=True):
        if cls is C.SERVICES_STARTUP and spooler_restart:
            continue
        if present.isdisjoint(hints):
            continue
        for start, end, words in _spans(pattern, text):
            if _overlaps((start, end, words), safe):
                continue
            if policy == INHERENT:
                if clause.mode != "talk":
                    return Hit(cls, words)
                continue
            if clause.mode != "act":
                continue
            if policy == ANY:
                return Hit(cls, words)
            if cls is C.CREDENTIALS_MFA and clause.delegated:
                continue  # "have the user change their password": their own account, their own hands
            actions = found_actions.get(policy)
            if actions is None:
                actions = found_actions[policy] = _spans(policy, text)
            hit = _bound_action(text, (start, end, words), actions, safe, combined_from=combined_from)
            if hit is not None:
                return Hit(cls, hit)
    return None


def _bound_action(
    text: str,
    obj: tuple[int, int, str],
    actions: list[tuple[int, int, str]],
    safe: list[tuple[int, int, str]],
    *,
    combined_from: int | None = None,
) -> str | None:
    """The action acting on ``obj``: before it (a safe object in between consumes it) or just after (passive)."""
    start, end, words = obj
    for a_start, a_end, action in actions:
        if any(s_start <= a_start < s_end for s_start, s_end, _ in safe):
            continue  # "bin" in "Recycle Bin" is not an action
        if start <= a_start < end:
            continue  # the verb is part of the object's own name ("access point", "startup type")
        if combined_from is not None:
            if a_start >= combined_from and start < combined_from:
                return f"{words} … {action}"  # the path named the object, the next clause acts on it
            continue
        if a_start <= start and start - a_end <= _WINDOW_AFTER:
            if any(a_end <= s_start and s_end <= start for s_start, s_end, _ in safe):
                continue  # "delete the Teams cache in the user's profile": the cache is the target
            return f"{action} … {words}" if a_end < start else words
        if a_start >= end and a_start - end <= _WINDOW_BEFORE and _PASSIVE.match(text[end:a_start]):
            return f"{words} … {action}"
    return None


def match_text(norm: str) -> Hit | None:
    """The first floor rule a normalised step breaks, or None."""
    present = _hints_in(norm)
    for (cls, _, pattern), hints in zip(COMMANDS, _COMMAND_HINT_SETS, strict=True):
        if present.isdisjoint(hints):
            continue
        found = pattern.search(norm)
        if found and (cls is C.SERVICES_STARTUP or not _in_talk_only(norm, found)):
            return Hit(cls, found.group(0).strip())
    previous: Clause | None = None
    spooler_restart = _spooler_restart(norm)
    for clause in split_clauses(norm):
        hit = _judge_clause(clause, present, spooler_restart=spooler_restart)
        if hit is not None:
            return hit
        # "Open Settings > … > Device encryption and switch it off": the action's object is in the path before it.
        if (
            previous is not None
            and clause.mode == "act"
            and (previous.mode != "talk" or _PRONOUN_ACTION.match(clause.text))
            and previous.sentence == clause.sentence
            and _BARE.match(clause.text)
            and not SAFE.search(clause.text)
        ):
            hit = _judge_clause(
                Clause(previous.text + " > " + clause.text, "act", clause.delegated or previous.delegated),
                present,
                combined_from=len(previous.text) + 3,
                spooler_restart=spooler_restart,
            )
            if hit is not None:
                return hit
        previous = clause
    return None


def _in_talk_only(norm: str, found: re.Match[str]) -> bool:
    """A command named only in a negation ("don't run sfc") is not an instruction to run it."""
    before = norm[max(0, found.start() - 25) : found.start()]
    return bool(re.search(r"\b(?:don'?t|do not|never|not|without|instead of|avoid)\b[^.;,]*$", before))
