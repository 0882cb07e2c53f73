"""Actions: the verbs the floor knows, in all their forms, and what a rule is.

A rule pairs a forbidden class with a *policy* and a pattern:

- ``COMMAND``: a command or tool form that is the forbidden action itself (``diskpart``,
  ``reg add``, "Run as administrator"): refused wherever it stands, unless only negated;
- ``INHERENT``: an object an L1 may not even look at, because looking needs the tool (the
  Registry Editor, BIOS, an admin centre, a recovery key): refused unless the clause only talks;
- ``ANY``: a network device or server: any verb in an acting clause is configuration;
- ``GUARDED``: a protected object of the wide per-class lexicon: refused in an acting clause
  whatever the verb (fail closed), unless the clause only navigates to it or its action is
  bound to one of the policy's ordinary exceptions (``exceptions.SAFE``);
- a verb regex: refused when one of those verbs acts on the object (words too common to guard,
  such as "drive" or "files").

Each rule carries a few literal *hints*: it only runs when one of them is in the step, which
keeps a step well under a millisecond (a test checks the hints never change a verdict).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ai.action_classes import ActionClass

C = ActionClass
COMMAND, INHERENT, ANY, GUARDED = "command", "inherent", "any", "guarded"


@dataclass(frozen=True)
class Rule:
    action_class: ActionClass
    policy: str  # COMMAND, INHERENT, ANY, GUARDED, or a regex of the verbs that count
    pattern: re.Pattern[str]
    hints: frozenset[str]
    exact: bool = False  # only the listed verbs count: the fail-closed change verbs are not added
    said: bool = False  # a command refused even where it is only said (saying it is doing it)


def rule(
    cls: ActionClass, policy: str, pattern: str, hints: tuple[str, ...], *, exact: bool = False, said: bool = False
) -> Rule:
    """A rule; object patterns match whole words only ("eset" is not in "reset")."""
    if policy != COMMAND:
        pattern = r"(?<![a-z0-9])(?:" + pattern + r")(?![a-z0-9@])"  # "billing@" is a mailbox, not billing
    return Rule(cls, policy, re.compile(pattern), frozenset(hints), exact, said)


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
        # "the list of applied Group Policy objects": an adjective, not the verb
        "apply": "apply|applies|(?<!of )(?<!the )(?<!any )(?<!all )applied|applying",
        "trust": "trust(?! cent(?:er|re))(?! relationship)|trusts|trusted|trusting",  # Office's Trust Center is a place, a trust relationship a bond
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
        if len(head) > 3 and re.search(r"[^aeiou][aeiou][bdgklmnprtz]$", head):  # "formatted", "unpinned": the consonant doubled
            alt += f"|{head}{head[-1]}ed|{head}{head[-1]}ing"
    if head == "move":  # "the accidental move of the folder": a noun, not the verb
        return f"(?<!accidental )(?<!the )(?<!a )(?:{alt}){rest}"
    return f"(?:{alt}){rest}"


# "Find the deleted folder and click Restore": "deleted" after an article names what is restored, it is no action.
_DELETE_FORMS = (
    "(?:delete|deletes|(?<!the )(?<!a )(?<!any )(?<!recently )deleted(?! (?:items|files|messages|emails|photos|folders?"
    "|documents|mail|notes|contacts|chats|conversations))|deleting)"
)


def verbs(*words: str) -> str:
    """A regex for every form of each verb."""
    return "|".join(_forms(v) for v in words).replace("(?:delete|deletes|deleted|deleting)", _DELETE_FORMS)


# Separable phrasal verbs ("turn BitLocker off") are matched with up to four words between.
PHRASAL = (
    r"(?:turn\w*|switch\w*|shut\w*|toggle\w*|flip\w*|set\w*|take\w*|knock\w*)\s+(?:[\w'.:-]+\s+){0,4}?(?:off|down)\b"
    r"|(?:turn\w*|switch\w*|toggle\w*|flip\w*)\s+(?:[\w'.:-]+\s+){0,4}?(?:back\s+)?on\b"
)

DESTROY = verbs(
    "delete", "remove", "erase", "wipe", "format", "reformat", "purge", "clean", "clear", "empty", "nuke",
    "destroy", "shred", "overwrite", "trash", "get rid of", "throw away", "throw out", "dispose of", "chuck", "initialize", "initialise", "partition",
    "repartition", "shrink", "merge", "discard", "move", "tidy", "zero", "bin", "deleting",
    # slang for getting rid of something: "blow away the Desktop folder", "scrap the shared mailbox", "axe the old data"
    "zap", "scrap", "toss", "ditch", "axe", "blast", "yeet", "blow away", "wipe out", "do away with",
) + (
    r"|blow\w*\s+(?:[\w'.:-]+\s+){1,4}?away\b"  # "blow the old profile away"
    r"|(?<!memory )(?<!crash )(?<!core )(?<!heap )(?<!mini)(?:dump|dumps|dumped|dumping)(?! (?:file|log)s?\b)"
) + (
    # "Teams auto-start needs to go", "the old profile can go": it is to be removed (not "go to L2", "go in the ticket")
    r"|(?:needs?|has|have|has got|must|should|can|could|ought) (?:to )?go\b(?!\s+(?:to|in|into|on|onto|through|ahead"
    r"|back|via|with|out|up|over|down|smoothly|well|wrong|fine|further|away from|and)\b)"
) + (
    # "drag the old home folder to the Trash": deleting it
    r"|drag\w*(?=[^.;,]{0,60}?\b(?:to|into|onto|in) (?:the )?(?:trash|bin|recycle bin|wastebasket)\b)"
)  # fmt: skip
DESTROY = DESTROY.replace(
    "(?:bin|bins|bined|bining)", "(?<!recycle )(?:bin|bins|binned|binning)"
)  # "Recycle Bin" is no verb

# "Recover items recently removed from this folder": what already happened to them, not a removal
_REMOVED = "(?:remove|removes|removed|removing)"
_REMOVED_DONE = "(?:remove|removes|(?<!recently )(?<!already )(?<!previously )removed|removing)"
DESTROY = DESTROY.replace(_REMOVED, _REMOVED_DONE)

DISABLE = verbs(
    "disable", "stop", "kill", "end", "pause", "suspend", "deactivate", "uninstall", "remove", "exclude",
    "whitelist", "allowlist", "allow", "unblock", "bypass", "snooze", "exempt", "quit", "close", "terminate",
    "unload", "mask", "delete", "lower", "weaken", "silence", "mute",
) + "|" + PHRASAL  # fmt: skip
DISABLE = DISABLE.replace(_REMOVED, _REMOVED_DONE)

CHANGE = (
    verbs(
        "change", "set", "edit", "modify", "update", "adjust", "tweak", "configure", "reconfigure", "alter",
        "replace", "switch", "enable", "re-enable", "add", "create", "make", "put", "enter", "type", "apply",
        "restore", "release", "rename", "assign", "grant", "give", "reset", "regenerate", "rotate", "revoke",
        "renew", "upgrade", "downgrade", "flash", "reinstall", "roll back", "revert", "resume",
        "restart", "reboot", "power cycle", "power-cycle", "unplug", "pull", "forward", "block",
        "join", "rejoin", "unjoin", "leave", "promote", "demote", "decrypt", "encrypt", "export", "back up",
        "import", "unlock", "push", "deploy", "increase", "decrease", "raise", "extend", "untick",
        "uncheck", "turn on", "switch on", "activate", "point", "fix", "repair", "migrate", "transfer", "swap",
        "cancel", "buy", "purchase", "pay", "open port", "open up", "disconnect", "convert", "bump",
        "order", "register", "unregister", "re-register", "require", "force", "drop", "move", "mark", "trust",
        "approve", "bounce", "cycle", "recycle", "kick", "zap", "nix", "shut", "shut down", "unload", "unlink", "hide", "loosen", "relax",
        "unhide",
    )
    + r"|let\w* (?:[\w'.-]+ ){0,3}?(?:through|in|past)\b"
    + "|"
    + DESTROY
    + "|"
    + DISABLE
)  # fmt: skip
CHANGE = CHANGE.replace("(?:recycle|recycles|recycled|recycling)", "(?:recycle(?! bin)|recycles|recycled|recycling)")

# A secret named before, then disclosed by pronoun: "… and tell me what it is", "… have her read it out".
SAID_BACK = (
    r"(?:(?!\b(?:error|message|prompt|warning|screen|window|box|dialog|notification|pop-?up|nobody|no one|never|not"
    r"|don'?t|do not|without|shouldn'?t|should not|won'?t|can'?t|cannot)\b)[^.;]){0,80}?"
    r"\b(?:read|give|tell|send|text|email|share|spell|dictate|say|pass)\w*\s+(?:(?:it|them|that)\s+(?:out|over|back|aloud"
    r"|across|on|to (?:you|me|us))\b|(?:it|them|that)\s*$|(?:me|us|you)\s+what (?:it|they) (?:is|are)\b)"
)
