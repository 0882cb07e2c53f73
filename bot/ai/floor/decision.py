"""The decision: which rule a step breaks, from its commands, its clauses and the objects they name.

In order: command forms anywhere in the step (unless only negated); then, clause by clause, each
protected object the clause names is judged by its rule's policy (see ``verbs``) and the clause's
mode (see ``clauses``); a clause whose action has no object of its own ("… > Device encryption
and switch it off", "click Delete") takes the object named just before it in the same sentence.
The first rule broken is the verdict, with the words that triggered it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ai.action_classes import ActionClass
from bot.ai.floor import data, identity, infrastructure, windows
from bot.ai.floor.clauses import (
    ONE_OR_OTHER,
    QUOTED_TEXT,
    SAFE_MODIFIERS,
    Clause,
    mode_of,
    split_clauses,
    states_scope,
    step_of,
)
from bot.ai.floor.exceptions import SAFE, names_an_exception, spooler_restart
from bot.ai.floor.literals import may_match, trie
from bot.ai.floor.verbs import ANY, CHANGE, COMMAND, DESTROY, DISABLE, GUARDED, INHERENT, C, Rule, rule

# A cmdlet with a changing verb that no class claimed ("Disable-Foo -Force"): it needs an elevated prompt.
_UNCLAIMED_CMDLET = rule(
    C.ELEVATION,
    COMMAND,
    r"\b(?:disable|remove|stop|set|clear|reset|uninstall|suspend|unregister|revoke|block|initialize|enable|new|add"
    r"|grant|install|register|rename|move|format)-(?!process\b|recyclebin\b|printer\b|location\b|variable\b|alias\b"
    r"|list\b|table\b|wide\b|custom\b|hex\b|string\b|object\b|date\b|content\b|ins?\b|ons?\b)"
    r"[a-z]{3,}\b(?=\s+-|\s*$|\s*[;|\"')]|\s+[\w$:\\.\"'*-]+\s*(?:$|[;|]))",
    hints=("disable-", "remove-", "stop-", "set-", "clear-", "reset-", "uninstall-", "suspend-", "unregister-",
           "revoke-", "block-", "initialize-", "enable-", "new-", "add-", "grant-", "install-", "register-", "rename-",
           "move-", "format-"),
)  # fmt: skip

COMMANDS: tuple[Rule, ...] = (
    *windows.COMMANDS,
    *data.COMMANDS,
    *identity.COMMANDS,
    *infrastructure.COMMANDS,
    _UNCLAIMED_CMDLET,
)


def _fail_closed(r: Rule) -> Rule:
    """Any change verb on a protected object counts, not only the verbs listed with it. Drives, user data
    and home routers keep their own lists (ordinary L1 steps "remove the USB stick", "update the desktop app",
    "restart the router" would otherwise be refused)."""
    if (
        r.exact
        or r.policy in (COMMAND, INHERENT, ANY, GUARDED)
        or r.action_class in (C.DATA_DELETION, C.NETWORK_DEVICE)
    ):
        return r
    return Rule(r.action_class, r.policy + "|" + CHANGE, r.pattern, r.hints, said=r.said)


# When a clause breaks two classes, the escalation names the first of them in this order.
PRECEDENCE: tuple[ActionClass, ...] = (
    C.REGISTRY,
    C.SYSTEM_FILES_BOOT,
    C.DATA_DELETION,
    C.CREDENTIALS_MFA,
    C.NETWORK_DEVICE,
    C.SERVER_CONFIG,
    C.SECURITY_SOFTWARE,
    C.ELEVATION,
    C.DNS_DHCP_DOMAIN,
    C.BILLING_LICENSING,
    C.SERVICES_STARTUP,
    C.DISK_ENCRYPTION,
)
OBJECTS: tuple[Rule, ...] = tuple(
    sorted(
        (_fail_closed(r) for r in (*windows.OBJECTS, *data.OBJECTS, *identity.OBJECTS, *infrastructure.OBJECTS)),
        key=lambda r: PRECEDENCE.index(r.action_class),
    )
)


# ── literal hints: a rule runs only when one of its hints is in the step ──
def _all_hints() -> tuple[str, ...]:
    return tuple(sorted({h for r in COMMANDS + OBJECTS for h in r.hints}))


_ALL_HINTS = _all_hints()
# At each position of a step, the longest hint that starts there (a lookahead, so hints may overlap) ...
_LONGEST_HINT_AT = re.compile("(?=(" + trie(list(_ALL_HINTS)) + "))")
# ... and every hint found with it: the hints that start it ("reg" with "regedit").
_HINTS_STARTING: dict[str, frozenset[str]] = {
    longest: frozenset(h for h in _ALL_HINTS if longest.startswith(h)) for longest in _ALL_HINTS
}


def hints_in(norm: str) -> frozenset[str]:
    """Which literal hints occur in the step, from one scan of it; then each rule is a set test."""
    return frozenset().union(*map(_HINTS_STARTING.__getitem__, set(_LONGEST_HINT_AT.findall(norm))))


# "… forward them to the account manager": what is passed on to a person or the ticket, not acted on.
_TO_SOMEONE = (
    r"(?!\s+(?:over\s+|back\s+|across\s+|on\s+)?(?:to|into|in|with)\s+(?:you|me|us|l[23]|second line|the (?:ticket|notes?"
    r"|engineers?|technician|team|chat|helpdesk|service desk|on-call|escalation\w*|network team|security team"
    r"|(?:[\w-]+ ){1,2}(?:team|desk|department)"
    r"|(?:[\w'-]+ ){0,2}?manager|(?:it|helpdesk|help desk|support|service desk|billing|accounts|finance|security|phishing"
    r"|spam|report) (?:mailbox|inbox|address))|our (?:team|engineers?))\b)"
)
_PRONOUN_ACTION = re.compile(
    # "… the FortiGate is up, so have them log in to it": signing in to what was named
    r"^(?:[\w'-]+\s+){0,2}?(?:log|sign)\w*\s*(?:in|on)(?:to)?(?:\s+to)?\s+(?:it|them)\b"
    r"|^(?:[\w'-]+\s+){0,2}?(?:(?:turn|switch|shut|toggle|flip|take|knock|set)\w*\s+(?:it|them|this|that|those|these)\s+"
    r"(?:back\s+)?(?:off|down|on|out)\b|(?:"
    + CHANGE
    + r")\b\s*(?:it|them|this|that|these|those|one|a new one|another one)\b"
    + _TO_SOMEONE
    + r"|(?:copy|send|share|paste|email|text|read|show|hand|pass|forward|give|type|enter)\w*\s*(?:it|them|this|that|these"
    r"|those)\b"
    + _TO_SOMEONE
    # "A firmware update on the pfSense box is overdue; it'd be good to get it done": having it done is doing it
    + r"|(?:get|have)\w*\s+(?:it|them|this|that)\s+(?:done|sorted|applied|installed|fixed|changed|updated|turned off"
    r"|switched off|removed|disabled|set up|configured)\b"
    # "If the UAC box asks for an admin password, type the one from the IT sheet": the one named before
    + r"|(?:type|enter|put|use|key|punch|paste)\w*\s+(?:in\s+)?the one\b"
    # "> GPO \"Drive maps\" is not applying - edit its item-level targeting": a part of what was named before
    + r"|(?:" + CHANGE + r")\b\s*its\b"
    # "… a file called fix.reg; double-click it and click Yes to merge it": running what was named before
    # "If HP Support Assistant lists a BIOS update, install it now": installing the update named before
    + r"|(?:double-click|run|merge|import|execute|start|install|apply|flash)\w*\s+(?:it|them|this|that|these|those)\b"
    # "Safe Mode is the quickest way - restart into it": booting into what was named before
    + r"|(?:restart|reboot|boot|start)\w*\s+(?:up\s+|back\s+)?(?:in|into|to)\s+(?:it|that|this)\b"
    # "SD card shows RAW -> right-click it > Format": a menu opened on what was named before
    + r"|right-click\w*\s+(?:it|them|this|that)\s*>(?!\s*(?:empty (?:the )?recycle bin|restore)\b)"
    # "… the SD card is corrupt -> right-click it in File Explorer > Format": the menu label acts on "it"
    + r"|(?:right-click|click|select|tap|open)\w*\s+(?:it|them)\b[^.;]*>\s*(?!(?:empty (?:the )?recycle bin|restore)\b)"
    + r"(?:[\w-]+\s+){0,2}?(?:" + CHANGE + r")\b)"
)

# "It can be paused from the tray icon": a passive whose subject is a pronoun acts on what was named before it.
_PASSIVE_PRONOUN = re.compile(
    r"^(?:it|they|this|that|these|those|both|each of them|all of them"
    # "… and that file should be deleted": a demonstrative with its noun points back as the pronoun does
    r"|(?:that|this|these|those)\s+(?:[\w-]+\s+)?(?:files?|folders?|keys?|values?|entr(?:y|ies)|items?|ones?|accounts?"
    r"|settings?|services?|apps?|drives?|partitions?|mailbox(?:es)?|profiles?|rules?|polic(?:y|ies)|devices?|boxe?s?))"
    r"\s+(?:can|could|should|must|may|might|will|would"
    r"|needs? to|has to|have to|ought to)\s+(?:\w+\s+)?be\s+(?:\w+ly\s+)?(?!(?:restart|reboot|reopen|relaunch|refresh|opened"
    r"|started)\w*)(?:" + CHANGE + r")\b" + _TO_SOMEONE
    # "… no longer needed, so it can go: right-click it …": it is to be removed
    + r"|^(?:it|they|this|that|these|those)\s+(?:can|could|should|must|needs? to|has to|have to)\s+(?:just\s+|now\s+)?go\b"
    r"(?!\s+(?:to|in|into|on|onto|ahead|back|through|via|with|out|up|over|down|well|smoothly|fine)\b)"
)
# "The .pst is just an archive, so it can go": what may go is removed.
_PRONOUN_GOES = re.compile(
    r"^(?:it|they|this|that|these|those|both|all of them)\s+(?:can|could|should|must|may|might|will|needs? to|has to)\s+"
    r"(?:(?:safely|just|simply|all|now|then)\s+)?go\b(?!\s+(?:to|in|into|on|onto|back|ahead|through|via|with|out|up|over|down"
    r"|smoothly|well|wrong)\b)"
)
# "Windows Security > … > Manage settings: everything on this page should end up Off": every switch of the page the
# path reached, set to a state.
_PAGE_STATE = re.compile(
    r"^(?:everything|all(?: of (?:it|them|these|those))?|each (?:one|toggle|switch|setting|option)|every (?:toggle|switch"
    r"|setting|option)|all (?:the )?(?:toggles|switches|settings|options))(?: (?:on|in|under) (?:this|that|the) (?:page"
    r"|screen|tab|section|window|pane|list))?\s+(?:should|must|needs? to|has to|have to|can|could)\s+(?:(?:all|just|then)\s+)?"
    r"(?:end up|be|stay|go|be left)\s+(?:(?:turned|switched|set|toggled)\s+)?(?:to\s+)?(?:off|on|disabled|enabled)\b"
)
_FRAMED_PRONOUN = re.compile(r"^(?:[\w'-]+\s+){3,}?(?:it|them|this|that)\b")
# Starting something again or opening it: "restart it" after naming BitLocker's screen most likely means the PC.
_AGAIN = re.compile(
    r"^(?:[\w'-]+\s+){0,2}?(?:restart|reboot|reopen|relaunch|refresh|retry|open|start|try|close|quit)\w*\b"
    r"(?!\s+(?:up\s+|back\s+)?(?:in|into|to)\s+(?:it|that|this|them)\b)"  # "restart into it": into Safe Mode, named before
    # "… if it's there, move it back to the Inbox": putting it back where it was is restoring it
    r"|^(?:[\w'-]+\s+){0,2}?(?:move|drag|put)\w*\s+(?:it|them|this|that|these|those)\s+back\s+(?:to|into|in)\b"
)

# A clause whose action has no object of its own ("and switch it off", "click Delete", "disable Teams and Zoom").
_BARE = re.compile(
    r"^(?:[\w'-]+\s+){0,2}?(?:"
    + CHANGE
    + r"|(?:copy|send|share|paste|email|text|read|show|hand|pass|forward)\w*"
    + r")\b\s*(?:(?:it|them|this|that|these|those|everything|all|both|each|any|one|a new one|another one)\b.*"
    r"|(?:(?:the|this|that) (?:(?:old|older|oldest|newer|newest|other|second|first|last|extra|duplicate|wrong|stale)\s+)?(?:line|lines|row|rows|record|records|copy|copies|one|account|item|entry|entries|option|setting|settings|button|toggle|switch|box|slider|one"
    r"|service|app|task|policy|rule|key|profile|folder|feature|protection|detections?|threats?|alerts?|quarantined \w+"
    r"|items?|files?|rules?|polic\w+|exclusions?|values?|keys?|partitions?|volumes?|entry)\b.*)"
    # "… > DNS, press + and add 9.9.9.9": an address or a file name is no object of its own
    r"|(?!(?:the|a|an|your|their|his|her|my|our|its)\b)(?:[\w'\",&.-]++\s*){0,4}"
    # "… > Security info and delete the old phone number": an entry of the list the path reached
    r"|(?:the|that|this) (?:old|older|oldest|previous|former|existing|lost|stolen|extra|duplicate|wrong|stale|unused)"
    r" (?:[\w-]+ ){0,1}[\w-]+)$"
)
# A place-only exception ("… from the list", "… from the view"): after a path to a protected list it is that list.
_PLACE_ONLY = re.compile(r"(?:the user'?s |their |the |my |your )?(?:[\w-]+ )?(?:view|list|sidebar)")

# "The SonicWall has a firmware banner, click \"Update now\"": a button whose label changes something acts on what the
# sentence named before it, even when that was only a statement.
_LABEL_ACTION = re.compile(
    r"^(?:[\w'-]+\s+){0,2}?(?:click|press|tap|hit|select|choose|pick)\w*\s+(?:on\s+)?(?:the\s+)?(?:\"|\*\*)[^\"*]{0,30}?\b(?:"
    + CHANGE
    + r"|install\w*|download\w*)\b[^\"*]{0,30}(?:\"|\*\*)"
)  # a label in quotes or in bold: "pick **Disable Shield**"

# "BitLocker must be turned off", "the service is disabled": an action after its object counts only in the passive.
_DISMISSAL = re.compile(r"(?:close|dismiss|cancel|x out|click)")
_CLOSING = re.compile(r"(?:close|dismiss|cancel|x out|quit|exit)\b")
_MAKES_IT_SO = frozenset({"make", "ensure", "be", "double-check"})
_A_SERVICE = re.compile(r"\bservices?\b")
_A_SERVICE_OR_SERVER = re.compile(
    r"\bservices?\b|\bservers?\b|\bdomain controllers?\b|\bhypervisors?\b|\b(?:firewall|switch|nas|vm|access point)\b"
)
_BARE_CONDITION = re.compile(
    r"^(?:if|when|once|unless)\s+(?:so|yes|not|it is|it's|they are|that's the case|needed|necessary|that fails"
    r"|that works|it does|it doesn't)\s*,?$"
)
_PASSIVE = re.compile(
    r"^[\s\w'.,-]{0,30}?\b(?:is|are|be|been|being|get|gets|got|stay|stays|remain|remains|left|kept|was|were)\s+"
    r"(?:\w+\s+)?$|^(?![^>,:;]*\b(?:and|or|then|to|with|in|on|from|for|by|so|but|app|if|user|they|he|she|you|we|i"
    r"|someone|customer|caller|it|may|might|has|have|had|will|would|could|can)\b)[^>,:;]{0,20}$"
)

_WINDOW_AFTER = 90
# "Help the user remove their old phone from their sign-in methods": MFA methods are changed for nobody at L1.
_MFA_WORDS = re.compile(
    r"\b(?:mfa|multi-?factor|2fa|two-?factor|2-step|two-step|(?:authentication|verification) methods?|sign-in methods?|security info"
    r"|conditional access|security keys?|passkeys?|hardware tokens?|registered (?:mfa )?(?:methods?|devices?|phones?)"
    r"|authenticator(?: app)?)\b"
)
_MFA_CHANGE = re.compile(
    r"\b(?:remove|delete|reset|disable|turn\w* off|switch\w* off|deregister|unregister|re-?register|revoke|replace|change"
    r"|bypass|exclude)\w*\b"
)
# "Have the user add your mobile number as a verification method": a method that is not theirs.
_NOT_THEIRS = re.compile(
    r"\b(?:your|my|our)\s+(?:own\s+)?(?:(?:mobile|phone|cell|work)\s+)?(?:number|phone|email|device)\b"
)
# Between an object and a menu label that acts on it: only the rest of a GUI path ("… in File Explorer > ").
_PATH_TO_LABEL = re.compile(r"(?:[^.;,>]{0,40}>\s*){1,3}")
_LABEL_ENDS = re.compile(r"\s*(?:$|[,.;>])")
# "Settings > Apps > Startup, toggle Zoom to Off", "Task Manager > Startup apps, right-click Teams > Disable": the path
# reaches the object, and the action after the comma is done there. In a list of startup items the next step of the
# path is done there too ("Task Manager > Startup > disable Spotify"); elsewhere it may be a label ("> Reset account").
_PATH_END = re.compile(r">\s*[^.;,>]{0,40}$")
_AFTER_PATH_END = re.compile(r"\s*,\s*(?:(?:then|and|now|just|please)\s+)*(?:[^.;,>]{0,40}>\s*){0,3}")
_IN_STARTUP_LIST = re.compile(r"\s*>\s*(?:(?:then|and|now|just|please)\s+)*")
_STARTUP_LIST = re.compile(r"\b(?:startup|login items?)\b")

_WINDOW_BEFORE = 45
_MODAL_BE = re.compile(
    r"\b(?:can|could|should|must|needs? to|has to|have to)\s+(?:\w+\s+)?be\b(?![^.;]*\bnot\b)"
    r"|\bto be\b(?![^.;]*\bnot\b)"  # "it should be enough for the .pst in AppData to be removed"
)


@dataclass(frozen=True)
class Hit:
    action_class: ActionClass
    words: str


def _spans(pattern: str | re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    compiled = pattern if isinstance(pattern, re.Pattern) else _compiled(pattern)
    if not may_match(compiled, text):
        return []  # none of the words it needs is there
    return [(m.start(), m.end(), m.group(0)) for m in compiled.finditer(text) if m.group(0).strip()]


_CACHE: dict[str, re.Pattern[str]] = {}


def _compiled(verbs: str) -> re.Pattern[str]:
    found = _CACHE.get(verbs)
    if found is None:
        found = _CACHE[verbs] = re.compile(r"\b(?:" + verbs + r")\b")
    return found


def _overlaps(span: tuple[int, int, str], others: list[tuple[int, int, str]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end, _ in others)


# ── guarded objects: fail closed ──
# Leading verbs that only get somewhere or start over, never change what they reach. A clause led by one of
# them, with no change verb anywhere else, only navigates to a guarded object ("Open Windows Security").
_NAVIGATE_LEADS = frozenset(
    {
        "open", "opens", "opening", "go", "goes", "navigate", "browse", "launch", "click", "double-click", "right-click",
        "select", "choose", "pick", "expand", "scroll", "find", "locate", "search",
        "reopen", "relaunch", "refresh", "reconnect", "retry", "print", "press", "hover", "head", "visit", "bring",
    }
)  # fmt: skip
# Getting to a place, not changing it: "switch to the Startup tab", "go back to the Services list".
_NAVIGATION = re.compile(
    r"\b(?:switch|change|go|move|get)\w*\s+(?:back\s+)?(?:to|into|over to)\s+(?:the\s+)?[\w &'-]{0,30}?"
    r"\b(?:tab|page|view|pane|section|menu|screen|window|list|app|panel|area)\b"
    r"|\b(?:type|enter|paste)\w*\s+[^.;,>]{1,40}?\s+(?:in|into)\s+(?:the\s+)?(?:run|search|start|address|explorer'?s? address)"
    r"(?:\s+(?:box|bar|dialog|menu|field))?\b|\bwin\s*\+\s*r\b(?:,?\s*(?:and\s+|then\s+)?(?:type|enter|paste)\w*)?"
    r"|\b(?:sign|log)\w*\s+(?:back\s+)?(?:in|out|on|off)\b(?!\s*(?:to|into|onto|at)\s+(?!(?:refresh|see|check|confirm|test"
    r"|pick|get|make|update|reload|apply|sync|try)\b))"
)
_CHANGES = re.compile(r"\b(?:" + CHANGE + r")\b")
_DISABLES = re.compile(DISABLE)
_SAFE_REACH = 40  # how far after its verb an ordinary exception may stand and still be what the verb acts on


# "Delete the files in the user's %temp% folder": a protected word located in an ordinary exception.
_LOCATED_IN = re.compile(
    r"\s*(?:(?:that|which) are\s+)?(?:in|inside|under|from|within|of|out of)\b(?:(?!\bto\b)[^,;>])*"
)


def _located_in_safe(text: str, end: int, safe: list[tuple[int, int, str]]) -> bool:
    """Whether the object ending at ``end`` is placed in one of the policy's exceptions just after it."""
    return any(0 <= s_start - end <= 30 and _LOCATED_IN.fullmatch(text[end:s_start].rstrip()) for s_start, _, _ in safe)


# Words that name no object of their own: in a GUI path that names a policy exception, they are that exception
# ("Clear browsing data > Cached images and files > Delete data").
_GENERIC = frozenset({"data", "files", "file", "items", "everything", "all", "contents", "it"})
_ARTICLE = re.compile(r"^(?:the|their|his|her|its|this|that|your)\s+")
_ANAPHORA = re.compile(r"\b(?:that|this|the same|those|these)\s+$")


def _refers_to_safe(
    text: str, start: int, words: str, safe: list[tuple[int, int, str]], safe_before: bool, safe_named: str = ""
) -> bool:
    """Whether a protected word only points back at a policy exception: "… open %appdata%\\microsoft\\teams and
    delete everything inside that folder", or a generic word in a GUI path through an exception; or the same words an
    exception earlier in the sentence was named with ("remove their work account in the Outlook app on their phone:
    … > the account > Delete account")."""
    if safe_before and (_ANAPHORA.search(text[:start]) or words in _GENERIC):
        return True
    bare = _ARTICLE.sub("", words)
    if safe_named and bare not in _CONTAINER | _PLACES and re.search(r"\b" + re.escape(bare) + r"\b", safe_named):
        return True
    return words in _GENERIC and bool(safe) and ">" in text


# "Delete the downloaded installer from the Downloads folder": the folder is where the target is, not the target.
_PLACE_AFTER_TARGET = re.compile(
    r"^\s+(?!(?:everything|all|anything|every|the contents|contents|each)\b)(?:\(?[\w'.-]+\)?\s+){1,14}?"
    r"(?:from|in|inside|within|out of|under|on|onto|to|into|for)\s+(?:the\s+|their\s+|his\s+|her\s+|your\s+|the user'?s\s+)?(?:own\s+)?"
    # "… the stale draft in Outlook's Drafts folder": the app's name, then the folder's
    r"(?:[\w'-]+\s+)?(?:[\w-]+'s?\s+[\w-]+\s+)?$"
)
_PLACES = frozenset(
    {
        "downloads",
        "desktop",
        "documents",
        "folder",
        "share",
        "shared drive",
        "onedrive",
        "pictures",
        "calendar",
        "inbox",
        "list",
        "archive",
        "drafts",
        "items",
        "mail",
        "folders",
        "history",
        "chat",
        "library",
        "channel",
        "channels",
    }
)


# "Remove the old signature in Outlook > File > Options > Mail > Signatures": a GUI path after the target is where it is.
_PATH_AFTER_TARGET = re.compile(
    r"^\s+(?!(?:everything|all|anything|every|the contents|contents|each)\b)(?:[\w'.-]+\s+){1,14}?"
    r"(?:in|under|from|within|via)\s+[^.;]*>\s*$"
)
# "Type part of the file name to find the invoice": the object of a looking verb, not of the action before it.
_TO_LOOK = re.compile(r"\bto (?:find|see|check|look (?:at|for)|search for|locate|view|read|open|confirm)\b")
# "Delete the Outlook rule that moves every message to Archive": what an inbox rule does, not what is done.
_RULE_THAT = re.compile(
    r"\brules?\s+(?:(?:the user|they|she|he) (?:made|set up|created)\s+(?:[\w ]{0,20}?\s+)?)?(?:that|which)(?:'s|\s+is|\s+has|\s+had)?(?:\s+been)?\s+$"
)  # "… the rule that's been moving everything to Archive"
# "Delete the old Outlook rule that forwards mail to …": the object is in what the rule does, after the target.
_RULE_DOING = re.compile(
    r"\b(?:rules?|filters?|alerts?|shortcuts?|subscriptions?|feeds?|signatures?|(?:autofill|autocomplete) entr(?:y|ies)"
    r"|redirects?|forwards?)\s+(?:that|which)\s+(?:\w+\s+)?\w+s\b"
)
# "Clear the Teams chat search box": the protected word names which box, the box is the target.
_UI_PART_AFTER = re.compile(r"\s+(?:search\s+)?(?:box|bar|field|filter|button|icon|shortcut|toggle|tab|drop-?down)\b")


# "The browser history should be cleared in her own Edge profile", "Her Teams cache (… in her own profile) can be
# emptied": a passive whose subject is a policy exception acts on it; a protected word after "in" is where it is.
_IN_A_PLACE = re.compile(
    r"\b(?:in|inside|under|within|from)\s+(?:the\s+|their\s+|his\s+|her\s+|your\s+|the user'?s\s+)?(?:own\s+)?"
    r"(?:[\w'-]+\s+){0,2}$"
)
_DISMISSED = re.compile(r"(?:cancel|close|dismiss)")
_UI_NOUN_AFTER = re.compile(
    r"\s+(?:pop-?up|prompt|warning|alert|notification|dialog(?:ue)?|message|window|banner|toast)s?\b"
)
_PROMPT_ASKS = re.compile(
    r"\s+(?:pop-?up|prompt|warning|alert|notification|dialog(?:ue)?|message|window|banner|toast)s?\s+(?:that\s+(?:is\s+)?)?"
    r"(?:asking|asks|wanting|wants|offering|offers)\s+(?:you\s+|her\s+|him\s+|them\s+|the user\s+)?(?:whether\s+|if you want\s+)?"
    r"to\s+"
)
# "Her Teams cache folder": the folder is the cache.
_CONTAINER = frozenset({"folder", "folders", "directory", "files", "file", "data", "contents"})


def _passive_on_safe(text: str, start: int, a_start: int, safe: list[tuple[int, int, str]]) -> bool:
    return bool(_IN_A_PLACE.search(text, 0, start)) and any(
        s_end <= a_start and s_end <= start and _MODAL_BE.search(text, s_end, a_start) for _, s_end, _ in safe
    )


def _only_a_place(between: str, words: str) -> bool:
    """Whether ``words`` only say where the action's real target is (a folder after "from", "in", …)."""
    if _PATH_AFTER_TARGET.match(between + " "):
        return True
    return words.split()[-1] in _PLACES and bool(_PLACE_AFTER_TARGET.match(between + " "))


# "Clear the Google Drive for desktop cache": the protected word is part of the cache's name.
_NOUN_GLUE = re.compile(r"(?:\s+(?!and\b|or\b|then\b|plus\b|with\b)[\w'-]+){0,3}\s+|[\w./\\~-]*[/\\]")


def _names_a_safe(text: str, end: int, safe: list[tuple[int, int, str]]) -> bool:
    """Whether the object ending at ``end`` is only a word in the name or path of a cache just after it."""
    return any(
        "cache" in s_words and 0 <= s_start - end <= 80 and _NOUN_GLUE.fullmatch(text[end:s_start])
        for s_start, _, s_words in safe
    )


# "Add \\\\NAS01\\Data to its exclusion list": the ordinary place is what is added; the protected list it goes into is
# what is changed.
_INTO_OBJECT = re.compile(r"\s+(?:to|into|onto)\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|an?\s+)?(?:[\w'-]+\s+){0,3}")
# "Delete the .ost and the .pst", "clear the Teams cache, and the user's PST": an exception joined to the object by
# "and" or a comma; the verb acts on both, so the exception excuses neither (but "cached images and files" is one label).
_COORDINATED = re.compile(
    r"\s*(?:,\s*(?:and\s+|&\s+|plus\s+)?|\s(?:and|&|plus|as well as|along with|together with|or)\s+)"
    r"(?:(?:also|then|even|maybe|perhaps)\s+)?(?:(?:the|their|his|her|your|my|our|any|all|every|each|its|that|this"
    r"|those|these|both|the user'?s|user'?s)\s+)?(?:(?:old|other|local|archived?|saved|personal|whole|entire)\s+)*\.?"
)


def _guarded_action(clause: Clause, obj: tuple[int, int, str], safe: list[tuple[int, int, str]]) -> str | None:
    """Why an acting clause naming a guarded object is refused, or None when it is clearly harmless.

    Harmless: it only navigates (its lead is a navigation verb and no change verb follows), or every
    action in it is bound to one of the policy's exceptions ("run a quick scan in Windows Security",
    "empty the Recycle Bin on the desktop"). Anything else fails closed.
    """
    text = clause.text
    start, end, words = obj
    if end > 0 and _located_in_safe(text, end, safe):
        return None
    if text.strip(" .,;:'\"") == words and not _CHANGES.search(words):
        return None  # the bare name of a tool, a code span or a label: opening it, not changing what it guards
    navigation = [(m.start(), m.end(), m.group(0)) for m in _NAVIGATION.finditer(text)]
    actions = [
        (m.start(), m.end(), m.group(0))
        for m in _CHANGES.finditer(text)
        if not _overlaps((m.start(), m.end(), ""), safe + navigation) and not (start <= m.start() < end)
    ]
    lead_at = text.find(clause.lead) if clause.lead else -1
    if (
        clause.lead not in _NAVIGATE_LEADS
        and lead_at >= 0
        and not _overlaps((lead_at, lead_at + 1, ""), navigation + safe)
    ):
        if not any(a_start <= lead_at < a_end for a_start, a_end, _ in actions):
            actions.insert(0, (lead_at, lead_at + len(clause.lead), clause.lead))
    elif clause.lead == "" or lead_at < 0:
        return words  # no verb at all: a bare protected object, fail closed
    for _, a_end, action in actions:
        if _passed_on(text, action, a_end):
            continue
        bound_to_safe = any(
            a_end <= s_start <= a_end + _SAFE_REACH
            and (not (a_end <= start < s_start) or (0 <= s_start - end <= 1 and not _DISABLES.fullmatch(action)))
            and not (s_end <= start and _INTO_OBJECT.fullmatch(text, s_end, start))
            and not (s_end <= start and words not in _GENERIC and _COORDINATED.fullmatch(text, s_end, start))
            for s_start, s_end, _ in safe
        )
        if not bound_to_safe:
            return f"{action} … {words}" if a_end <= start else f"{words} … {action}"
    return None


# "… folder on the file server", "\\\\fs01\\share": where the user's files are, which they may open; a destroying
# or moving verb before it makes it the target (a server's data), so it is no exception there.
_SERVER_PLACE = re.compile(r"server\b|^\\\\")
_DESTROYS = re.compile(r"\b(?:" + DESTROY + r")\b")


def _places_kept(safe: list[tuple[int, int, str]], text: str, since: int = 0) -> list[tuple[int, int, str]]:
    """A share stops being a place the user reaches when a destroying verb acts on it; in a clause joined to the ones
    before it ("remove the printer from the PC > add it again by name: \\\\PRINT01\\HP"), only a verb of the
    clause itself, ``since`` where it starts, can act on the share it names."""
    if not any(_SERVER_PLACE.search(w) for _, _, w in safe):
        return safe
    return [
        s
        for s in safe
        if not (
            _SERVER_PLACE.search(s[2])
            and _DESTROYS.search(text, min(since, s[0]), s[0])
            # "remove \\\\PRINT01\\HP from the user's Printers & scanners": the connection taken off the PC (not "delete …")
            and not (_FROM_THE_PC.match(text, s[1]) and _ONLY_REMOVES.fullmatch(_DESTROYS.findall(text, min(since, s[0]), s[0])[-1]))
        )
    ]


_ONLY_REMOVES = re.compile(r"remov\w*|disconnect\w*|unmap\w*")
# Where a connection is removed from: the user's own side, not the server.
_FROM_THE_PC = re.compile(
    r"\s+from\s+(?:the user'?s|their|his|her|this|the|your)\s+(?:own\s+)?(?:pc|laptop|computer|desktop|mac|machine"
    r"|printers?(?: (?:&|and) scanners)?|printer list|list of printers|devices(?: and printers)?)\b"
)


_OFF_BEFORE = re.compile(
    r"\b(?:disabl\w*|(?:turn|switch|toggle)\w*\s+off|untick\w*|uncheck\w*)\s+(?:the\s+)?(?:[\w-]+\s+)?$"
)
_INSTRUMENT = re.compile(r"\b(?:from|via|using|through|with) (?:the |its |their |a )?(?:[\w-]+ ){0,2}$")


def _rules_present(present: frozenset[str]) -> tuple[Rule, ...]:
    """The object rules with a hint in the step: the only ones that can match."""
    return tuple(r for r in OBJECTS if not present.isdisjoint(r.hints))


def _exceptions_named(
    text: str, startup_named: bool, *, combined_from: int | None
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """The policy's exceptions a clause names, as (those that bind an action, all of them): (safe, every_safe)."""
    combined = combined_from is not None
    safe = every_safe = _places_kept(_spans(SAFE, text), text, since=combined_from or 0)
    if startup_named or "startup" in text:  # a shortcut in the Startup folder is a startup item
        safe = every_safe = [s for s in safe if "shortcut" not in s[2]]
    if "scan" in text:  # "switch off Scan apps with Play Protect": the scanning switched off, not a scan run
        safe = every_safe = [s for s in safe if not ("scan" in s[2] and _OFF_BEFORE.search(text, 0, s[0]))]
    if "icon" in text:  # "pause it from the tray icon": the icon is where it is done, not what is done to
        safe = every_safe = [s for s in safe if not ("icon" in s[2] and _INSTRUMENT.search(text, 0, s[0]))]
    if combined:  # "Dismiss the Defender alert and restore the file": the next action is not a dismissal
        safe = [s for s in safe if not _DISMISSAL.match(s[2]) and not _PLACE_ONLY.fullmatch(s[2])]
    return safe, every_safe


def _judge_clause(
    clause: Clause,
    present: frozenset[str] | None = None,
    *,
    rules: tuple[Rule, ...] | None = None,
    combined_from: int | None = None,
    restarting_spooler: bool | None = None,
    safe_before: bool = False,
    startup_named: bool = False,
    safe_named: str = "",
) -> Hit | None:
    """The first rule ``clause`` breaks. ``safe_before``: an earlier clause of its sentence named a policy exception.

    ``rules``: the object rules whose hints are in the step (``present``), when the caller has picked them already.
    """
    text = clause.text
    safe = every_safe = None  # the policy's exceptions the clause names, found once an object is
    restarting_spooler = spooler_restart(text) if restarting_spooler is None else restarting_spooler
    found_actions: dict[str, list[tuple[int, int, str]]] = {}  # verb list -> its matches, once per clause
    if rules is None:
        rules = _rules_present(hints_in(text) if present is None else present)
    for r in rules:
        cls, policy = r.action_class, r.policy
        if cls is C.SERVICES_STARTUP and restarting_spooler:
            continue
        for start, end, words in _spans(r.pattern, text):
            if safe is None:
                safe, every_safe = _exceptions_named(text, startup_named, combined_from=combined_from)
            masking = every_safe if policy == INHERENT else safe  # an error that mentions the registry stays talk
            if _overlaps((start, end, words), masking) or _refers_to_safe(
                text, start, words, safe, safe_before, safe_named
            ):
                continue
            if words in _CONTAINER and any(0 <= start - s_end <= 1 for _, s_end, _ in masking):
                continue  # "her Teams cache folder": the folder is the cache
            if policy == INHERENT:
                if clause.mode != "talk" or (cls in _BEHIND_A_LOGIN and _SHOT_OF.search(text, 0, start)):
                    return Hit(cls, words)
                continue
            if policy == ANY and (clause.mode in ("act", "navigate") or clause.lead in _MAKES_IT_SO):
                return Hit(cls, words)  # a network device or server: "make sure the firewall allows …" configures it
            if clause.mode != "act":
                continue
            if (
                cls is C.CREDENTIALS_MFA
                and clause.delegated
                and not (_MFA_WORDS.search(words) and (_MFA_CHANGE.search(text) or _NOT_THEIRS.search(text)))
            ):
                continue  # "have the user change their password": their own account, their own hands
            if policy == GUARDED:
                if combined_from is not None:
                    if start < combined_from:
                        later = Clause(text[combined_from:], "act", clause.delegated, lead=clause.lead)
                        later_safe = [s for s in _spans(SAFE, later.text) if not _PLACE_ONLY.fullmatch(s[2])]
                        hit = _guarded_action(later, (-1, -1, words), later_safe)
                        if hit is not None:
                            return Hit(cls, f"{words} … {hit.split(' … ')[0]}")
                    continue
                hit = _guarded_action(clause, (start, end, words), safe)
                if hit is not None:
                    return Hit(cls, hit)
                continue
            actions = found_actions.get(policy)
            if actions is None:
                actions = found_actions[policy] = _spans(policy, text)
            hit = _bound_action(text, (start, end, words), actions, safe, combined_from=combined_from)
            if hit is not None:
                return Hit(cls, hit)
    return None


# "Forward the renewal email to the account manager": passing something on to a person, not acting on it.
_PASSED_ON = re.compile(
    r"[^.;]{0,100}?\bto (?:the |their |our |your |a |an )?(?:[\w'-]+ ){0,2}?(?:manager|engineers?|team|l2|l3|helpdesk"
    r"|service desk|ticket|owner|person|colleague|department|finance|accounts|billing contact|you|me|us|contact"
    r"|(?:it|helpdesk|support|billing|security|phishing|spam|report) (?:mailbox|inbox|address))\b"
)


def _passed_on(text: str, action: str, a_end: int) -> bool:
    return action.startswith("forward") and bool(_PASSED_ON.match(text, a_end))


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
        if _passed_on(text, action, a_end):
            continue
        if combined_from is not None:
            if a_start >= combined_from and start < combined_from:
                return f"{words} … {action}"  # the path named the object, the next clause acts on it
            continue
        if a_start <= start and start - a_end <= _WINDOW_AFTER:
            if _located_in_safe(text, end, safe) or _only_a_place(text[a_end:start], words):
                continue
            if _passive_on_safe(text, start, a_start, safe):
                continue
            if (
                _TO_LOOK.search(text, a_end, start)
                or _RULE_THAT.search(text, 0, a_start)
                or _RULE_DOING.search(text, a_end, start)
                or _UI_PART_AFTER.match(text, end)
                or _names_a_safe(text, end, safe)
            ):
                continue
            if any(
                a_end <= s_start
                and s_end <= start
                and (words in _GENERIC or not _COORDINATED.fullmatch(text, s_end, start))
                for s_start, s_end, _ in safe
            ):
                continue  # "delete the Teams cache in the user's profile": the cache is the target
            return f"{action} … {words}" if a_end < start else words
        if a_start >= end and _passive_on_safe(text, start, a_start, safe):
            continue
        if a_start >= end and _PROMPT_ASKS.fullmatch(text, end, a_start):
            continue  # "The Defender notification asking to allow the app": what the prompt offers, not the step
        if a_start >= end and _DISMISSED.match(action) and _UI_NOUN_AFTER.match(text, end):
            continue  # "The Windows Firewall pop-up … should be cancelled": the pop-up is dismissed, not the firewall
        if a_start >= end and a_start - end <= _WINDOW_BEFORE and _PASSIVE.match(text[end:a_start]):
            return f"{words} … {action}"
        if a_start >= end and a_start - end <= _WINDOW_AFTER and _MODAL_BE.search(text[end:a_start]):
            return f"{words} … {action}"  # "… on SharePoint, where they can be selected and deleted"
        if a_start >= end and _PATH_TO_LABEL.fullmatch(text[end:a_start]) and _LABEL_ENDS.match(text, a_end):
            return f"{words} … > {action}"  # the path from the object ends on the action's label
        if (
            a_start >= end
            and (
                _AFTER_PATH_END.fullmatch(text[end:a_start])
                or (_IN_STARTUP_LIST.fullmatch(text[end:a_start]) and _STARTUP_LIST.search(words))
            )
            and _PATH_END.search(text, 0, end)
            and words.split()[-1] not in _PLACES  # "Outlook > Mail, delete the old signature": where, not what
        ):
            return f"{words} … {action}"  # "Settings > Apps > Startup, toggle Zoom to Off": acting where the path ends
    return None


# "In the OneDrive web app, open Recycle bin and click Empty recycle bin": a cloud library's bin, not the user's own.
_CLOUD_BIN = re.compile(r"\b(?:onedrive|sharepoint)\b(?:[^.;]|\.(?=[a-z]))*")  # "onedrive.com > Recycle bin" too


def _cloud_bins(found: re.Match[str]) -> str:
    return re.sub(r"(?<!site )(?<!site's )\brecycle bin", "site recycle bin", found.group(0))


def match_text(norm: str) -> Hit | None:
    """The first floor rule a normalised step breaks, or None."""
    norm = QUOTED_TEXT.sub(r'\1 "…"', SAFE_MODIFIERS.sub(" ", norm))
    if "recycle bin" in norm:
        norm = _CLOUD_BIN.sub(_cloud_bins, norm)
    present = hints_in(norm)
    for r in COMMANDS:
        if present.isdisjoint(r.hints):
            continue
        # every occurrence: a command first named in talk ("the installer asks for a .reg file") may be done later
        if not may_match(r.pattern, norm):
            continue
        for found in r.pattern.finditer(norm):
            if r.action_class is not C.SERVICES_STARTUP and _in_talk_only(norm, found):
                continue
            if r.action_class not in _SAID_IS_DONE and not r.said and _said_only(norm, found):
                continue
            if (
                r.action_class is C.CREDENTIALS_MFA
                and (_SESSION_CODE.search(found.group(0)) or _CODE_WE_GIVE.match(norm, found.end()))
                and _REMOTE.search(norm)
            ):
                continue  # a remote-support session code names a session the user starts and watches, not an account
            if (
                r.action_class is C.CREDENTIALS_MFA
                and _ASKED_WHETHER.search(norm, 0, found.start())
                and "," not in found.group(0)  # "…, and if yes have them read it out": the follow-up discloses it
            ):
                continue  # "ask the user whether she normally types a password": about the habit, not for the password
            return Hit(r.action_class, found.group(0).strip())
    rules = _rules_present(present)
    previous: Clause | None = None
    context: list[Clause] = []  # the clauses so far, for a pronoun that points back across a sentence
    restarting_spooler = spooler_restart(norm)
    safe_in_sentence: tuple[int, bool] = (-1, False)  # (sentence, whether it has named a policy exception so far)
    named_in_sentence: tuple[int, str] = (-1, "")  # (sentence, the exceptions it has named so far, as they were worded)
    clauses = split_clauses(norm)
    for number, clause in enumerate(clauses):
        safe_before = safe_in_sentence[1] and safe_in_sentence[0] == clause.sentence
        hit = _judge_clause(
            clause,
            present,
            rules=rules,
            restarting_spooler=restarting_spooler,
            safe_before=safe_before,
            startup_named="startup" in norm,
            safe_named=named_in_sentence[1] if named_in_sentence[0] == clause.sentence else "",
        )
        if hit is not None:
            return hit
        hit = _accepted_prompt(clauses, number, present, restarting_spooler)
        if hit is not None:
            return hit
        hit = _looked_in(clause, previous, present, rules)
        if hit is not None:
            return hit
        hit = _destroyed_on_share(clause, context)
        if hit is not None:
            return hit
        safe_in_sentence = (clause.sentence, safe_before or _names_an_exception_itself(clause))
        if safe_in_sentence[1] and clause.mode != "talk":
            named = " | ".join(m.group(0) for m in SAFE.finditer(clause.text))
            earlier = named_in_sentence[1] if named_in_sentence[0] == clause.sentence else ""
            named_in_sentence = (clause.sentence, f"{earlier} | {named}" if earlier and named else earlier or named)
        # "Open Settings > … > Device encryption and switch it off": the action's object is in the path before it.
        if (
            previous is not None
            and clause.mode == "act"
            and (
                previous.mode != "talk"
                or _PRONOUN_ACTION.match(clause.text)
                or (previous.sentence == clause.sentence and _LABEL_ACTION.match(clause.text))
            )
            and (previous.sentence == clause.sentence or _PRONOUN_ACTION.match(clause.text))
            and (_BARE.match(clause.text) or _LABEL_ACTION.match(clause.text))
            # "… says Administrator, (please) close it": closing is never the change
            and not (_CLOSING.match(clause.text) or _CLOSING.match(clause.lead))
            and not any(not _PLACE_ONLY.fullmatch(m.group(0)) for m in SAFE.finditer(clause.text))
            and not (_SENT.match(clause.text) and _SHOT.search(previous.text))
            and not _noted_or_stopped(clause, [*context, previous])
            and not _typed_by_them(clause, context)
        ):
            # "Login Items, select Zoom and click the minus button": the GUI path the list went through names what the
            # bare action acts on, not only the clause just before it
            before = previous.text
            if previous.mode != "talk" and context and context[-1] is previous:
                run: list[Clause] = []
                for earlier in reversed(context):
                    if earlier.sentence != clause.sentence or earlier.mode == "talk":
                        break
                    if run and earlier.mode != "navigate" and SAFE.search(earlier.text):
                        break  # "…, remove the user's own entries in Windows Credentials, then …": an exception's step
                    run.insert(0, earlier)
                    if earlier.mode == "navigate":
                        break
                # "Go to Startup apps, select Teams and click Disable": the whole run of steps since the sentence (or
                # the numbered procedure) began, up to the path it went through
                before = " , ".join(c.text for c in run)
            before = _antecedent(previous, clause) or before
            hit = _judge_clause(
                Clause(
                    before + " > " + clause.text,
                    "act",
                    clause.delegated or previous.delegated,
                    clause.sentence,
                    clause.lead,
                ),
                present,
                rules=rules,
                combined_from=len(before) + 3,
                restarting_spooler=restarting_spooler,
                safe_before=safe_before or names_an_exception(previous.text),
            )
            if hit is not None:
                return hit
        # "Real-time protection has been found off, which is worrying. Please turn it back on": "it" is the object
        # named in the sentence before ("It can be paused from the tray icon" after naming Malwarebytes' protection).
        if (
            context
            and clause.mode == "act"
            and (
                _PRONOUN_ACTION.match(clause.text)
                or _PASSIVE_PRONOUN.match(clause.text)
                or _PRONOUN_GOES.match(clause.text)
                or _PAGE_STATE.match(clause.text)
                # "…; it'd be good to get it done now": the pronoun after the framing
                or (_FRAMED_PRONOUN.search(clause.text) and _PRONOUN_ACTION.match(step_of(clause.text)))
            )
            # "… restart it" after BitLocker's screen most likely means the PC; after naming a service, the service
            and not (
                _AGAIN.match(clause.text)
                # "… after naming the domain controller, reboot it": the server, not the PC
                and not _A_SERVICE_OR_SERVER.search(" ".join(c.text for c in context[-4:]))
            )
            and not (_CLOSING.match(clause.text) or _CLOSING.match(clause.lead))
            and not re.search(r"\b(?:from|in|out of) there\b", clause.text)  # "it" is in the place named before
            and not _PUT_BACK.match(clause.text)  # "have the user open the paper tray … and push it back in": by hand
            and not _it_is_the_exception(clause, context)
            and not _runs_the_exception(clause, context)
            and not (_SENT.match(clause.text) and _SHOT.search(context[-1].text))
            and not _noted_or_stopped(clause, context)
            and not _typed_by_them(clause, context)
        ):
            before = " ".join(c.text for c in context if c.sentence >= clause.sentence - 1)
            before = _antecedent(context[-1], clause) or before
            hit = _judge_clause(
                Clause(before + " > " + clause.text, "act", clause.delegated, clause.sentence, clause.lead),
                present,
                rules=rules,
                combined_from=len(before) + 3,
                restarting_spooler=restarting_spooler,
                # "open %temp%, press Ctrl+A in that folder and delete it": any earlier clause of the sentence
                safe_before=safe_in_sentence[1] and safe_in_sentence[0] == clause.sentence,
            )
            if hit is not None:
                return hit
        # "It's controlled in the Intune admin center, so change the compliance policy there": the place named before
        if context and clause.mode == "act" and _THERE.search(clause.text) and context[-1].sentence == clause.sentence:
            before = context[-1].text
            hit = _judge_clause(
                Clause(before + " > " + clause.text, "act", clause.delegated, clause.sentence, clause.lead),
                present,
                rules=rules,
                combined_from=len(before) + 3,
                restarting_spooler=restarting_spooler,
            )
            if hit is not None:
                return hit
        # "The queue clears if you restart the Zebra service, so do that next": the step is the condition's action.
        if context and clause.mode == "act" and _DO_THAT.match(clause.text):
            for earlier in context:
                stated = _IF_YOU.match(earlier.text)
                if earlier.sentence < clause.sentence - 1 or earlier.mode != "talk" or not stated:
                    continue
                told = earlier.text[stated.end() :]
                hit = _judge_clause(
                    Clause(told, "act", clause.delegated, clause.sentence, told.split(" ", 1)[0]),
                    present,
                    restarting_spooler=restarting_spooler,
                )
                if hit is not None:
                    return hit
        context.append(clause)
        if not _BARE_CONDITION.match(clause.text):
            previous = clause  # "…? If so, stop it": "it" is in the question, not in "if so"
    return None


# "The .ost is only an offline copy of the mailbox, so removing it is safe": "it" is what the statement is about.
_STATED_SUBJECT = re.compile(
    r"^(?:(?:the|this|that|these|those|your|their|her|his|the user'?s)\s+)?(?P<subject>[^,;>]{1,40}?)\s+(?:is|was|are|were)\s+"
    r"(?:(?:only|just|simply|merely|really|basically|essentially|nothing but)\s+)?(?:a|an|the)\b"
)


def _names_an_exception_itself(clause: Clause) -> bool:
    """Whether a clause names one of the policy's exceptions as itself, not as what it calls a protected object:
    "those PST files are basically a cache" names no cache, the .pst stays a .pst."""
    if not names_an_exception(clause.text):
        return False
    found = _STATED_SUBJECT.match(clause.text.strip()) if clause.mode == "talk" else None
    return found is None or names_an_exception(found.group("subject")) or not _names_protected(found.group("subject"))
_IT = re.compile(r"\bit\b")


def _antecedent(statement: Clause | None, clause: Clause) -> str | None:
    """The subject of a statement just before a clause that acts on "it", when that subject is one of the policy's
    exceptions: "it" is the subject ("the .ost"), not the things the statement compares it with ("the mailbox").
    A subject that is no exception ("archive.pst is only a cache, …") keeps the whole statement in view."""
    if statement is None or statement.mode != "talk" or statement.sentence != clause.sentence:
        return None
    if not _IT.search(clause.text) or re.search(r"\b(?:them|both|all|everything)\b", clause.text):
        return None
    found = _STATED_SUBJECT.match(statement.text.strip())
    if found is None or not names_an_exception(found.group("subject")):
        return None
    subject = found.group("subject")
    return None if _names_protected(subject) else subject


def _names_protected(text: str) -> bool:
    """Whether a bare noun phrase names a protected object of any rule ("pst files", "the registry")."""
    return any(r.pattern.search(text) for r in _rules_present(hints_in(text)))


# "Open \\\\FS01\\Scans and delete the old scans": what is deleted there is on the server, whatever it is called.
_SHARE = re.compile(r"\\\\[\w.-]+\\[\w$.-]+|\b(?:file|shared|network) (?:server|share|drive)\b|\bs: drive\b|\bshare on\b")
_DESTROYING_LEAD = re.compile(
    r"^(?:(?:and|then|now|just|please|so)\s+)*(?:select\w*\s+[^,;>]{1,40}?\s+(?:and|then)\s+)?(?:" + DESTROY + r")\b"
)


def _destroyed_on_share(clause: Clause, context: list[Clause]) -> Hit | None:
    """A deleting step after the same sentence reached a server share acts on the share (docs/safety.md: move, delete
    or clean up anything on a server share), unless what it deletes is one of the policy's own exceptions."""
    if clause.mode != "act" or not _DESTROYING_LEAD.match(clause.text) or names_an_exception(clause.text):
        return None
    for earlier in reversed(context):
        if earlier.sentence != clause.sentence or earlier.mode == "talk":
            return None
        share = _SHARE.search(earlier.text)
        if share:
            return Hit(C.DATA_DELETION, f"{share.group(0)} … {_DESTROYING_LEAD.match(clause.text).group(0).strip()}")
    return None


# "Check whether the partition appears in Disk Management": the look is done where the question is answered.
_WHETHER_LEAD = re.compile(r"(?:whether|if)\b")
_LOOKER = re.compile(r"(?:(?:please|just|also|quickly)\s+)*(?:(?:tell|let)\s+(?:me|us)(?:\s+know)?|confirm|verify)$")
_WHERE_LOOKED = re.compile(
    r"\b(?:in|inside|within|under|on|via|through|using|from)\s+(?:the\s+|their\s+|our\s+|its\s+|this\s+|that\s+)?"
    r"(?:[\w'-]+\s+){0,2}?$"
)


# "… whether the error names a file under C:\\Windows": what a message says is no place anyone looks in.
_SAYS = re.compile(r"\b(?:names?|named|mentions?|says?|said|lists?|contains?|includes?|refers? to|points? to|quotes?|reads?)\b")


def _looked_in(clause: Clause, previous: Clause | None, present: frozenset[str], rules: tuple[Rule, ...]) -> Hit | None:
    """A "whether …" after a looking verb ("check whether the volume shows in Disk Management", "tell me if the
    licence is listed in the admin center") is looked up in the place it names: an object even looking at is
    forbidden, named as that place, is touched. Asking someone whether is talk, and stays so."""
    if (
        previous is None
        or clause.mode != "talk"
        or previous.sentence != clause.sentence
        or not _WHETHER_LEAD.match(clause.text)
        or not (previous.mode == "read" or _LOOKER.match(previous.text.strip(" ,")))
    ):
        return None
    text = clause.text
    for r in COMMANDS:  # a tool ("… appears in Disk Management")
        if present.isdisjoint(r.hints) or not may_match(r.pattern, text):
            continue
        for found in r.pattern.finditer(text):
            if _WHERE_LOOKED.search(text, 0, found.start()) and not _SAYS.search(text, 0, found.start()):
                return Hit(r.action_class, found.group(0).strip())
    hit = _judge_clause(Clause(text, "read", clause.delegated, clause.sentence, clause.lead), present, rules=rules)
    if hit is None or "\\" in hit.words:
        return None  # a path ("a file under C:\\Windows") is what is looked for, not where
    at = text.find(hit.words.split(" … ")[0])
    return hit if at > 0 and _WHERE_LOOKED.search(text, 0, at) and not _SAYS.search(text, 0, at) else None


# "Take a screenshot of the pfSense status page": a picture of a page behind a login is looking at it (a photo of the
# user's own screen or of a device's lights is not: those objects are not inherent).
_BEHIND_A_LOGIN = frozenset({C.NETWORK_DEVICE, C.SERVER_CONFIG})
_SHOT_OF = re.compile(
    r"\b(?:(?:take|grab|get|make|capture|send)\w*\s+(?:me\s+|us\s+)?(?:a\s+|an\s+)?(?:quick\s+|full\s+)?(?:screenshot|screen ?shot"
    r"|screen capture|snip|screengrab|photo|picture|pic)s?\s+of|screenshot\w*|snip\w*)\s+(?:the\s+|their\s+|our\s+|its\s+"
    r"|this\s+|that\s+)?(?:[\w'-]+\s+){0,2}?$"
)


def _it_is_the_exception(clause: Clause, context: list[Clause]) -> bool:
    """ "gpupdate /force re-applies Group Policy … Run it …": "it" is the subject the sentence before opened with,
    one of the policy's exceptions, not what that sentence went on to name."""
    if not _ACTS_ON_IT.match(clause.text):
        return False
    first = next((c for c in context if c.sentence >= clause.sentence - 1), None)
    return first is not None and first.mode == "talk" and SAFE.match(first.text) is not None


def _runs_the_exception(clause: Clause, context: list[Clause]) -> bool:
    """ "… > Protection updates > Check for updates. It's fine to run this …": running "this" runs the exception the
    clause before ended on."""
    if not _RUN_IT.match(step_of(clause.text)):
        return False
    last = context[-1].text.rstrip(" .;:!")
    return any(m.end() >= len(last) - 1 for m in SAFE.finditer(last))


_RUN_IT = re.compile(r"^(?:run|do|try|repeat|redo|click|use|start)\w*\s+(?:it|this|that)\b(?!\s+(?:off|down|out)\b)")
_ACTS_ON_IT = re.compile(r"^(?:[\w'-]+\s+){0,2}?[\w'-]+\s+it\b")


# Putting a thing back by hand: the tray, the cable or the card, never a setting.
_PUT_BACK = re.compile(
    r"^(?:(?:and|then|just|please|gently|firmly)\s+)*(?:push|slide|clip|snap|seat|reseat|pop|insert|slot)\w*\s+(?:it|them)"
    r"\s+(?:back\s+)?(?:in|into|on|home)\b"
)
_THERE = re.compile(r"\b(?:(?:in|from|on|under)\s+)?there\s*[.!;,]?\s*$|\b(?:in|from|on|under) there\b")


# "If the user's encrypted USB stick asks for its password, ask the user to type it in themselves": their own password,
# typed by their own hands, is no action on the stick.
_TYPED_BY_THEM = re.compile(
    r"^(?:[\w'-]+\s+){0,5}?(?:type|enter|key|put)\w*\s+(?:it|them)\s+(?:in\s+|into it\s+)?(?:themselves|himself|herself)\b"
)
_THEIR_OWN_SECRET = re.compile(
    r"\b(?:its|their|his|her) (?:own )?(?:bitlocker |unlock |usb |drive )?(?:password|passcode|pin)\b"
)


def _typed_by_them(clause: Clause, before: list[Clause]) -> bool:
    return (
        clause.delegated
        and bool(_TYPED_BY_THEM.match(step_of(clause.text)))
        and any(_THEIR_OWN_SECRET.search(c.text) for c in before[-2:] if c.sentence == clause.sentence)
    )


_DO_THAT = re.compile(r"^(?:(?:so|then|please|just|and)\s+)*(?:do|try)\s+(?:that|this|it|so)\b")
_IF_YOU = re.compile(r"^(?:.*?\s)?(?:if|when|once)\s+(?:you|we)\s+(?:(?:just|then|simply|can|could)\s+)*(?=\w)")
# "Take a screenshot of Protection history and send it": what is sent is the screenshot, not what it shows.
_SENT = re.compile(r"(?:[\w'-]+\s+){0,2}?(?:send|share|email|forward|attach|paste|upload)\w*\s+(?:it|them|that|this)\b")
_SHOT = re.compile(r"\b(?:screenshots?|screen ?shots?|photos?|pictures?|screen captures?|snips?|screengrabs?)\b")


# "Ask the manager for the shared mailbox's name and put it on the ticket": what is written down is the name, not
# the object (a secret written down is caught by the commands that disclose it); "Never ask for their password; if
# they start to, stop them": "them" are the people of the condition.
_NOTED = re.compile(
    r"^(?:(?:and|then|please|just|so)\s+)*(?:put|write|add|note|jot|log|record|paste|copy|type)\w*(?:\s+down)?\s+(?:it|them|that|this)"
    r"\s+(?:down\s+)?(?:on|in|into|to|onto)\s+(?:the\s+|our\s+)?(?:[\w-]+\s+)?(?:ticket|notes?|ticket notes|psa)\b"
)
_SECRET = re.compile(r"\b(?:password|passcode|pin|code|credential\w*|recovery|key|secret|login)s?\b")
# "…, and leave it for the escalation team": handed over, not acted on
_LEFT = re.compile(
    r"^(?:(?:and|then|please|just|so)\s+)*(?:leave|pass|hand)\w*\s+(?:it|them|that|this)\s+(?:over\s+)?(?:for|to|with)\s+(?:the\s+|our\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:team|l2|l3|engineers?|escalation|service desk|admins?|second line|network team|msp)\b"
)
_STOPPED = re.compile(r"^(?:(?:and|then|please|just|so)\s+)*(?:stop|interrupt|correct|remind|warn|reassure)\w*\s+(?:them|him|her)\b")
_PEOPLE_SUBJECT = re.compile(r"\b(?:if|when|once|before|as soon as)\s+(?:they|he|she|the user|the caller)\b")


def _noted_or_stopped(clause: Clause, before: list[Clause]) -> bool:
    """A bare "put it on the ticket" after a name, "leave it for L2", or "stop them" after "if they …": no object
    is acted on."""
    near = [c.text for c in before[-3:] if c.sentence >= clause.sentence - 1]
    if _NOTED.match(clause.text):
        return not any(_SECRET.search(t) for t in near)
    if _LEFT.match(clause.text):
        return True
    return bool(_STOPPED.match(clause.text)) and any(_PEOPLE_SUBJECT.search(t) for t in near[-1:])


# "When UAC asks for permission, tell them to click Yes": saying yes to what the condition names is doing it.
_ACCEPTS = re.compile(
    r"^(?:[\w'-]+\s+){0,4}?(?:click|press|tap|hit|select|choose|answer|say|pick)\w*\s+(?:on\s+)?\"?(?:yes|allow|continue"
    r"|accept|approve|agree|i agree|trust|run anyway|open anyway|install anyway)\b"
)
_WHEN = re.compile(r"(?:if|when|whenever|once|as soon as|should)\b")


def _accepted_prompt(clauses: list[Clause], number: int, present: frozenset[str], spooler: bool) -> Hit | None:
    """A bare acceptance whose prompt is named in the condition before or after it in the same sentence."""
    clause = clauses[number]
    if clause.mode != "act" or not _ACCEPTS.match(clause.text):
        return None
    for other in clauses[max(0, number - 1) : number + 2]:
        if other is clause or other.sentence != clause.sentence or not _WHEN.match(other.text):
            continue
        accepted = Clause("approve " + other.text, "act", clause.delegated, clause.sentence, "approve")
        hit = _judge_clause(accepted, present, restarting_spooler=spooler)
        if hit is not None:
            return hit
    return None


_SESSION_CODE = re.compile(
    r"\b(?:security|session|support|connection|partner|quick assist|screenconnect|teamviewer|anydesk|splashtop"
    r"|zoho assist|(?:six|6|eight|8|nine|9)-(?:character|letter)) codes?\s*$"
)
# "… open Quick Assist, type the code you give them": the code goes from us to the user, nothing is disclosed
_CODE_WE_GIVE = re.compile(
    r"\s+(?:that\s+)?(?:you|we|i)(?:'ve| have)?\s+(?:just\s+)?(?:give|gave|given|read out|send|sent|tell|told|provide|provided)\w*"
)
_REMOTE = re.compile(
    r"\b(?:quick assist|remote (?:support|session)|support (?:session|link)|teamviewer|anydesk|screenconnect"
    r"|connectwise control|splashtop|zoho assist)\b"
)
_ASKED_WHETHER = re.compile(
    r"\b(?:ask|check|find out|confirm)\w*\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}?(?:whether|if)\b[^.;,?]*$"
)


# Classes whose commands are refused even in a talk clause: asking for a password is the forbidden act itself.
_SAID_IS_DONE = frozenset({C.CREDENTIALS_MFA, C.SERVICES_STARTUP})


def _said_only(norm: str, found: re.Match[str]) -> bool:
    """Whether the command stands in a clause that only talks ("escalate, since this may need DISM")."""
    start = max(norm.rfind(". ", 0, found.start()), norm.rfind("; ", 0, found.start()))
    clauses = split_clauses(norm[start + 1 : found.end()])
    if clauses and (
        _SAID_IN_CONDITION.match(clauses[-1].text)
        # "If sfc /scannow looks needed, escalate to L2": the command is what the condition weighs up, not a step
        or (re.match(r"(?:if|when|in case)\b", clauses[-1].text) and _LOOKS_NEEDED.match(norm, found.end()))
    ):
        # "If it's offering to reinstall macOS, stop and escalate": what the screen offers, not a step, as long as
        # the rest of the sentence only talks ("…, click Yes" / "…, accept it" is doing it)
        end = norm.find(". ", found.end())
        rest = split_clauses(norm[start + 1 : end if end >= 0 else len(norm)])[1:]
        return all(c.mode == "talk" or not re.search(r"[a-z]", c.text) or _DECLINES.match(c.text) for c in rest)
    # the clause's own mode: a colon's content ("Note: reg add …") is not made harmless by the talk before it
    if not clauses:
        return False
    # "So that L2 can plan the wipe, note …": named in the purpose before the step, which only says why
    end = min((i for i in (norm.find(". ", found.end()), norm.find("; ", found.end())) if i >= 0), default=len(norm))
    if re.match(r"\s*(?:so that|in order that|so)\b", norm[start + 1 : found.start()]) and any(
        c.mode == "talk" and re.match(r"(?:so that|in order that|so)\b", c.text) and found.group(0).strip() in c.text
        for c in split_clauses(norm[start + 1 : end])[:1]
    ):
        return True
    whole = split_clauses(norm[start + 1 : end])
    if any(c.mode == "talk" and c.text.startswith(clauses[-1].text) and ONE_OR_OTHER.fullmatch(c.text) for c in whole):
        return True  # "Check … > Your info: Administrator or Standard user": one of the answers to look for
    if clauses[-1].mode == "talk" and (
        mode_of(clauses[-1].text) == "talk" or re.match(r"(?:since|because|so that|in order that)\b", clauses[-1].text)
    ):
        # "escalate, since sfc and DISM are engineer tasks": a reason only talks; but "Trimming the driver store with
        # pnputil … is worth a try" recommends what the start of its sentence named
        return not any(c.mode == "act" and c.text.startswith(clauses[-1].text) for c in whole)
    # "the domain join and Active Directory side is for L2": the command is the subject of a statement, and the rest
    # of the sentence only talks ("sfc /scannow needs an elevated prompt, so it isn't an L1 step")
    here = len(clauses) - 1
    if here >= len(whole):
        return False
    quoted = norm.count('"', start + 1, found.start()) % 2
    if quoted and whole[here].mode == "talk" and mode_of(whole[here].text) == "talk":
        return True  # 'write "DISM advised" in the handover note': words in quotes written down, not a command run
    return (
        whole[here].text.startswith(clauses[-1].text)
        and mode_of(whole[here].text) == "talk"
        and not _VERB_LEAD.match(whole[here].text)
        and (
            here == len(whole) - 1
            or (
                (_NEEDS_MORE.search(whole[here].text) or states_scope(whole[here].text))
                and all(c.mode == "talk" for c in whole[here:])
            )
        )
    )


# "sfc /scannow needs an elevated prompt": what the command would take, said of it
_NEEDS_MORE = re.compile(
    r"\b(?:needs|requires|would (?:need|require))\s+(?:an?\s+)?(?:elevated|admin\w*|engineer|second[- ]line|l2|l3)\b"
)


_VERB_LEAD = re.compile(r"(?:please\s+|just\s+|now\s+)?(?:" + CHANGE + r")\b")


# A condition about what the screen offers or what you see ("if you reinstall macOS, …" is a step in disguise).
# "…, click Cancel and escalate": declining what the screen offers
_DECLINES = re.compile(
    r"(?:(?:please|just|then|and)\s+)*(?:click|press|tap|choose|select|hit|pick)\w*\s+(?:on\s+)?\"?(?:cancel|no|close|not now"
    r"|skip|don'?t \w+)\b\"?\s*$"
    # "…, cancel it and escalate": the prompt declined
    r"|(?:(?:please|just|then|and)\s+)*(?:cancel|close|dismiss|decline|x out of)\w*\s+(?:it|that|this|the (?:[\w-]+ )?(?:prompt"
    r"|dialog|dialogue|window|box|pop-?up|request))\s*$"
)
_SAID_IN_CONDITION = re.compile(
    r"(?:if|when|whenever|unless|in case)\s+(?:you(?:'re| are)? (?:see|get|notice|offered|shown)\w*"
    r"|it(?:'s| is)? (?:offer|show|ask|prompt|display|suggest)\w*|there(?:'s| is) (?:an? )?(?:[\w-]+ ){0,2}?(?:option|button|prompt|link|dialog|pop-?up)"
    r"|(?:the|a|an) (?:[\w-]+ ){0,2}(?:screen|pc|laptop|mac|window|installer|prompt|dialog|page|wizard|app|message)"
    r" (?:is )?(?:offer|show|ask|prompt|display|say|suggest)\w*"
    r"|(?:windows|macos|file explorer|explorer|the system) (?:offer|ask|prompt|suggest)\w*)\b"
)


_LOOKS_NEEDED = re.compile(
    r"\s*(?:looks?|seems?|is|appears?|might be|may be|sounds?|could be)\s+(?:like it'?s\s+|to be\s+)?(?:needed|necessary"
    r"|required|called for|warranted|the (?:fix|answer|next step))\b"
)

_NO_NEED = re.compile(r"\w*\?\s*(?:no|nope|not needed|not necessary|no need|not yet)\b")


def _in_talk_only(norm: str, found: re.Match[str]) -> bool:
    """A command named only in a negation ("don't run sfc") is not an instruction to run it."""
    if _NO_NEED.match(norm, found.end()):
        return True  # "Reimage? No need - just sign out …": the question asked and answered
    before = norm[max(0, found.start() - 80) : found.start()]
    if re.search(
        r"\b(?:don'?t|do not|never|not|without|instead of|rather than|avoid|won'?t|will not|shouldn'?t|should not"
        r"|can'?t|cannot)\b[^.;,>]*$",  # "Teams won't start -> sfc /scannow": the arrow ends the symptom
        before,
    ):
        return True
    # "leave \"Clean up system files\" alone", "keeping passwords unticked"
    return bool(re.search(r"\b(?:leav\w*|keep\w*)\s*\"?$", before)) and bool(
        re.match(r"\"?\s*(?:alone|unticked|unchecked|untouched)\b", norm[found.end() : found.end() + 15])
    )
