"""Clauses: a step split where its instructions change, each with the mode of its leading verb.

A step is split at sentence ends, "then", a colon, "and"/"or" before a new verb, a leading
"if …," condition and a trailing reason ("so …", "which …", "if …"). Each clause gets a mode:

- ``talk``: asking, telling, noting, escalating, a condition, a negation ("don't open
  regedit"): it names things without touching them;
- ``read``: check, look, see, confirm: it looks without changing;
- ``act``: anything else, including a verb the floor does not know (fails closed).

Negated and safe modifiers ("non-elevated", "without admin rights", "(not the system disk)")
are blanked out first, so they never read as the thing they negate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.ai.floor.exceptions import SAFE
from bot.ai.floor.verbs import CHANGE, verbs

_READ_LEADS = verbs(
    "check", "see", "look", "confirm", "verify", "view", "review", "find", "identify", "observe", "watch",
    "compare", "inspect", "test", "ping", "wait", "listen", "monitor", "find out", "determine", "search", "read",
    "know", "understand", "learn",
) + r"|(?:collect|gather)\w*\b(?!.*?\b(?:into|onto|together|in one|to (?:a|the|one|another))\b)" + r"|(?:have|take)\w* (?:a |another )?(?:quick |closer |brief )?(?:look|peek|glance)\b" + (
    # read-only commands: they print what is there and change nothing
    r"|get-[a-z]+|ipconfig(?! /registerdns)|findstr|whoami|systeminfo|tracert|traceroute|netstat|hostname|winver"
    r"|gpresult|dsregcmd /status|nslookup|resolve-dnsname|test-netconnection|msinfo32"
    # a service's state, the licence's expiry: printed, not changed
    r"|sc(?:\.exe)? (?:query|queryex|qc|qdescription|qfailure|enumdepend)\b(?![^;]*(?:&|\||\bthen\b))"
    r"|slmgr(?:\.vbs)? [/-](?:xpr|dli|dlv)\b|cscript [^.;]{0,80}?ospp\.vbs\"? /dstatus(?:all)?\b"
)  # fmt: skip

_TALK_LEADS = (
    verbs(
        "tell", "note", "write down", "record", "attach", "screenshot", "photograph",
        "escalate", "report", "mention", "explain", "describe", "say", "read out", "inform", "document",
        "contact", "call", "email", "raise a ticket", "log a ticket", "open a ticket", "create a ticket",
        "log a case", "raise a case", "hand", "ask", "let", "take a screenshot", "take a photo",
        "snap", "jot", "log it", "add a note", "make a note", "leave", "advise", "remind", "warn", "send a",
        "flag", "stop and escalate", "stop there", "stop here", "stop at that point", "go no further", "pass", "message", "notify", "loop in", "reach out",
        "speak to", "speak with", "talk to", "talk with",
    )
    + r"|don'?t|do not|never|avoid|without|refrain|no need to|not to"
    # "give them our billing@ address": a contact handed to a person, not a change
    + r"|giv\w*\s+(?:them|him|her|the (?:user|customer|caller|client|requester))\s+"
    r"(?:(?!password|key|code|pin)[\w@.'-]+\s+){0,5}?(?:address|number|email|link|reference|contact details|phone number"
    r"|contacts?)\b"
    + r"|wait\w* for (?:[\w'-]+ ){1,5}?to (?:call|ring|phone|email|reply|respond|get back|come back|confirm)\b"
    + r"|(?:add|include|put|write)\w*\s+(?:a |an )?(?:line|note|comment|sentence)\b"
    r"(?![^.;]*\b(?:hosts|config\w*|file|[\w-]+\.(?:ini|conf|cfg|txt|xml|json|plist|reg))\b)"
    + r"|(?:pass|hand|send|forward|route|refer)\w*\s+(?:the|this|that|their|her|his)\s+(?:request|ticket|question|case|details"
    r"|query|issue|problem|job)\b[^.;]*\bto\b"
    r"|(?:pass|hand|send|forward|route|refer)\w*\s+(?:the|this|that|their|her|his)\s+(?:[\w-]+\s+)?(?:reset|change|fix|task|work"
    r"|request)\s+(?:over\s+|on\s+)?to\s+(?:the\s+|a\s+|an\s+|our\s+)?(?:[\w-]+\s+){0,3}?(?:lead|l2|l3|second line|engineers?|team"
    r"|manager|desk|senior\w*)\b"
    + r"|(?:grab|get|capture|make|do|snap|take)\w* (?:a |an )?(?:quick |clear )?(?:screenshot|screen ?shot|photo|picture"
    r"|screen capture|snip|screengrab)s?\b"
    + r"|(?:copy|paste|put|type|enter|write|add|list)\w*\b[^.;]*\b(?:into|in|to) (?:the )?(?:[\w-]+ )?(?:ticket|notes?|chat|engineer"
    r"|escalation|handover)\b"
    + r"|(?:copy|paste|read)\w*\s+(?:(?:out|down|you|me|us|back|aloud)\s+)*(?:the|its|that|this|their|any|what)?\s*(?:exact\s+|full\s+|whole\s+)?"
    r"(?:error|message|text|output|wording|result|answer|details|section|lines|name|code|number|warning|prompt"
    r"|notification|screen|dialog|pop-?up)"
    # "paste the text I'm sending into Notepad and save it as fix.reg": text put into an editor or a shell is a file
    # written or a command run, not words copied out
    r"(?![^.;]*?\b(?:sav(?:e|es|ed|ing)\b|into (?:a |an |the |new )*(?:notepad|textedit|text editor|terminal|powershell"
    r"|cmd|command prompt|script|file|run box)))"
)  # fmt: skip

_DELEGATE = re.compile(
    r"^(?:ask|have|get|let|tell|help|walk|guide|talk)\w*\s+(?:the\s+|your\s+)?(?:user|customer|caller|client|them|him|her"
    r"|requester|person|end user|staff member|employee|pupil|student|teacher|learner)(?:'s)?\s+(?:through\s+|to\s+)?(?=\w)"
)

_CONDITION = re.compile(
    r"^(?:if|when|whenever|unless|once|in case|should|where|while|before|after|as soon as|because|since|as)\b[^,]*,\s*"
)

# "If that fails you could reset …", "If the quota is still full you could empty …": a condition without its comma,
# cut off where the suggestion to the technician starts.
_CONDITION_NO_COMMA = re.compile(
    r"^(?:if|when|once|should|in case)\b[^,;]{1,60}?\s(?=(?:you|we|i)\s+(?:could|can|should|might|may|would|will|must"
    r"|need to|have to|want to|ought to)\s)"
)

_CONDITION_WORD = re.compile(r"(?:if|when|whenever|unless|in case|since|because)\b")

_REASON = re.compile(
    r"\s(?:so that|so|because|since|as it|as they|which|who|in case|otherwise|or else|until|to see|to check|if|whether"
    r"|when|after|before|while|once"
    r"|to confirm|to find out|to make sure the user|but only|the engineers? will|an engineer will)\s"
)

_NEGATED = re.compile(
    r"\((?:not|don'?t|do not|this only|only|it only|skip|avoid|never|no |nothing|without|instead of)[^)]*\)"
    r"|\([^)]*\b(?:stays?|remains?|untouched|kept|not (?:affected|touched|deleted|removed|changed))\b[^)]*\)"
    r"|(?<=,)\s*not (?:the|a|an|any|your|their|his|her|our) [^,;.]*|(?<=,)\s*not (?:into|in|to|from|via|through|with|using|on|as|by) [^,;.]*"
    # "Restart the laptop normally - not into Safe Mode - and …": an aside between dashes
    r"|(?<=\s-)\s*not (?:into|in|to|from|via|through|with|using|on|as|by) (?:(?!\s-\s)[^,;.])*|\bnot (?:as |an? |with )*(?:admin\w*|elevated)\b"
    r"|\bnot (?:the|any|your|their|his|her) (?:\w+ )?(?:files|data|documents|folders?|emails|mail|messages|photos)\b"
    # "leaving saved passwords and autofill unticked": what the step leaves alone
    r"|\b(?:leav(?:e|es|ing)|keep(?:s|ing)?)\s+[^,;.>]{1,50}?\b(?:unticked|unchecked|unselected|untouched|alone|in place|as (?:it|they) (?:is|are))\b"
    r"|\b(?:non-?admin|non-?elevated|normal|standard|regular|unelevated|ordinary)\s+(?:user\s+)?(?:command prompt|cmd"
    r"|powershell|terminal|window|prompt|session|account)\b|\bwithout (?:admin\w*|elevation|opening|clicking"
    r"|changing|touching|choosing|selecting|ticking|checking|running|restarting|deleting|removing|moving|editing)[^,;.]*"
    r"|\bwithout (?:anything|any \w+|it|them)\s+being\s+\w+|\bwith nothing\b[^,;.]{0,40}\b(?:changed|touched|moved|removed"
    r"|deleted|clicked|pressed)\b|\bwithout (?:pressing|tapping|hitting|accepting|approving|allowing|restoring|disabling"
    r"|turning|ticking|unticking|enabling)\b[^,;.]*"
    r"|\b(?:the rest|everything else|the others?|all else)\b[^,;.]{0,40}\bleft\s+(?:exactly\s+)?(?:as (?:it|they) (?:is|are)"
    r"|alone|untouched|in place)|\((?:[^)]*,\s*)?no [^)]*\)"
    r"|\b(?:rather than|instead of)\s+(?:(?:anyone|someone|us|you|we|l1|the technician)\s+)?\w+ing\b[^,;.]*"
    r"|(?<=,)\s*not (?!only\b|just\b|yet\b|until\b|before\b|after\b|sure\b|when\b|if\b|because\b)[^,;.]*"
    r"|\b(?:won'?t|will not|shouldn'?t|should not|aren'?t going to|are not going to|not to|never to)\s+(?:be\s+(?=\w+ing\b))?"
    r"(?:[\w-]+\s+(?:or|and)\s+)?(?:change|changing|touch|click|open|restore|delete|deleting|run|move|moving|remove|removing|restart|edit|import|install"
    r"|select|choose|tick|wipe|format|reset|disable|uninstall)\w*\b[^,;.>]*"  # "the card won't open -> format it": a symptom, then a step
    r"|\b(?:can'?t|cannot|can not|may not|are not allowed to|aren'?t allowed to) (?:give|hand|send|share|read|disclose|tell"
    r"|provide)\w*\b[^,;.]*"
    r"|\b(?:don'?t|do not) (?:try to |attempt to )?(?:(?:bulk|mass|force|hard|batch|auto|permanently)-)?(?:change|touch|click|open|restore|delete|run|move|remove|restart"
    r"|edit|import|install|select|choose|tick)\b(?:\s*,\s*[\w-]+)*(?:\s*,?\s*(?:or|nor)\s+[\w-]+)?(?:[^,;.]|\.(?=[a-z]))*"
)

# Modifiers that say the opposite of the protected word they contain ("a non-elevated prompt", "without admin
# rights"): blanked from the whole step before anything is matched, commands included.
SAFE_MODIFIERS = re.compile(
    r"\b(?:non-?elevated|unelevated|non-?admin(?:istrator|istrative)?|not elevated|not as (?:an? )?admin\w*"
    r"|no \"?run as (?:an? )?admin\w*\"?"
    r"|not (?:run )?as (?:an? )?admin\w*|without (?:using |choosing |clicking )?\"?run as (?:an? )?admin\w*\"?"
    r"|without (?:(?:needing|requiring|asking for|any need for|having) )?(?:any |an )?(?:admin\w*|elevation|elevated|sudo|runas"
    r"|root)(?: rights| privileges| access"
    r"| permissions| prompt| password)?|no admin(?:istrator)? (?:rights|privileges|access|password)"
    r"|(?:standard|normal|regular|ordinary) (?:user )?(?:account|user|command prompt|cmd|powershell|terminal|prompt)"
    r"|no (?:sudo|admin\w*|elevation|root|runas)(?: rights| access| password)? (?:needed|required|necessary)"
    r"|(?:doesn'?t|does not|won'?t|will not|shouldn'?t|should not) (?:need|require|ask for) (?:any )?(?:sudo|admin\w*|elevation"
    r"|root)(?: rights| access| password)?"
    # "the recovery key ID on the BitLocker screen": the key's name, which unlocks nothing (not when the key follows)
    r"|(?:bitlocker )?(?:recovery )?key id(?:entifier)?s?(?![^.;]*\bkeys?\b)"
    # Task Manager's "Last BIOS time": how long the firmware took at start-up, read off the Startup page
    r"|last bios time"
    # Outlook's "File > Open & Export" menu: a place on the way, not an export
    r"|open & export|import/export)\b"
)

# What a message, a prompt or an error says, quoted: the words of the screen, not an instruction.
QUOTED_TEXT = re.compile(
    r"\b((?:says|say|said|shows|show|reads|displays|mentions|message|error|warning|prompt|titled|called|named"
    r"|(?:stop|stops|stopped|fail|fails|failed|exit|exits|exited|end|ends|ended|crash|crashes|crashed|error|errors|errored)"
    r" with(?: the)?(?: error| message)?"
    r"|labelled|labeled|text|saying|reading|showing"
    # 'the Outlook rule "Move to Archive"': the name of the user's own rule, not what it names
    r"|(?:inbox|outlook|mail|email) rules?))\s*:?\s*\(?\"[^\"]{1,120}\"\)?"
)

# "See if turning off the firewall helps": the step is to turn it off.
# "note which setting it is", "tell me who set it up": a talk or read verb asking which, not "…, which restarts …".
_ASKS_WHICH = re.compile(
    r"\s*(?:(?:please|just|then|and|also|now)\s+)*(?:note|note down|write down|record|check|see|confirm|find out|ask|tell"
    r" (?:me|us)|let (?:me|us) know|look up|read out|say|work out)(?:\s+(?:in the ticket|down|me|us|them|the user))?\s*"
)

_SEE_IF_DOING = re.compile(r"\b(?:see|check|test|find out|try and see|try)(?: if| whether) (\w+ing)\b")

_NEGATION_HINTS = (
    "not",
    "don",
    "without",
    "leav",
    "normal",
    "standard",
    "regular",
    "non",
    "ordinary",
    "unelevated",
    "(",
    "n't",
    "rather",
    "instead",
    "keep",
    "nothing",
    "the rest",
    "never",
)

_TALK_STATEMENT = re.compile(
    r"\b(?:is|are) (?:outside|out of|beyond|not (?:for|in|part of)) (?:the\s+)?(?:l1|first-line|helpdesk|our)\b"
    r"|\b(?:engineers?|the engineer|an engineer|admins?) (?:will|can|should|may|must|need to|have to)\b"
    r"|\b(?:l2|l3|second line|the network team|the security team) (?:will|can|should|may|must|needs? to|has to|have to)\b"
    r"|\b(?:the service desk|the helpdesk|the help desk|the (?:[\w-]+ )?team|the msp|the vendor) (?:will|would|can|could)\b"
    r"|\b(?:the )?(?:engineers|admins|l2|l3) (?:handle|look after|deal with|take care of|own|sort)\b"
    r"|\b(?:is|are) (?:an? |the )?(?:engineer'?s?|l2'?s?|l3'?s?|admin'?s?|second[- ]line) (?:job|task|call|work|decision)\b"
    r"|\b(?:needs?|requires?) (?:an? )?(?:engineer|admin\w*)\b|\bdoes(?:n'?t| not) (?:need|require) (?:an? )?(?:admin\w*|elevation"
    r"|engineer|rights|local admin)"
)

# "Editing it is for the engineers": a gerund as the subject of the statement, not a step.
_GERUND_SUBJECT = re.compile(r"[a-z]+ing\s+(?:it|them|that|this|(?:the |an? )?[\w' -]{1,40}?)\s+(?:is|are)\b")

# "Windows Safe Mode isn't needed", "the domain join side is for L2", "a plan change isn't something L1 does": what
# the step does not need or whose it is, said about a subject (not "disable it, it isn't needed").
_SCOPE_STATEMENT = re.compile(
    r"\b(?:is|are)(?:n'?t| not) (?:ours|for us|for l1|(?:needed|required|necessary)\b|something (?:l1|we|the helpdesk"
    r"|first[- ]line) (?:does|do|handles?|touch(?:es)?)\b"
    r"|something (?:(?:for )?(?:l1|us|you|we) )?to (?:edit|touch|change|do|try|open|handle|fiddle with|mess with)\b)"
    r"|\b(?:is|are) (?:for|with) (?:l2|l3|the engineers?|an engineer|engineering|second[- ]line)\b"
    r"|\b(?:would (?:need|require)|needs|requires) (?:an? )?(?:elevated|admin\w*|engineer)"
    r"|\bneeds? (?:(?:an?|the) )?(?:second[- ]line|third[- ]line|l2|l3|senior tech\w*|engineer)\b"
    # "replacing system files is not an L1 task", "sfc needs an elevated prompt", "this fix needs \"Run as administrator\""
    r"|\b(?:is|are)(?:n'?t| not) (?:an? |the )?(?:l1|first[- ]line|helpdesk|service desk|level[- ]1) (?:task|job|step|thing"
    r"|fix|call|responsibility)\b"
    r"|\b(?:needs?|requires?) (?:an? |the )?(?:elevated|elevation\b|\"?run as (?:an? )?admin\w*)"
    # "L1 does not assign licences", "standard users can't run commands as administrator": what L1 may not do
    r"|^(?:(?:standard|normal|regular|non-admin) users?|users|the user|l1|first[- ]line(?: techs?| technicians?)?"
    r"|the helpdesk|the service desk|we|you)?\s*(?:does(?:n'?t| not)|do(?:n'?t| not)|can(?:'?t|not| not)|won'?t|will not"
    r"|may not|must not|(?:is|are)(?:n'?t| not) (?:allowed|permitted|able) to)\s"
)

_VERB_WORD = re.compile(
    r"\b(?:(?:bulk|mass|force|hard|batch|auto|permanently|secure)-(?=[a-z])|"  # "Bulk-delete the old emails"
    + CHANGE
    + "|"
    + _READ_LEADS
    + "|"
    + _TALK_LEADS
    + r"|go|click|press|hit|tap|do|type|enter|run|use|open|select"
    r"|choose|pick|launch|start|navigate|browse|log|sign|visit|right-click|double-click|install|connect|access|get"
    r"|copy|paste|download|save|drag|drop|upload|install|tick|check the box)\b"  # "Tick 'Don't warn me again'": a step
)

# A checklist's boxes ("☐ note the SSID ☐ restart", "- [ ] …", "✅ done ❌ still failing") end one item and start the
# next, as a sentence end would. A question mark that ends the step stays: "Server down?" asks. "e.g." and a step's
# number ("1. Open …") end no sentence.
_CHECKBOX = r"\s*(?:-\s*)?(?:[☐☑☒✅❎❌✔✓✗✘]|\[[ x✓]?\])\s*"
_SPLIT_SENTENCE = re.compile(
    r"(?<=[.!?;])(?<!\be\.g\.)(?<!\bi\.e\.)(?<!^\d\.)(?<![\s(]\d\.)(?<![\s(]\d\d\.)\s+|[!;]$|\.$|\n+|" + _CHECKBOX
)

_SPLIT_THEN = re.compile(
    r",?\s*\b(?:and then|then(?!\s+(?:\w+ly\s+)?[a-z]*[^su's]s\b)|and after that|after that|afterwards)\b,?\s*|(?<=[a-z]{3}):\s+(?=[a-z])(?!(?:on|off|enabled|disabled|allowed|blocked|never|none|always|automatic|manual)\b)|\s+-{1,2}\s+"
    r"|,\s*(?=(?:can|could|would|will) you\b|please\b|so (?:please|just|go ahead)\b)"
)

# Verbs whose base form starts a new instruction after "and", "or" or a list's comma.
_BASE_VERBS = (
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
    "restore", "dismiss", "release", "approve", "accept", "whitelist", "exclude", "trust", "mark", "quarantine",
    "rejoin", "join", "unjoin", "bypass", "override", "revoke", "renew", "upgrade", "suspend", "resume", "wipe",
    "toggle", "flip", "screenshot", "photograph", "capture", "scroll", "knock", "bump", "tweak", "pop", "stick",
    "roll", "revert", "boot", "repair", "rebuild", "reimage", "downgrade", "share", "save", "export", "import",
    "push", "deploy", "replace", "swap",
)  # fmt: skip
_BASE_VERB = "(?:" + "|".join(_BASE_VERBS) + r")\b"

# Only the base form starts a new instruction: "… and edited the registry" tells what someone did.
_SPLIT_AND = re.compile(
    r"\s*(?:,\s*|\s)(?:and|or|&(?!\s*[\w-]+\s*>)|plus|but)\s+(?:(?:first|then|also|just|quickly|please|still)\s+)*(?="
    + _BASE_VERB
    + ")"
    r"(?!back (?:in|on|into)\b)"  # "sign out of Office and back in": the same verb, back again
)

# An aside before the next instruction of a list: "and, for good measure, tell …", "and while you're there delete …",
# "optionally, export …". It says when or why, never what: the instruction after it is the step.
ASIDE = (
    r"(?:for good measure|to be (?:safe|sure|thorough)|just (?:in case|to be (?:safe|sure))|optionally|if (?:you (?:like"
    r"|want|prefer)|needed|necessary|required|possible)|as a (?:backup|fallback|precaution|last resort)|failing that"
    r"|in the meantime|while at it|also|as well|at the same time|while (?:you'?re|you are|we'?re|we are) (?:at it|there"
    r"|in there|on site|on-site|on the (?:call|phone)|(?:in|on|at|into) (?:[\w'&>.-]+ ){0,5}?[\w'&.-]+(?=\s*,|\s+"
    + _BASE_VERB
    + r"))|while (?:they'?re|they are|the user is|the user'?s|she'?s|he'?s|she is|he is) \w+ing(?: (?:[\w'-]+ ){0,3}?[\w'-]+)?"
    r"(?=\s*,|\s+" + _BASE_VERB + r"))"
)
# A list of instructions: "…, note the result, and, if the name still doesn't resolve, set …", "…, and (if Windows
# flips it back) change …", "…, and for good measure set …". The next instruction is judged on its own, not as part of
# a reason or question ("whether …", "which …") that the list started with.
_SPLIT_LIST = re.compile(
    r"\s*,\s*(?:(?:and|or|plus)\s*,?\s*)?(?:"
    + ASIDE
    + r"\s*,?\s*)*(?="
    + _BASE_VERB
    + r"(?:\s+(?!and\b|or\b|of\b|,)|\s*$))"
    r"|\s*(?:,\s*|\s)(?:and|or|but|plus)\s*,?\s*(?:"
    + ASIDE
    + r"\s*,?\s*)*(?=\(?\s*(?:if|when|once|unless|should)\b[^,()]{1,80}[,)])"
    r"|\s*(?:,\s*|\s)(?:and|or|but|plus)\s*,?\s*(?:" + ASIDE + r"\s*,?\s*)+(?=" + _BASE_VERB + ")"
)
# "Don't pause, exclude or allow anything": a comma list of verbs under a negation shares the negation.
_NEGATED_VERBS = re.compile(r"\b(?:don'?t|do not|never|not|nor|without)\s+(?:[\w'-]+,?\s+){0,3}?[\w'-]+,?\s*$")
_NEGATION_BEFORE = re.compile(r"\b(?:don'?t|do not|never|not|no|nor|without|avoid|refrain)\b")
_WHOLE_CONDITION = re.compile(r"^(?:if|when|whenever|unless|once|in case)\b[^,]*,?$")
# "On the phone that has Microsoft Authenticator, check …": where the step happens, not a step of its own.
_LEAD_IN = re.compile(r"\s*(?:on|in|from|via|using|at|under|inside|within|with|for|during)\b")
# "Press Win+R, type shell:startup": what is typed goes into the Run box the key opened.
_RUN_BOX = re.compile(r"\bwin\s*\+\s*r\s*$")
_PAREN_CONDITION = re.compile(r"^\(\s*(?:if|when|whenever|unless|once|in case|should)\b[^()]*\)\s*")


# "… it's the Archive.pst that's corrupt, and that file should be deleted": a modal passive on what was just named is a
# new instruction, not more of the statement before it.
_SPLIT_AND_PASSIVE = re.compile(
    _SPLIT_AND.pattern
    + r"|\s*,\s*(?:and|but)\s+(?=(?:it|they|this|that|these|those)\b(?:\s+(?!(?:should|must|needs?|has|have|ought|can"
    r"|could)\b)[\w'-]+){0,2}\s+(?:should|must|needs? to|has to|have to|ought to|can|could)\s+(?:\w+\s+)?be\s+(?:\w+ly\s+)?"
    r"(?:" + CHANGE + r")\b)"
)


def _split_and(piece: str) -> list[str]:
    """``_SPLIT_AND``, except inside a negated list of bare verbs: "don't pause, exclude or allow anything"."""
    subs, start = [], 0
    for found in _SPLIT_AND_PASSIVE.finditer(piece):
        if re.match(r"\W*(?:or|nor)\b", found.group(0)) and _NEGATED_VERBS.search(piece, start, found.start()):
            continue
        subs.append(piece[start : found.start()])
        start = found.end()
    subs.append(piece[start:])
    return subs


def _instructions(piece: str) -> list[str]:
    """A piece cut where a new instruction starts: "and"/"or" before a base verb, or a list's comma before one
    (not inside a negated list, whose verbs share the negation)."""
    subs: list[str] = []
    for sub in _split_and(piece):
        start = 0
        for found in _SPLIT_LIST.finditer(sub):
            before = sub[start : found.start()]
            if not re.search(r"\b(?:and|or|plus|but)\b", found.group(0)) and (
                _NEGATION_BEFORE.search(before) or (not start and _LEAD_IN.match(before)) or _RUN_BOX.search(before)
            ):
                continue
            subs.append(before)
            start = found.end()
        subs.append(sub[start:])
    return subs


# "…, but change the DNS servers for now": an instruction after a routing statement.
_THEN_DO = re.compile(
    r"[,;]\s*(?:but|so|and|then)\s+(?:please\s+|just\s+|first\s+|for now\s+)*(?=(?:" + CHANGE + r")\b)"
)

# "…, so leave it as it is and just reseat …": what a blanked aside leaves before the instruction.
_AND_LEFT = re.compile(r"\s*(?:and\s+)?")

_IMPERATIVE = re.compile(
    r"(?:please|kindly|now|just|go ahead and|you (?:should|must|need to|have to)|(?:" + CHANGE + r")\b"
    r"|(?:do|try) (?:that|this|it|so)\b"  # "… if you restart the service, so do that next"
    # "… is only a cache, so you can remove it": a permission to change something is the suggestion to
    r"|(?:you|we) (?:can|could|may) (?:(?:safely|just|simply|then|now) )?(?=(?:" + CHANGE + r")\b)"
    # "… is just an archive, so it can go": what may go is what is to be removed
    r"|(?:it|they|this|that|these|those) (?:can|could|should|may|must) (?:(?:safely|just|simply|all) )?go\b(?!\s+(?:to|in"
    r"|into|on|onto|back|ahead|through|via|with|out|up|over|down|smoothly|well|wrong)\b))"
)


# "the next step is", "the simplest way to get that space back is": what follows is the step recommended
_BEST_WAY = (
    r"(?:next|first|last|best|quickest|easiest|simplest|fastest|usual|standard|only|recommended|likely|real|proper|obvious)"
    r" (?:thing|step|fix|option|way|route|method|answer|solution|workaround|move)(?: to [^,;:]{1,60}?)?(?: here| now)?"
    r" (?:is|would be|will be)(?: to)?"
)

# "…, so it's worth deleting the HKCU\Network\Z key", "…, so the scanner's IP should be added to the relay connector",
# "…, so the sign-in method could be changed":
# after "so", a recommendation or a modal passive is the step the sentence leads up to, not the reason for one.
_SO_RECOMMENDS = re.compile(
    r"(?:it'?s|it is|it'?d be|it would be|it (?:may|might|could|will|should) be|that'?s|the (?:usual |likely |quickest )?"
    r"(?:fix|answer|next step|solution|workaround)(?: here)? is)\s+(?:(?:probably|definitely|really|well|usually|often)\s+)?"
    r"(?:best|worth|a good idea|wise|sensible|advisable|safest|easiest|quickest|simplest|better)"
    r"(?:\s+to\b|\s+(?:just\s+)?(?=\w+ing\b))"
    # "…, so the next step is to assign them a licence", "…, so it can go: right-click it …"
    r"|the " + _BEST_WAY + r"\b"
    r"|(?:it|they|that|this|these|those)\s+(?:can|could|should|must|needs? to|has to|have to)\s+(?:just\s+|now\s+)?go\b"
    r"(?!\s+(?:to|in|into|on|onto|ahead|back|through|via|with|out|up|over|down|well|smoothly)\b)"
    r"|(?!(?:you|we|i|they|he|she|the user|nothing|none|no)\b)(?:[\w'.\\:$-]+\s+){1,8}?(?:should|must|needs? to|has to|have to"
    r"|ought to|is to|are to|could)\s+(?:(?:then|also|now|first|simply|just)\s+)?be\s+(?:\w+ly\s+)?(?:" + CHANGE + r")\b"
)

# "Tell CrowdStrike to allow the file": telling a product, not a person, is an instruction to it.
_TELLS_A_THING = re.compile(
    r"(?:tell|instruct|get)\w*\s+(?!(?:me|us|the (?:user|customer|caller|client|engineer|technician|team|person|requester"
    r"|manager|office)|them|him|her|your|whoever|someone|everyone|the on-call)\b)[\w' -]{1,30}?\bto\s+(?!me\b|us\b)"
)
# "… while clicking Restart", "… after disabling BitLocker": a temporal clause that carries an action of its own.
# "… before restarting": when the next step happens, not a step of its own.
# "Restart the Mac holding Shift so it boots into Safe Mode": where the step takes the machine is what it does.
_BOOTS_INTO = re.compile(
    r"(?:that\s+)?(?:it|the (?:pc|laptop|mac|macbook|computer|machine|device))\s+(?:then\s+)?(?:boots?|starts?|restarts?"
    r"|comes? up|loads?|reboots?)\s+(?:up\s+|back\s+)?(?:into|in|to)\b"
)
# "…, and if so have her read it out", "… — if yes, get them to click it": the follow-up to a question is a step.
_IF_SO = re.compile(
    r"(?:,\s*|\s)(?:and\s+|but\s+)?(?:if (?:so|yes|they do|she does|he does|it does|they have|she has|he has|there is one"
    r"|it is|it's there|they can)|in that case)\s*,?\s+(?=(?:please\s+|just\s+)?(?:have|get|ask|tell|let|help|walk|guide"
    r"|" + CHANGE + r")\b)"
)
# "The warning goes away once SmartScreen is switched off", "Once the values are gone from the key, the drive shows up":
# the result promised once something is changed recommends the change.
_ONCE_CHANGED = re.compile(
    r"^\s*(?:once|as soon as)\s+[^,;]{1,120}?\b(?:is|are|gets?|has been|have been)\s+(?:\w+ly\s+)?(?:" + CHANGE
    + r"|gone|off|taken|flipped|switched \w+|deleted)\b"
)
_IF_YOU_DO = re.compile(
    r"\s(?:if|once|when|as soon as)\s+(?:you|we)\s+(?:just\s+|simply\s+|then\s+)?(?=(?:" + CHANGE + r")\b)"
)
_CONDITION_IN_TAIL = re.compile(
    r"\s(?:when|whenever|if|once|unless|after|before|while|until|as soon as)\b[^,;:]{3,80},\s*(?=(?:the|a|an|its|their|his"
    r"|her|this|that|these|those)\s)"
)
_TEMPORAL_GERUND = re.compile(r"^\s(?:while|after|before|when|once|until)\s+\w+ing\b")
_ACTION_IN_REASON = re.compile(r"^\s(?:while|after|before|when|once|until)\s+(?:\w+\s+)?\w+ing\s+\w")


# The words of a statement's subject: none of them starts a clause of its own ("Nuke the partition that isn't needed"
# stays an instruction).
_SUBJECT = r"(?:(?!(?:that|which|who|so|and|then|but|please|just)\b)[\w'.\\:-]+\s+)"

# "Windows Defender may have blocked the installer": a statement about what happened, not an instruction.
_DESCRIPTIVE = re.compile(
    r"(?!(?:have|take|give|make|get|go|let|put|keep|try|do|use|please|just|on|in|at|from|via|using|with|under|inside|to"
    r"|into|for|by|through|within)\b)"
    r"(?!(?:the |a |one |our |your )?(?:(?:best|quickest|usual|standard|known|only|easiest|proper|real|next|last) )?"
    r"(?:fix|solution|step|workaround|resolution|remedy|answer|way|plan|action|approach|option|thing to do)\b"
    r"(?!\s+(?:article|page|guide|document|doc|link|kb|post|thread|video|notes?|instructions)\b))"
    r"(?:(?:[\w'\".&>-]+:?\s+){1,8}?(?:may|might|could|probably|has|have|had|was|were|is|are|seems?|appears?|looks?|shows?|says?"
    r"|often|usually|sometimes|typically|normally|commonly|tends? to"
    r"|keeps?|kept|suggests?|mentions?|recommends?|describes?|talks? about|talked about|discusses?|explains?|tells?|told|instructs?|advises?|refers? to|points? to|points? at|lists?|contains?|includes?|holds"
    r"|reports?|reads?|warns?|names?|quotes?|asks? for|asked for|asking for|prompting for|means?|emailed|sent|attached|supplied|provided|proposes?|offers?|offered|ran|found|downloaded|installed|received|tried|can (?:explain|cause|mean|trigger)|would explain)\s+(?!(?:to|got to|been asked to|needs? to|yet to|going to|about to"
    r"|best|better|safer|safest|easiest|quickest|worth|fine|ok|okay|safe|supposed|meant|due|ready)\b)"
    r"|(?!re-?\w+\b)(?:[\w'.-]+\s+){1,6}?(?:go|goes|went|come|comes|belongs?|wants?|prefers?|uses?|owns?|runs? on"
    r"|asks? (?:us|me|you|for us|the \w+) to|asked (?:us|me|you|the \w+) to"
    r"|lives?|sits?|is kept|are kept|stores?)\s"
    r"|(?:[\w'.-]+\s+){1,6}?(?:stays?|remains?|is left|are left|is kept|are kept) (?:untouched|alone|as (?:it|they) (?:is|are)"
    r"|unchanged|where (?:it|they) (?:is|are)"
    # "BitLocker stays on and nothing else needs doing": protection left as it is (not "stays off", a state to bring about)
    r"|(?:switched |turned )?(?:on|enabled|active|in place)(?=\s*[,.;]?\s*$|,?\s+and (?:nothing|no|that'?s)\b))\b"
    # what someone did: "The user deleted a folder from OneDrive by mistake" (an instruction never starts with its doer)
    r"|(?:the (?:user|customer|caller|client|requester)|they|she|he|i|we|someone|somebody)\s+(?:\w+ly\s+|just\s+|already\s+)?"
    r"(?!re-?\w)\w+ed\b"
    # things that happen to a subject, not things anyone is asked to do
    r"|(?!re-?\w+\b)(?:[\w'.-]+\s+){1,4}?(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bany )(?<!\bits )(?<!\btheir )"
    r"(?:expired?|expires|crash(?:ed|es)?|fail(?:ed|s)?|froze|freezes|hung|hangs|broke|breaks"
    r"|(?:dis)?appear(?:ed|s)?|vanished|stopped (?:working|responding|syncing|printing)|dropp(?:ed|ing)|timed out"
    r"|times out|happened|occurred|came up|pops? up|popped up|showed up|shows up|went (?:offline|down|missing)"
    r"|is (?:offline|down|slow|missing|full|broken|stuck|greyed out|not \w+ing))\b"
    # "that's a licensing issue": what kind of problem it is
    r"|(?:that'?s|that is|it'?s|it is|this is|this'?s) (?:(?:probably|likely|clearly|definitely|just|most likely) )?(?:a|an|the)"
    r" (?:[\w-]+ ){0,2}(?:issue|problem|question|matter|fault|limitation|restriction|error|bug)\b"
    # "it isn't getting one from DHCP": what is not happening
    r"|(?:it|they|this|that|he|she)\s+(?:isn'?t|is not|aren'?t|are not|doesn'?t|does not|can'?t|cannot|won'?t|hasn'?t"
    r"|has not|wasn'?t|was not)\b"
    # "DHCP didn't answer", "the print server hasn't replied": a named subject and what it did not do (not "the one that
    # didn't sync", whose verb came first; not "… doesn't need to be on", which asks for a state)
    r"|(?:(?!(?:that|which|who|don'?t|do)\b)[\w'.-]+\s+){1,4}?(?:didn'?t|did not|hasn'?t|has not|haven'?t|have not"
    r"|wasn'?t|was not|weren'?t|were not|couldn'?t|could not)\s+(?!(?:need|have|be|get)\b)\w+"
    # help text about a named thing, not a step (its subject is no verb and names no clause of its own): "BitLocker
    # stays on", "the .pst is fine where it is", "the FortiGate isn't involved", "the server itself doesn't need
    # restarting", "AD lockouts aren't cleared by L1", "BitLocker copes with updates on its own and needs nothing",
    # "SmartScreen blocked the download", "it's controlled in the Teams admin center"
    r"|" + _SUBJECT + r"{1,6}?(?:stays?|remains?) (?:on|enabled|switched on|turned on|in place|running|active|put|as (?:it|they)"
    r" (?:is|are))\b"
    r"|" + _SUBJECT + r"{1,6}?(?:is|are) (?:fine|ok|okay|safe|good|healthy) (?:where|as) (?:it|they) (?:is|are)\b"
    r"|" + _SUBJECT + r"{1,5}?(?:isn'?t|is not|aren'?t|are not|wasn'?t|was not|weren'?t|were not) (?:involved|needed|required"
    r"|relevant|affected|to blame|at fault|the (?:cause|problem|issue|culprit)|\w+ed\b|done|handled|touched|taken|shown|set"
    r"|made|given|run|put|kept|left|seen)\b"
    r"|" + _SUBJECT + r"{1,5}?(?:doesn'?t|does not|don'?t|do not|won'?t|will not) need (?:\w+ing|anything|any \w+|to be \w+ed)\b"
    r"|" + _SUBJECT + r"{1,4}?(?:copes?|deals?) with\b|" + _SUBJECT + r"{1,4}?(?:needs?|requires?) nothing\b"
    r"|" + _SUBJECT + r"{1,3}?(?:blocked|flagged|quarantined|detected|caught|prevented|killed|encrypted|locked)\s+(?:the|a|an|it"
    r"|this|that|them|their|his|her|its|some|all|every|both)\b"
    r"|" + _SUBJECT + r"{1,10}?(?:just\s+|only\s+|simply\s+)?(?:means|indicates)\b"
    r"|(?:it|this|that|they|these|those)(?:'s|'re| is| are)\s+(?:\w+ly\s+)?(?:controlled|managed|set|configured|handled"
    r"|enforced|decided|governed|locked|greyed out)\s+(?:in|by|from|through|via|centrally)\b"
    # "the server does not answer ping", "the PC did not get an address from DHCP": the same, said of a named subject
    r"|(?:the|a|an|this|that|these|those|my|your|their|his|her|its)\s+(?:[\w'.&/-]+\s+){0,5}?(?:does(?:n'?t| not)"
    r"|did(?:n'?t| not)|do(?:n'?t| not)|can(?:'?t|not)|could(?:n'?t| not)|won'?t|will not|would(?:n'?t| not)|is(?:n'?t| not)"
    r"|are(?:n'?t| not)|was(?:n'?t| not)|were(?:n'?t| not)|has(?:n'?t| not)|have(?:n'?t| not)|had(?:n'?t| not)|never)\s+(?!(?:need|have to|has to|be|get (?:\w+ed|turned|switched|set))\b))"
)
# "The office router's lights need checking": a subject that wants looking at, nothing done to it.
_NEEDS_A_LOOK = re.compile(
    r"(?:[\w'.-]+\s+){1,6}?(?:needs?|wants?|could do with|deserves?)\s+(?:(?:a|another|one more)\s+)?(?:quick\s+|close\s+"
    r"|careful\s+)?(?:checking|looking at|look|check|glance|photo|photographing|reading|read-out|reading out|noting)"
    r"(?:\s+(?:at|over))?(?:\s+(?:first|now|too|as well))?\s*[.;,]?$"
)
# "Let the scan finish": waiting, not doing.
_LET_FINISH = re.compile(
    r"(?:let|allow)\w* (?:[\w'-]+ ){1,4}?(?:finish|complete|run|end|sync|install|download|update|load|restart|reboot|boot)"
    r"(?:s|es|ed|ing)?\b(?! (?:without|with|in|into|from)\b)"
    # "Give it time to finish syncing": waiting too
    r"|giv\w* (?:it|them|that|this|outlook|onedrive|teams|the \w+) (?:some |a (?:bit|little) (?:more )?|more |enough |a few )?"
    r"(?:time|a (?:minute|moment|while|chance)|minutes|hours)\b"
)
# Words that may stand before a clause's verb without being a verb themselves.
_ONLY_ADVERBS = re.compile(
    r"(?:(?:quickly|carefully|also|just|simply|first|now|again|briefly|then|next|finally|gently|manually|visually"
    r"|together|both|each|always|immediately|still|only|please|kindly|politely|calmly|securely|safely|once|and|or"
    r"|[\w' -]{0,40}?,|[\w' >&/.-]{0,80}?>[\w' &/.-]{0,40}?,)\s*)*"
)
# "Make sure the user has their phone" checks; "make sure Defender is off" sets (policy: ambiguity fails closed).
# "Let the office manager know that …", "tell the user we will …": telling someone a fact.
_LET_KNOW = re.compile(
    r"(?:let|tell|inform|advise|remind|warn|reassure|update)\w*\s+(?:[\w'-]+\s+){0,4}?know\b"
    r"|(?:tell|inform|advise|remind|warn|reassure)\w*\s+(?:the\s+)?(?:user|customer|caller|client|them|him|her|[\w-]+ manager"
    r"|office manager|requester)\s+(?:that\s+)?"
    # a secret named in what is told is told, unless someone else will hand it over ("… will be given by the lead")
    r"(?![^.;]*\b(?:password|passcode|pin|code|key)s?\b(?![^.;]*\bwill be (?:given|sent|provided|read out|issued)"
    r"(?: to (?:them|him|her|the user))? by\b))"
    r"(?:we|i|it|they|there|this|that|someone|nobody|no one|an engineer|the engineer"
    r"|our (?:team|engineers?)|engineering|l2|the (?:\w+ )?team"
    # "tell the user the fix needs a registry change an administrator will make": a named subject and what will happen
    r"|(?:the|a|an|their|his|her|its|this|that)\s+(?:[\w'-]+\s+){0,3}?[\w'-]+\s+(?:will|would|needs|is|are|has|can(?:not|'t)?"
    r"|may|might|takes|should)\b(?!\s+(?:\w+\s+)?be\s+(?:\w+ly\s+)?(?:" + CHANGE + r")\b(?!\s+by\b)))\b"
)
_BY_DOING = re.compile(r"\bby \w+ing\b")
# "No threats found", "no errors listed": what a screen reports, as an option label words it.
_NONE_FOUND = (
    r"no\s+(?:[\w'-]+\s+){0,3}?(?:found|detected|shown|showing|listed|reported|visible|appeared|came up|showed up)\b"
)
# "Search then runs on the server", "sync now works": a one-word subject (which may look like a verb) and what it does.
_NOUN_THEN_DOES = re.compile(r"[a-z]+\s+(?:then|now|still|also|usually|normally)\s+(?!re-?\w)[a-z]*[^su's]s\b")
# "This refreshes the licence token the apps keep": help text after a step says what the step does; a verb of effect
# that changes nothing itself. "This turns off …" still acts.
_EFFECT = re.compile(
    r"^(?:it|this|that|doing (?:this|so|that)|either(?: one)?|both|each)\s+(?:only\s+|just\s+|also\s+|usually\s+"
    r"|normally\s+|then\s+|simply\s+)?(?:means|refreshes|reloads|rebuilds|re-?syncs|syncs|reconnects|confirms|proves"
    r"|rules out|explains|shows|tells us|fixes|frees|gives|brings back|points to|suggests|narrows)\b[^:>]*$"
    # "it'll unlock with the TPM as usual": what the machine then does by itself
    r"|^(?:it|the (?:pc|laptop|mac|computer|machine|device))(?:'ll| will| should)\s+(?:then\s+|just\s+|usually\s+)?"
    r"(?:unlock|boot|start up|come back|come up|reconnect|sync|pick up|load|work|be fine|ask|prompt|show)\b[^:>,]*$"
    # "A real restart clears stuck updates": what restarting does, a restart being the step already given
    r"|^(?:a|the|one)\s+(?:real\s+|full\s+|proper\s+|quick\s+|clean\s+)?(?:restart|reboot|sign-out|power cycle|power-cycle)"
    r"\s+(?:usually\s+|often\s+|normally\s+|also\s+)?(?:clears|fixes|refreshes|reloads|frees|resets its)\b[^:>]*$"
)
# "gpupdate /force re-applies Group Policy …", "Company Portal installs it for the user …", "networkQuality in the
# macOS Terminal runs a quick speed test …": help text saying what a named tool does by itself.
_TOOL_DOES = re.compile(
    r"(?:(?!(?:that|which|who|so|and|then|but|please|just)\b)[\w.'/:+-]+\s+){1,6}?(?:just\s+|only\s+|also\s+|simply\s+"
    r"|usually\s+|then\s+)?(?:re-?applies|refreshes|reloads|re-?syncs|runs (?:a|an)|installs (?:it|them|the app|apps|the \w+)"
    r" (?:for|on|to)|measures|lists|prints)\b[^:>]*$"
)
# "That suggests you must reset his password": a statement that carries an instruction to us.
_YOU_MUST = re.compile(
    r"\b(?:you|we|l1|the (?:technician|tech))\s+(?:(?:must|should|need to|have to|ought to|can|could|will)\s+)+"
    r"(?!not\b|never\b)(?:just\s+|now\s+|then\s+)?[a-z]"
)
# "Ask the office manager to reboot the Meraki": someone asked to do the step does it; engineers are an escalation.
_THIRD_PARTY_TO = re.compile(
    r"(?:tell|ask|get|have|let)\w*\s+(?:the\s+|their\s+|your\s+|our\s+)?(?:user'?s\s+|customer'?s\s+|client'?s\s+)?"
    r"(?:office manager|practice manager|site manager|manager|receptionist|colleague|director|owner|boss|admin assistant"
    r"|bookkeeper|someone (?:on site|in the office)|person on site|staff member)\s+to\s+(?!(?:call|ring|email|contact|send|speak|talk"
    r"|forward|check|confirm|look|tell|let|note|read|approve the request)\b)"
)
# "Copy the BitLocker recovery key into the ticket notes": a secret written down is the secret given out.
_SECRET_NOTED = re.compile(
    r"(?:copy|paste|put|write|add|record)\w*\s+(?:out\s+)?(?:the\s+|their\s+|her\s+|his\s+|its\s+|that\s+|this\s+|a\s+)?"
    r"(?:[\w'-]+\s+){0,3}?(?:recovery (?:key|password)|bitlocker key"
    r"|filevault key|passwords?|passcodes?|pins?|one-time codes?|mfa codes?|secrets?|private keys?)\b"
    r"(?![^.;]{0,30}\b(?:prompt|expir\w*|reset link|policy|field|box)\b)"
)
# "Let the user know they can switch off SmartScreen themselves": telling them to do it, in their own hands.
_TOLD_THEY_CAN = re.compile(
    r"(?:let|tell|inform|advise|remind|show)\w*\s+(?:[\w'-]+\s+){0,4}?(?:know\s+)?(?:that\s+)?(?:they|he|she|the user"
    r"|the customer)\s+(?:can|could|should|may|might|needs? to|must|has to|have to|is able to|are able to|is allowed to"
    r"|are allowed to)\s+(?:just\s+|simply\s+|safely\s+|always\s+)?(?=(?:" + CHANGE + r")\b)"
)
# "Leave the mail data files exactly where they are": not touching them.
_LEAVE_ALONE = re.compile(
    r"leav\w*\s+(?:it|them|that|this|that part|everything|things)\s+(?:be\s+)?(?:for now|for the moment|for the time being)\b|"
    r"(?:leave|keep)\w*\s+(?:[\w'.-]+\s+){0,7}?(?:alone|untouched|unopened|unanswered|unclicked|on (?:the )?screen|open on"
    r" (?:the )?screen|as (?:it|they) (?:is|are)|as is|in place|(?:exactly )?where|(?:switched |turned )?on|enabled|running"
    r" (?:it|they) (?:is|are)|there(?: for now)?|unchanged|closed|shut|unused|unrun)\b"
    # "leave it in quarantine": where the security product put it, untouched (not "keep Defender in passive mode")
    r"|(?:leave|keep)\w*\s+(?:[\w'.-]+\s+){0,4}?(?:in (?:the )?quarantine|quarantined?)\s*(?:[.;,]|$|and\b|until\b|for\b)"
)
_READ_IT_OFF = re.compile(
    r"(?:just\s+)?read\w*\s+(?:it|them|that|this)(?:\s+(?:off|out|back|aloud))?(?:\s+(?:to\s+)?(?:me|us))?\s*[.!]?$"
    r"|paste\w*\s+(?:it|them|that|this)(?:\s+(?:here|in|back))?\s*[.!]?$"
    r"|send\w*\s+(?:it|them|that|this)\s+(?:over|back|across)(?:\s+to\s+(?:me|us))?\s*[.!]?$"
)
# "MFA issues after a phone swap go to the engineers": where a kind of problem is routed, not an instruction.
_ROUTED = re.compile(
    r"\b(?:go|goes|belongs?|gets? passed|are passed|is passed|gets? escalated|are escalated|is escalated|sits?|lies|lie|rests?"
    r"|stays?|(?:is|are) (?:handled|owned|managed|looked after|dealt with|done))\s+(?:straight\s+)?"
    r"(?:to|with|by)\s+(?:the\s+|our\s+|an?\s+)?(?:engineers?|l2|l3|second line|escalation\w*|network team|security team"
    r"|senior\w*|projects? team|account manager|accounts? team|billing team|finance(?: team)?)\b|\b(?:that'?s|that is|it'?s|this is) one for (?:the )?(?:l2|l3|engineers?)\b"
)
_MAYBE = re.compile(
    r"(?:maybe|perhaps|probably|possibly|likely|might be|may be|could be)\b(?!\s+\w+(?:ed|en)\b)"
    # "It's quite likely Sophos blocked the installer": a guess at what happened, not an instruction
    r"|(?:it'?s|it is|that'?s|that is) (?:quite |very |most |highly |entirely |fairly )?(?:likely|possible|probable|unlikely)"
    r"\b(?! to\b)"
)
# "The vendor sent a .reg file, double-click it": a base-form verb after the comma is the next step.
# "Defender blocked the installer", "Sophos quarantined the file overnight": what something did, in the past tense (a
# word ending in -eed, "need the …", is no past tense).
_PAST_DONE = re.compile(
    r"(?:[\w'.&-]+\s+){1,3}?(?!re-?\w)(?:[a-z]{2,}(?<!e)ed|[a-z]+ied)\s+(?:the|a|an|it|them|this|that|these|those|their"
    r"|his|her|its|our|your|every|all)\b"
)
_LATER_STEP = re.compile(
    r",\s*(?:(?:so|please|just|then|now)\s+)*(?:double-click|right-click|run|open|delete|remove|disable|turn|switch|import"
    r"|merge|install|uninstall|apply|set|change|add|stop|restart|reset|format|wipe|erase|enter|type|click|accept|approve"
    r"|allow|unblock|pause|suspend)\b"
)
_THERE_IS = re.compile(r"there(?:'s| is| are| was| were| has been| have been)\b")
# A GUI path that sets something ("… > Real-time protection > Off") is an action even without a verb.
_SETS_SOMETHING = re.compile(
    r"\b(?:" + CHANGE + r"|on|off|enabled|disabled|allowed|blocked|manual|automatic|never|none|always)\b"
)
_MAKE_SURE = re.compile(r"(?:make sure|making sure|ensure|ensuring|double-check|be sure)\b")
_A_STATE = re.compile(
    r"\b(?:is|are|stays?|remains?|gets?|be|was|were|it's)\s+(?:(?:turned|switched|set|kept|left|still|now|fully)\s+)?"
    r"(?:on|off|enabled|disabled|running|stopped|allowed|blocked|removed|deleted|installed|uninstalled|paused|suspended"
    r"|open|closed|unlocked|locked|active|inactive|excluded|whitelisted|trusted|joined|assigned|gone|automatic|manual)\b"
    # "… startup type is set to Automatic", "… DNS is 8.8.8.8": a setting given a value
    r"|\b(?:is|are)\s+(?:still\s+)?(?:set|changed|configured|switched)\s+(?:to|as)\b|\b(?:is|are)\s+\d{1,3}(?:\.\d{1,3}){3}\b"
    # "… the share gives Everyone read access": a permission granted
    r"|\b(?:gives?|grants?|allows?)\s+(?:[\w'-]+\s+){1,3}?(?:read|write|modify|edit|full|owner|admin)\w*\s*(?:\(?\w+\)?\s+)?"
    r"(?:access|permissions?|rights|control)\b"
    # "make sure the DNS suffix is set to contoso.local": a value given is a value set
    r"|\b(?:is|are|stays?|remains?|gets?|be)\s+(?:still\s+|now\s+)?(?:set|configured|changed|switched|pointed|pointing"
    r"|moved)\s+(?:to|as|at)\b"
    # "make sure her Deleted Items are purged", "… the licence is taken off the leaver's account": a change done
    # (not a copy kept: "make sure the .pst is backed up" changes nothing)
    r"|\b(?:is|are|gets?|be|were|was|been)\s+(?:\w+ly\s+)?(?!(?:backed up|saved|copied|exported|synced|uploaded)\b)(?:"
    + CHANGE + r"|corrected|unlinked|taken (?:off|out|away|down)"
    r"|purged|unloaded)\b"
)
# "It can be paused from the tray icon", "the account could be made a local admin": a modal passive is how a polite
# step asks for the action; "… can be noted / read out" only talks; "should not be touched", "nothing needs to be
# removed" leave things alone.
_MODAL_PASSIVE = re.compile(
    r"\b(?:can|could|should|must|may|might|will|would|needs? to|has to|have to|ought to|is to|are to)\s+"
    r"(?:(?:then|also|simply|just|easily|safely|quickly|now|temporarily|briefly)\s+)?be\s+"
    r"(?:(?:\w+ly|then|also|temporarily)\s+)?(?:selected\s+[^.;]{0,40}?\s+and\s+)?(?:(?:" + CHANGE + r")\b"
    # "the stale key could be yanked out of HKCU\…": a verb the floor does not know, with the particle that says it goes
    r"|[a-z]+(?:ed|en)\s+(?:out|off|away)\b)"
)
_MODAL_PASSIVE_TALK = re.compile(
    r"^(?:[^\s;]+\s+){0,14}?(?:can|could|should|may|might|will|would)\s+(?:then\s+|also\s+|simply\s+|just\s+)?be\s+"
    r"(?:noted|read(?: out)?|copied|written down|recorded|checked|seen|looked at|viewed|reported|escalated|attached"
    r"|screenshotted|photographed|passed (?:on )?to (?:the |an? )?(?:engineer|l2|l3|team)"
    r"|logged|mentioned|told(?! to\b)|asked(?! to\b)|compared|confirmed|passed on|forwarded to (?:the |an? )?(?:engineer|l2|team))\b"
)
_NOT_TOUCHED = re.compile(
    r"^(?:nothing|none|no one|nobody)\b|^(?:[\w'.-]+\s+){0,8}?(?:should|must|needs? to|can|will|is|are)\s*(?:not|n't"
    r"|never)\s+(?:need\s+to\s+)?be\s+(?:\w+ed|taken|done|touched|changed|made|set|run|given)\b"
    # "BitLocker doesn't need touching", "… copes on its own and needs nothing from you"
    r"|^(?:[\w'.-]+\s+){1,8}?(?:does(?:n't| not)|do(?:n't| not)) need (?:touching|changing|anything (?:done|doing|changed))\b"
    r"|^(?:[\w'.-]+\s+){1,12}?needs? nothing(?: (?:from|else|doing|done))?\b"
)
# "This can be seen by entering the BIOS": how to do it, worded as a passive.
_MODAL_BY_DOING = re.compile(
    r"\b(?:can|could|should|must|may|might|will|would|needs? to|has to|have to)\s+(?:\w+\s+)?be\s+\w+(?:\s+\w+)?\s+by\s+\w+ing\b"
    # "Autodiscover can be told to skip the root-domain lookup by setting …": the thing instructed, then how
    r"|\b(?:can|could|should|must|needs? to|has to|have to)\s+be\s+(?:told|made|set up|configured|instructed|forced)\s+to\s+"
    r"(?:[\w'.-]+\s+){1,8}?by\s+\w+ing\b"
)
# "The user can open the Services list and tell you …": the user's own hands, worded as what they can do.
_USER_CAN = re.compile(
    r"^(?:the (?:user|customer|caller|client|requester|staff member)|they|she|he)\s+(?:can|could|should|will|may|might"
    r"|needs? to|has to|have to|is able to)\s+(?:then\s+|also\s+|just\s+|simply\s+)?(?=\w)(?!be\b)"
)
_THEIR_PERSON = re.compile(
    r"^(?:manager|boss|line manager|colleague|assistant|director|owner|team lead|office manager)\s+to\s+(?=\w)"
)
_THEMSELVES = re.compile(r"\b(?:themselves|himself|herself|by themselves|on their own)\b")
_NEW_SUBJECT = re.compile(r"(?:(?:and|then|next|now|but)\s+)*(?:you|we|i|the (?:technician|tech|engineer))\b")


# A question or a goal that proposes the step: "How about wiping …?", "Shall we note …?", "Is it worth checking …?",
# "Would it be easier if explorer.exe were replaced …?", "Ideally the service is switched off", "The goal is that …".
# What follows is the step; worded as a result ("… gets renamed", "… ends up empty") it is the action that brings it.
_PROPOSAL = re.compile(
    r"^(?:(?:how|what) about|why not|shall (?:we|i)|should (?:we|i)|can (?:we|i)|could (?:we|i)|do we (?:want|need) to"
    r"|is it (?:worth|ok|okay|fine|alright|a good idea|best|better|wise|safe|time)(?: to)?"
    r"|(?:would|wouldn'?t|could|might|will) it (?:not )?(?:be )?(?:\w+ )?(?:easier|better|best|quicker|simpler|faster"
    r"|simplest|easiest|quickest|safest|fastest|safer|worth it|worth|ok|okay|fine|a good idea|an idea|help|make sense|work)"
    r"(?: (?:to|if))?"
    r"|(?:it'?d|it would|that'?d|that would) (?:be )?(?:\w+ )?(?:best|better|good|great|nice|ideal|easier|quicker|simpler|wise"
    r"|sensible|helpful|save time|help|be worth it) if"
    r"|(?:it|that) (?:should|would|will|might) be enough (?:for|to|if)|all (?:that'?s|that is|we need is|you need is)"
    r"(?: (?:needed|required) (?:is|here is))?(?: (?:for|to|that))?|what'?s (?:needed|required|wanted|called for)(?: here| now)? is"
    r"(?: (?:for|to|that))?"
    r"|what if|ideally|in an ideal world|the (?:goal|aim|idea|plan|target|objective|end state|end result|outcome we want"
    r"|hope|fix we want|ask) (?:here |now )?(?:is|would be|should be)(?: (?:that|for|to))?"
    r"|what (?:we|you|i|the vendor|the user|she|he|they) (?:want|need|would like)s? (?:is|are)(?: (?:that|for|to))?"
    r"|(?:we|i)(?:'d| would) (?:like|want)(?: (?:it|to see))?(?: (?:that|for))?)\s+"
)
# "A registry tweak raising MaxUserPort is what the vendor's KB recommends", "Safe Mode is the usual fix": a
# recommendation with the step as its subject.
_RECOMMENDED = re.compile(
    r"^(.{3,160}?)\s+(?:is|are|would be|'s|seems)\s+(?:exactly\s+|just\s+|probably\s+|usually\s+)?(?:(?:what|all)\s+(?:the |this "
    r"|their |our |your |an? |that )?(?:[\w'-]+\s+){0,3}?(?:recommends?|suggests?|advises?|says to do|asks for|calls for"
    r"|needs?|wants?|fixes it|works|we need|you need|is needed|is required|should be done|tells us to do)\b"
    r"|(?:the|our|your|a) (?:usual |best |quickest |standard |known |only |easiest |real |recommended |simplest |fastest )?"
    r"(?:fix|answer|solution|way to go|next step|workaround|remedy|cure|way forward|way|option|route|thing to try)\b"
    r"|(?:well )?worth (?:a (?:try|go|shot)|trying|doing)\b)"
    r"|^(.{3,160}?)\s+(?:would|should|will|could|might)\s+(?:probably\s+|likely\s+|definitely\s+|really\s+)?(?:save|help"
    r"|fix|sort|solve|resolve|cure|do the trick)\b"
)
_WOULD_LOSE = re.compile(
    r"^(?:[\w'.-]+\s+){1,6}?(?:would|could|will|might)\s+(?:also\s+|just\s+)?(?:wipe|erase|delete|destroy|lose|remove|break"
    r"|kill|corrupt)\b(?![^.;]*\b(?:so|then)\s+(?:do|go ahead)\b)"
)
# "Could the ESXi host be put into maintenance mode tonight?", "Could his licence be switched …?": a passive
# question proposes the change.
_PROPOSED_PASSIVE = re.compile(
    r"^(?:could|can|should|shall|would|will|might|may)\s+(?:[\w'.-]+\s+){1,6}?be\s+(?:\w+ly\s+|just\s+|then\s+)?(?:"
    + CHANGE + r")\b"
)
# "Would an exclusion for *.xlsm in the ESET console solve the false positive?": the subject is the step proposed.
_WOULD_FIX = re.compile(
    r"^(?:would|could|will|might|wouldn'?t)\s+(.{3,120}?)\s+(?:(?:probably|actually|maybe|perhaps)\s+)?(?:solve|fix|help"
    r"|sort|resolve|cure|clear|stop|do the trick|get rid of)\b"
)
# "… gets renamed", "… were replaced", "… is switched off", "… ends up Off": a result, after a proposal or a goal.
_DONE_STATE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|gets?|got|getting|ends? up|stays?|remains?)\s+(?:(?:\w+ly|all|then|also|just"
    r"|fully|finally)\s+)?(?:" + CHANGE + r"|off|gone|empty|emptied|cleared out|disabled|bridged|installed|uninstalled|run|ran|executed"
    r"|stopped|started)\b"
)
# "What we need is the Bonjour service gone from the PC": the result as the object's complement.
_COMPLEMENT = re.compile(
    r"\b(?:gone|removed|deleted|wiped|disabled|turned off|switched off|uninstalled|reset|changed|renamed|replaced|off"
    r"|taken (?:off|out|away|down)|unlinked|purged)\b"
)
# "… nothing is left in S:\\Projects": a folder, a share or a drive emptied, worded as the result.
_NOTHING_LEFT = re.compile(
    r"(?:nothing|no (?:files?|data|folders?|documents?|items?))\s+(?:(?:is|are|gets?|should be|will be|remains?|stays?)\s+"
    r"(?:left|kept|remaining)|remains?|is there|stays?)\b"
)
# "… should end up Off", "Teams auto-start needs to go": a state the step must bring about, or a thing to remove.
_MODAL_STATE = re.compile(
    r"\b(?:should|must|needs? to|has to|have to|has got to|ought to|is to|are to)\s+(?:(?:all|just|then|also)\s+)?"
    r"(?:(?:end up|be left|stay|remain|be kept)\s+(?:\w+\s+)?(?:off|on|disabled|enabled|allowed|blocked|unticked"
    r"|unchecked|empty|gone)\b|go\b(?!\s+(?:to|in|into|on|onto|through|ahead|back|via|with|out|up|over|down|away from"
    r"|smoothly|well|wrong)\b)"
    # "… should have the old intranet line taken out": what it must be made to have
    r"|(?:have|get) (?:[\w'.-]+\s+){1,6}?(?:taken (?:out|off|away)|removed|deleted|changed|edited|added|replaced|disabled"
    r"|turned off|switched off|updated|reset|wiped)\b)"
    # "The A record needs to point at 20.50.1.12": a subject that needs a change made to it
    r"|(?<!no )(?<!n't )(?<!not )(?<!never )\b(?:needs?|has|have|ought) to\s+(?:" + CHANGE + r")\b"
)
# "A licence request … should be raised with the account manager", "A note of the time … should go in the ticket":
# a request or a note routed to someone or into the ticket is our own paperwork, not the change it asks for.
_ROUTED_REQUEST = re.compile(
    r"^(?:the |a |an |this |that |her |his |their |any |our |the vendor'?s |the customer'?s )?(?:[\w'-]+ ){0,3}?"
    r"(?:request|note|query|question|report|screenshot|photo|details|change request|ask)s?\b[^.;]{0,120}?\b"
    r"(?:should|must|can|could|will|needs? to|has to|have to)\s+(?:be\s+)?(?:go|raised|passed|sent|forwarded|escalated"
    r"|logged|added|put|handed|routed|emailed|recorded|written|noted)\b(?:\s+(?:on|over|up|across))?\s+(?:to|with|in|into"
    r"|on)\s+(?:the |our |an? )?(?:[\w'-]+ ){0,2}?(?:l2|l3|engineers?|team|manager|ticket|notes?|helpdesk|service desk"
    r"|desk|vendor|account manager|queue)\b"
)
# "Make sure the lights on the office router are photographed and sent over": a record of what is there.
_RECORDED = re.compile(
    r"\b(?:is|are|gets?|get|been)\s+(?:\w+ly\s+)?(?:photographed|screenshotted|screenshot|noted|written down|recorded"
    r"|logged|captured|snapped)\b"
)
# "Turning her Wi-Fi off and on again should get it a fresh address from DHCP": the gerund is the step, the rest what
# it brings about ("Disabling the service should fix it" is still judged by its gerund).
# "Would it be easier if explorer.exe were replaced …?": the "if" is the proposal, not a condition to cut off.
_PROPOSED_IF = re.compile(
    r"\s*(?:(?:would|wouldn'?t|could|might|will) it (?:not )?(?:be )?(?:\w+ )?(?:easier|better|best|quicker|simpler|faster"
    r"|safer|worth it|ok|okay|fine|a good idea|an idea|help|make sense|work)|what|how about|is it (?:ok|okay|fine|alright"
    r"|possible|worth it)|(?:it'?d|it would|that'?d|that would) (?:be )?(?:\w+ )?(?:best|better|good|great|nice|ideal|easier"
    r"|quicker|simpler|wise|sensible|helpful|save time|help|be worth it)|(?:it|that) (?:should|would|will|might) be enough)"
    r"\s+if\b"
)
# "So that L2 can plan the wipe, note …": a purpose before the step says why, unless the technician is its subject
# ("so that you can wipe it, …") or it states a setting ("so that BitLocker is off, …").
_PURPOSE = re.compile(
    r"^(?:so that|in order that|so)\s+(?!(?:you|we|i|the (?:technician|tech))\b)(?!(?:please|just|now|then)\b)(?!"
    + _BASE_VERB + r")[^,;]*,\s*"
)
_GERUND_EFFECT = re.compile(
    r"^(\s*(?:just\s+|simply\s+)?\w+ing\b[^,;]*?)\s+((?:should|will|would|ought to|usually|normally|often|might|may"
    r"|can|could)\s+(?:\w+\s+)?(?:get|fix|bring|sort|clear|give|make|force|let|help|solve|resolve|restore|kick|trigger"
    r"|refresh|reconnect|do the trick|wake)\b[^,;]*"
    # "Restarting the user's own PC … also restarts all of its services cleanly": what the step brings with it
    r"|(?:also|usually|normally|then|automatically)\s+(?:re-?starts|refreshes|reloads|clears|resets|restores|rebuilds|re-?applies"
    r"|reconnects|re-?syncs|closes|stops)\b[^,;]*)(?=\s*[,;]|\s*$)"
)


@dataclass(frozen=True)
class Clause:
    text: str
    mode: str  # "talk", "read" or "act"
    delegated: bool  # "ask the user to …": the user acts on their own things
    sentence: int = 0
    lead: str = ""  # the clause's first word once courtesy words are stripped: its verb, when it has one


# A hedged suggestion is an instruction: "Perhaps remove …", "Probably best to uninstall …", "Might be wise to save …",
# "Worth making sure …", "Most people just look up …". A guess at what happened ("Perhaps Defender blocked it") is
# not stripped: a hedge word is only dropped before a verb in its base form.
_HEDGE = re.compile(
    r"^(?:(?:perhaps|maybe|possibly|probably|ideally|honestly|personally)\s+(?:just\s+|simply\s+)?(?=(?:" + CHANGE
    + r"|give|try|run|open|go|use|do|look|check|have|get|save|boot|start|move|tick|untick)\b)"
    r"|(?:(?:perhaps|maybe|probably|possibly|honestly)\s+)?(?:(?:it|that)\s+)?(?:(?:might|may|could|would|should|will)\s+be"
    r"|'?d be|'?s|is)?\s*(?:(?:much|far|probably|perhaps|maybe|definitely|certainly|surely)\s+)?(?:best|better|worth"
    r"|wise|wiser|easiest|easier|simplest|simpler|quickest|quicker|safest|sensible|a good idea|a good shout|advisable"
    r"|worthwhile)(?:\s+(?:trying|a try|a go|a shot|your while))?(?:\s+to\s+|\s+(?=\w+ing\b))"
    r"|(?:most|many|some|a lot of|lots of)\s+(?:people|techs|technicians|engineers|admins|folks|of us|mates)\s+"
    r"(?:(?:would|usually|normally|generally|often|just|simply|tend to|will|always)\s+)*"
    r"|(?:usually|normally|generally|typically)\s+(?:you|we|people|one)\s+(?:(?:would|just|simply|can|could)\s+)*"
    r"|(?:you (?:could|might|may) )?consider(?:ing)?\s+(?=\w+ing\b))"
)

# An option label that answers what the technician sees: a few words ending on a state or a thing shown ("Licence
# missing", "BitLocker screen", "Registry change needed", "DNS issue"). Only without a verb of its own in front: "Wipe
# drive" and an unknown verb ("Disjoin domain") still act.
_STATE_LABEL = re.compile(
    # telegraphic: no article, and not led by a verb of a step ("Take the replica offline" acts)
    r"(?!" + _BASE_VERB + r")(?:(?!(?:the|a|an|your|their|his|her|its|this|that|my|our)\b)[\w'.&/+-]+\s+){0,3}?(?:missing|needed|required|noted|issues?|problems?|errors?|screen|prompt|pop-?up|message"
    r"|warning|down|offline|expired|broken|unavailable|unreachable|not working|not responding|not found|not shown|shown"
    r"|showing|appeared|visible|gone|full|slow|stuck|loop|suspected)\s*\??$"
)
# "Blocked by antivirus", "Locked by BitLocker": what something did, worded as a passive.
_DONE_BY = re.compile(r"(?!re-?\w)[a-z]+ed by (?!\w+ing\b)[^.;,]*$")

# The frame of a field an AI fills in: "Option label: \"Licence missing\"", "Button: **Reboot host**".
_LABEL_FRAME = r"(?:option|button|answer|choice|link|menu item)(?: label| text| title)?\s*:"
_FRAMED_QUESTION = re.compile(r"\s*" + _LABEL_FRAME + r"\s*[\"*]*[^\"*]*\?[\"*\s]*$")
_FRAMED = re.compile(r"\s*" + _LABEL_FRAME)
# "Link: Outlook autodiscover registry settings (reference for engineers)": a title without a verb, marked as the
# engineers' reading, is handed on, not a step.
_FOR_ENGINEERS = re.compile(
    r"\((?:[\w'-]+\s+){0,2}?(?:for|to) (?:the )?(?:engineers?|l2|l3|second[- ]line)(?: only)?(?:\)|$)"
    r"|\((?:engineers?|l2|l3)(?:'s)? (?:only|reference|use)(?:\)|$)"
)
# 'Option: "A User Account Control window appeared"', 'Option: "The PC starts in the recovery environment"': a label that
# is a sentence about a subject (an article first, then what it does) names what the technician sees; a label led by a
# verb ("Boot into Safe Mode") still acts.
_SEEN_STATEMENT = re.compile(
    r"(?:the|a|an|my|your|their|his|her|its|this|that)\s+(?:[\w'.&/+-]+\s+){0,5}?(?:appeared|appears|starts|started"
    r"|boots|booted|opens|opened|loads|loaded|shows|showed|says|said|asks|asked|keeps|kept|stays|stayed|comes up|came up"
    r"|pops up|popped up|goes|went|works|worked|fails|failed|freezes|froze|crashes|crashed|answers|answered|receives"
    r"|received|displays|displayed|lists|listed|reports|reported"
    r"|(?:is|are|was|were|has|had)\b(?!\s+(?:\w+ly\s+)?(?:to|being|been)\b))\b"
)


def _asks(text: str) -> bool:
    """The clause ends on a question mark: its own, or its label's ('Option label: "Server down?"'), not a quote's."""
    return text.rstrip(" *").endswith("?") or bool(_FRAMED_QUESTION.match(text))


# "Yank the Teams login item out of System Settings > …": a word the floor does not know, then an object, is a verb.
_UNKNOWN_VERB_AND_OBJECT = re.compile(
    r"(?!(?:the|a|an|on|in|at|from|under|via|using|with|for|to|into|inside|within|through|their|your|his|her|its|this"
    r"|that|my|our|it|they|he|she|we|you|i|there|here|nothing|everything|someone|something|anyone|anything|one|which"
    r"|who|what|when|where|why|how|is|are|was|were|users?|customers?|callers?)\b)[a-z][\w'-]*\s+"
    r"(?:the|a|an|their|your|his|her|its|this|that|these|those|every|all|any|it|them)\b"
)

# Patterns of ``_mode``, compiled once (it runs for every clause).
# Courtesy and sequencing words before a clause's verb ("please", "next", "step 2").
_COURTESY = re.compile(
    r"^(?:(?:yes|no|nope|yep|yeah|done|finished|not yet)\s*[,:]\s*"  # an option label answering the question asked
    # the frame of a field an AI fills in: "Option label: \"Licence missing\"", "Button: **Reboot host**"; the label
    # is judged as the label itself would be
    r"|" + _LABEL_FRAME + r"\s*[\"*]*|checklist\s*:"
    r"|(?:(?:please|now|next|first|finally|also|just|quickly|kindly|ok|okay|so|and|but|then|again|once more"
    r"|as a last resort|if needed|if necessary|to be safe|to fix (?:it|this)|for now|meanwhile|instead|otherwise)\b"
    r"|step \d+(?:\s*(?:/|of)\s*\d+)?\s*:?|\d+[.)]"
    # a link or section title "How to run Command Prompt as administrator": the step it teaches
    r"|how to|how (?:do|can|should) (?:i|you|we)(?= \w+)(?! (?:know|tell|check|see|find out)\b))\s*,?\s*)+"
)

# The technician as subject ("you'll need to", "we should"): the step is what follows.
_WHO_DOES_IT = re.compile(
    r"^(?:you(?:'ll| will)?|we(?:'ll)?|i(?:'d)?|the technician|the tech|l1)\s+(?!(?!need\b)[a-z]+ed\b)(?:(?:want|need|have|ought|are going|is going"
    r"|should|must|can|could|may|might|will|would)\s+)*(?:to\s+)?(?:(?:like|want)\s+to\s+)?"
)

# A recommendation's framing ("it's best to", "the next step is to", "could you"): the step is what follows.
_FRAMING = re.compile(
    r"^(?:(?:it'?s|it is|it'?d be|it would be|it (?:may|might|could|will|should) be) (?:best|worth|safest|easiest|quickest"
    r"|a good idea|time|fine|ok|okay|good|useful|helpful|wise|sensible|simpler|simplest|easier|quicker|faster|better"
    r"|recommended|advisable)(?: to| (?:just )?(?=\w+ing\b))"
    r"|it (?:may|might|could|would|will|should)(?: also)? help(?: (?:a lot|here|you|us))?(?: to)?"
    # "What normally works with Bitdefender is turning …": a recommendation, worded as what usually helps
    r"|(?:what|the thing that|something that|the one thing that)\s+(?:[\w'-]+\s+){0,3}?(?:works?|fix(?:es)?|helps?"
    r"|sorts?|clears?|solves?|cures?|resolves?|does the trick|gets)\b[^.;]{0,80}?\s(?:is|was|would be|tends to be)\s+"
    r"(?:(?:to|usually|normally|often|just|simply)\s+)*|the (?:next|first|last|best|quickest|easiest) (?:thing|step|fix|option)(?: to (?:try|do))? (?:is|would be)"
    r"(?: to)?|the (?:likely|usual|real|proper|simplest|obvious|standard|recommended|suggested) (?:fix|step|answer|solution"
    r"|workaround|thing to do) (?:is|would be|will be)(?: to)?|the " + _BEST_WAY
    + r"|(?:try|remember|be sure|make sure you|go ahead and|proceed to|feel free to|you may want to)(?: to)?"
    r"|(?:could|can|would|will) you(?: please)?|i need you to|we need to|let'?s|on the [\w' -]+?,|in [\w' ./-]+?,"
    # "On the Mac open System Settings …", "In Outlook go to …": where, then the step
    r"|(?:on|in) (?:the |a |an |their |his |her |the user'?s )?(?:[\w'.-]+ ){1,3}?(?=(?:open|go|click|select|tap|press"
    r"|find|scroll|choose|navigate|double-click|right-click)\b)"
    r"|from [\w' -]+?,|via [\w' -]+?,|using [\w' -]+?,)\s*"
)

_PURPOSE_TO = re.compile(r"^(?:in order )?to\s+(?=[a-z])(?!be\b|do so\b|that\b)")

_ASKS_WHAT = re.compile(
    r"(?:whether|if|what|which|when|where|who|how|why|for (?:the\s+)?(?:exact|error|name|number))\b"
    # "ask the user for the Key ID on the BitLocker screen": something shown, not a secret (a key, a password, a code)
    r"|for (?:the\s+|their\s+|his\s+|her\s+|its\s+)?(?!(?:[\w-]+\s+){0,2}?(?:recovery|password|passcode|pin|mfa|otp|one-time"
    r"|48-digit|authenticator|verification|security)\b)(?:[\w-]+\s+){0,2}?(?:id|serial|model|version|build|text|wording"
    r"|details|screenshot|photo|picture|time)\b"
    r"|for (?:the|their)\s{2,}(?=on|from|in|shown)\b"  # the same with the key ID blanked by SAFE_MODIFIERS
)

_ASKED_TO_DO = re.compile(
    r"(?:ask|tell)\w*\s+(?:the\s+)?(?:user|customer|caller|client|them|him|her)\s*[:,]?\s*\"\s*(?:(?:can|could|would|will)"
    r" you(?: please)?|please|you (?:can|could|should|need to|must))\s+"
)

_ASKING = re.compile(r"(?:ask|check with|find out from|confirm with)\w*\b")

_QUESTION_WORD = re.compile(r"(?:is|are|does|do|did|has|have|was|were|can you see|what|which|where|when|who|how)\b")

_QUESTION_START = re.compile(
    r"(?:is|are|does|did|has|was|were)\s+(?:the|a|an|any|it|they|she|he|this|that|there|anything|anyone|anybody|something"
    r"|someone|somebody|everything|you|your|their|his|her|its)\b"
)  # "Has anything changed at startup since …?"

_WH_WORD = re.compile(r"(?:what|which|where|when|who|how)\b")

_WHETHER = re.compile(r"whether\b")

_NOBODY = re.compile(r"(?:nothing|none|no one|nobody)\b|" + _NONE_FOUND)

_PAPERWORK = re.compile(
    r"(?:the |this |that )?(?:ticket|case|notes?)(?:'s (?:priority|status|title|category|summary|notes?))?\s+"
    r"(?:should|can|must|will|could|may)\b"
)

_READ_TO_US = re.compile(r"read\w* (?:it |them |that |this )?(?:out |back |aloud )?(?:to )?(?:me|us)\b")

_TALK_LEAD = re.compile(r"(?:" + _TALK_LEADS + r")\b")

_PASSING = re.compile(r"(?:send|pass|hand|leave|let)\w*\s")

_USER_TOLD_TO = re.compile(r"(?:tell|ask|let)\w*\s+(?:the\s+)?(?:user|customer|caller|them|him|her)\s+to\b")

_READ_LEAD = re.compile(r"(?:" + _READ_LEADS + r")\b")

_PASSES_THE_CASE = re.compile(
    r"(?:pass|hand|send)\w*\s+(?:the|this|that|their|her|his)\s+(?:request|ticket|question|case"
    r"|details|query|issue|problem|job)\b[^.;]*\bto\b"
    # "pass the MFA reset to the service desk lead": the job handed over to whoever does it
    r"|(?:pass|hand|send|forward|route|refer)\w*\s+(?:the|this|that|their|her|his)\s+(?:[\w-]+\s+)?(?:reset|change|fix|task|work"
    r"|request)\s+(?:over\s+|on\s+)?to\s+(?:the\s+|a\s+|an\s+|our\s+)?(?:[\w-]+\s+){0,3}?(?:lead|l2|l3|second line|engineers?|team"
    r"|manager|desk|senior\w*)\b"
)


def _mode(text: str, question: bool = False) -> tuple[str, bool, str]:
    """``question``: the sentence the clause is from ends with "?" (a reason split off its tail keeps it a question)."""
    delegated = False
    rest = text.strip(" ,.-–>\"'()")
    rest = _COURTESY.sub("", rest).rstrip(" *\"'")
    rest = _HEDGE.sub("", rest, count=1)
    rest = _WHO_DOES_IT.sub("", rest)
    rest = _FRAMING.sub("", rest)
    rest = _PURPOSE_TO.sub("", rest)  # "To refresh the licence, …": the purpose is judged as the step it names
    proposal = _PROPOSAL.match(rest) or _PROPOSED_PASSIVE.match(rest)
    if not proposal:
        would_fix = _WOULD_FIX.match(rest)
        if would_fix and not _VERB_WORD.match(rest):
            rest = would_fix.group(1)  # "Would an exclusion for *.xlsm solve the false positive?": the exclusion is the step
            if _READ_LEAD.match(rest):
                return "read", delegated, rest
            return ("talk" if _TALK_LEAD.match(rest) else "act"), delegated, rest
    if proposal:
        if proposal.re is _PROPOSED_PASSIVE:
            return "act", delegated, rest  # "Could the ESXi host be put into maintenance mode tonight?"
        rest = _COURTESY.sub("", _WHO_DOES_IT.sub("", rest[proposal.end() :]))  # "Shall we just give him …?"
        if proposal.group(0).rstrip().endswith(" if"):
            return "act", delegated, rest  # "It'd be best if the TLS keys were switched back on": the wish is the step
        if not _VERB_WORD.match(rest) and (
            _DONE_STATE.search(rest) or _NOTHING_LEFT.match(rest) or _COMPLEMENT.search(rest) or _BY_DOING.search(rest)
        ):
            return "act", delegated, rest
    if _ROUTED_REQUEST.match(rest):
        return "talk", delegated, rest
    if _WOULD_LOSE.match(rest):
        return "talk", delegated, rest  # "Formatting would wipe it": a warning of what the step would cost
    recommended = _RECOMMENDED.match(rest)
    if recommended and not _VERB_WORD.match(rest):
        # the subject is the step: judged as one, unless it only reads or talks ("ipconfig /all … is all we need")
        rest = recommended.group(1) or recommended.group(2)
        if _READ_LEAD.match(rest):
            return "read", delegated, rest
        return ("talk" if _TALK_LEAD.match(rest) else "act"), delegated, rest
    told = _TOLD_THEY_CAN.match(rest)
    if told:
        return "act", True, rest[told.end() :]
    third = _THIRD_PARTY_TO.match(rest)
    if third:
        return "act", False, rest[third.end() :]
    if (
        _TALK_STATEMENT.search(rest)
        or (_SCOPE_STATEMENT.search(rest) and (not _VERB_WORD.match(rest) or _GERUND_SUBJECT.match(rest)))
        or (_LET_KNOW.match(rest) and not _BY_DOING.search(rest))
        or _LEAVE_ALONE.match(rest)
        or _READ_IT_OFF.match(rest)
    ):
        return "talk", False, rest
    found = _DELEGATE.match(rest) or _USER_CAN.match(rest)
    if found:
        delegated = True
        after = rest[found.end() :]
        if _ASKS_WHAT.match(after):
            return "talk", False, rest
        if _LEAVE_ALONE.match(after):
            return "talk", True, after  # "tell the user to leave the .pst exactly where it is"
        rest = _THEIR_PERSON.sub("", after)  # "ask the user's manager to speak to …": the manager is asked
    asked_to = _ASKED_TO_DO.match(rest)
    if asked_to:
        return "act", True, rest[asked_to.end() :]  # 'Ask the user: "Could you run this .reg file?"': they do it
    if _ASKING.match(rest):
        return "talk", delegated, rest
    if _QUESTION_WORD.match(rest) and (
        _asks(text) or (question and _QUESTION_START.match(rest)) or _WH_WORD.match(rest)
    ):
        return "talk", delegated, rest
    if (
        (_EFFECT.match(rest) or _NOUN_THEN_DOES.match(rest) or (not _VERB_WORD.match(rest) and _TOOL_DOES.match(rest)))
        and not _LATER_STEP.search(rest)
        and not _YOU_MUST.search(rest)
    ):
        return "talk", delegated, rest
    if _WHETHER.match(rest):
        return "talk", delegated, rest  # "… whether they normally get an admin prompt": a question
    # Whether the clause starts with a verb the floor knows: asked below up to seven times, worked out once.
    verb_first = _VERB_WORD.match(rest)
    if not verb_first and _MODAL_STATE.search(rest):
        return "act", delegated, rest
    if (
        (not verb_first and _STATE_LABEL.match(rest))
        or _DONE_BY.match(rest)
        or (not verb_first and _SEEN_STATEMENT.match(rest) and _FRAMED.match(text.strip(" ,.-–>\"'()")))
        or (not verb_first and _FOR_ENGINEERS.search(rest) and not _UNKNOWN_VERB_AND_OBJECT.match(rest))
    ):
        return "talk", delegated, rest  # "Licence missing", "BitLocker screen", "Blocked by antivirus": what is seen
    if _NOBODY.match(rest) or (not verb_first and _NOT_TOUCHED.match(rest) and not _MODAL_PASSIVE.search(rest)):
        return "talk", delegated, rest
    if not verb_first and _MODAL_BY_DOING.search(rest):
        return "act", delegated, rest
    if _PAPERWORK.match(rest):
        return "talk", delegated, rest  # "the ticket should be marked urgent": our own paperwork
    modal_talk = _MODAL_PASSIVE_TALK.match(rest)
    if modal_talk and not verb_first and not _MODAL_PASSIVE.search(rest):
        return "talk", delegated, rest
    if not verb_first and _MODAL_PASSIVE.search(rest):
        return "act", delegated, rest
    if _MAKE_SURE.match(rest) and _RECORDED.search(rest) and not _A_STATE.search(rest):
        return "talk", delegated, rest[_MAKE_SURE.match(rest).end() :].strip()
    if _MAKE_SURE.match(rest):
        return ("act" if _A_STATE.search(rest) else "read"), delegated, rest
    if _LET_FINISH.match(rest) or (not verb_first and _NEEDS_A_LOOK.match(rest)):
        return "read", delegated, rest
    if _READ_TO_US.match(rest):
        return "talk", delegated, rest
    described = _DESCRIPTIVE.match(rest)
    if described and ">" in rest[: described.end()] and ">" in rest[described.end() :]:
        described = None  # "Settings > Apps > Installed apps > …": the verb is a label of the path, not a statement
    if (
        not verb_first
        and (described or _THERE_IS.match(rest) or _MAYBE.match(rest) or _PAST_DONE.match(rest))
        and not _LATER_STEP.search(rest)
        and not _YOU_MUST.search(rest)
    ):
        return "talk", delegated, rest
    starts_with_verb = bool(verb_first)
    if not starts_with_verb and _asks(text):
        return "talk", delegated, rest  # "User forgot their password?": a question, not an instruction
    if (
        not starts_with_verb
        and ">" in rest
        and not _SETS_SOMETHING.search(SAFE.sub(" ", rest))
        and not _UNKNOWN_VERB_AND_OBJECT.match(rest)
    ):
        return "navigate", delegated, rest  # a bare GUI path: getting somewhere, changing nothing
    lead = verb_first or _VERB_WORD.search(rest)  # a search finds the match at the start first
    if lead is None:
        return "act", delegated, rest  # no verb the floor knows: fail closed
    lead_text = rest[lead.start() :]
    if lead.start() > 0 and not _ONLY_ADVERBS.fullmatch(rest[: lead.start()]):
        return "act", delegated, rest  # an unknown first word may be an unknown verb: fail closed
    if (
        _TALK_LEAD.match(lead_text)
        and not (_PASSING.match(lead_text) and not _PASSES_THE_CASE.match(lead_text))
        and not _TELLS_A_THING.match(lead_text)
        and not _USER_TOLD_TO.match(lead_text)
        and not _THIRD_PARTY_TO.match(lead_text)
        and not _SECRET_NOTED.match(lead_text)
    ):
        return "talk", delegated, rest
    if _READ_LEAD.match(lead_text):
        return "read", delegated, rest
    return "act", delegated, rest


def mode_of(text: str) -> str:
    """A clause's own mode, whatever the clauses around it are."""
    return _mode(text)[0]


def states_scope(text: str) -> bool:
    """Whether a clause says what a step needs or whose it is ("sfc /scannow needs an elevated prompt", "… is not an L1
    task"), not what to do."""
    rest = _mode(text)[2]
    return bool(_SCOPE_STATEMENT.search(rest) or _TALK_STATEMENT.search(rest))


def step_of(text: str) -> str:
    """A clause without its courtesy, hedge and framing ("it'd be good to get it done" -> "get it done")."""
    return _mode(text)[2]


# "ext hdd shows raw -> right click it > Format": in chat shorthand an arrow after a statement starts the next step;
# it is not a GUI path (the arrow was normalised to ">").
_ARROW = re.compile(r"\s>\s")


# "Outlook keeps asking for the old server -> reg add HKCU\…": a command line after the arrow is the next step.
_COMMAND_LEAD = re.compile(
    r"(?:reg|sfc|dism|diskpart|bcdedit|bootrec|netsh|sc|net|manage-bde|fdesetup|sudo|runas|psexec|powershell|cmd|msiexec"
    r"|wusa|chkdsk|format|del|rd|rmdir|rm|takeown|icacls|csrutil|spctl|defaults|launchctl|systemctl"
    r"|(?:set|remove|stop|disable|enable|uninstall|add|clear|reset)-[a-z]+)\b"
)

_PATH_TO_A_STATE = re.compile(r">\s*(?:on|off|enabled|disabled|allowed|blocked|never|none|always)\s*[.!]?\s*$")

_TALK_OR_READ = re.compile(r"(?:" + _TALK_LEADS + "|" + _READ_LEADS + r")\b")


def _symptom_then_step(sentence: str) -> str:
    """Also "Settings > … > Device encryption -> just tell me on or off": what follows the path only talks."""
    for number, found in enumerate(_ARROW.finditer(sentence)):
        before, after = sentence[: found.start()], sentence[found.end() :]
        if _PATH_TO_A_STATE.search(after):
            continue  # "… > Check apps and files > Off": a GUI label that reads like a verb, on a path that sets something
        rest = _mode(after)[2]
        if (
            number == 0 and _mode(before)[0] == "talk" and (_VERB_WORD.match(rest) or _COMMAND_LEAD.match(rest))
        ) or _TALK_OR_READ.match(rest):
            return sentence[: found.start()] + " -- " + _symptom_then_step(after)
    return sentence


_LEAVE_IT = re.compile(r"(?:(?:just|please|then|so|and)\s+)*leave\s+(?:it|them|that|this)(?:\s+(?:be|as it is|as is|for now))?")
# What can be left as an action: a membership ("if the PC is still on the domain, leave it").
_MEMBERSHIP = re.compile(
    r"\b(?:domain|workgroup|azure ad|entra|aad|groups?|teams?|channels?|tenant|organi[sz]ation|chats?|mdm|intune"
    r"|company portal|work or school|family|beta|insider|program(?:me)?)\b"
)
_STEP_NUMBER = re.compile(r"^\s*(?:step\s+)?\d{1,2}\s*[.):]\s")

# 'Ask the user: "Did anyone edit the registry or run a .reg file?"': the question asked, word for word (not a request).
_ASKS_QUOTED = re.compile(
    r"\s*(?:please\s+)?(?:ask|check with)\w*\s+(?:the\s+)?(?:user|customer|caller|client|them|him|her)\s*[:,]?\s*"
    r"\"(?!\s*(?:(?:can|could|would|will) you|please|you (?:can|could|should|need))\b)[^\"]{1,300}\?\s*\"\s*[.?]?\s*"
)  # "Can you run this .reg file for me?" asks them to do it
# A remark quoted before the step, in the user's words: it speaks in the first person or asks.
_REMARK = re.compile(
    r"\s*>?\s*\"(?=[^\"]*(?:\b(?:i|i'm|i've|i'd|me|my|we|our|us)\b|\?\s*\"))[^\"]{1,300}\"\s*"
)
# "… — yes, do that", "… — fine, go ahead": the step agrees to what the quote asked, so the quote is the step.
_GO_AHEAD = re.compile(r"\s*(?:yes|yeah|yep|sure|ok(?:ay)?|go ahead|do (?:it|that|this|so)|please do)\b")


# The answers a reading step looks for, after its colon: "Administrator or Standard user", "On or Off" (the second
# may be blanked: "Standard user" is a safe modifier).
ONE_OR_OTHER = re.compile(r"[\w' -]{1,40}?\s+or(?:\s+[\w' -]{0,40})?")

# "Fix needs a registry edit: escalate to L2", "the likely fix needs a service changed, so hand the ticket to a senior
# tech": what a fix would need, said in a sentence that hands it on, is no step of ours.
_FIX_NEEDS = re.compile(
    r"(?:(?:the|this|a|that|our|likely|probable|real|proper|only|usual)\s+)*(?:[\w-]+\s+)?(?:fix|solution|workaround|repair"
    r"|remedy|cure)\s+(?:(?:probably|likely|would|will|may|might|then)\s+)?(?:needs?|requires?|involves?|means?|calls? for)\b"
)
_ROUTED_ON = re.compile(r"\b(?:escalat\w*|l2|l3|second[- ]line|engineers?|senior tech\w*|senior)\b")
_ESCALATE_NEXT = re.compile(r"\s*(?:(?:so|then|please|just)\s+)*escalat\w*\b")


def split_clauses(norm: str) -> list[Clause]:
    """The clauses of a normalised step, each with its mode."""
    clauses: list[Clause] = []
    numbered = -1  # the sentence a numbered procedure started at
    sentences = _SPLIT_SENTENCE.split(norm)
    for sentence_no, sentence in enumerate(sentences):
        if not sentence or not sentence.strip():
            continue
        # "1) Open Settings. 2) Go to … > Device encryption. 3) Click **Turn off**": the steps of a numbered procedure are
        # one sentence, so a bare action in a later step acts where an earlier step went
        if _STEP_NUMBER.match(sentence):
            if numbered >= 0:
                sentence_no = numbered
            else:
                numbered = sentence_no
        else:
            numbered = -1
        sentence = _SEE_IF_DOING.sub(r"\1", sentence)
        if ">" in sentence:
            sentence = _symptom_then_step(sentence)
        question = _asks(sentence)
        routed = _ROUTED.search(sentence)
        if (
            routed
            and not _VERB_WORD.match(_mode(sentence)[2])
            and not _THEN_DO.search(sentence, routed.end())  # "… sits with the engineers, but change …" instructs
        ):
            clauses.append(Clause(sentence.strip(), "talk", False, sentence_no, ""))
            continue
        if _ASKS_QUOTED.fullmatch(sentence):
            clauses.append(Clause(sentence.strip(), "talk", False, sentence_no, ""))
            continue
        if any(map(sentence.__contains__, _NEGATION_HINTS)):
            sentence = _NEGATED.sub(" ", sentence)
        parts: list[tuple[str, str | None]] = []
        pieces, after_colon, comma_after, start = [], [], [], 0
        for sep in _SPLIT_THEN.finditer(sentence):
            pieces.append(sentence[start : sep.start()])
            after_colon.append(":" in sep.group(0) or "-" in sep.group(0))
            comma_after.append(sep.group(0).startswith(","))
            start = sep.end()
        pieces.append(sentence[start:])
        remark = -1  # the piece that is a quoted remark: the step after it is not what the remark says
        for number, piece in enumerate(pieces):
            # '> "I got an MFA prompt I didn't start." — tell the user …': the user's own words, quoted before the step
            if (
                number < len(pieces) - 1
                and after_colon[number]
                and _REMARK.fullmatch(piece)
                and not _GO_AHEAD.match(pieces[number + 1])
            ):
                parts.append((piece, "talk"))
                remark = number
                continue
            # "Escalate to the engineer: the new starter needs a licence": what follows a talk clause's colon is
            # what is said, unless it starts with a verb of its own ("Note: disable …" is an instruction).
            if (
                number
                and after_colon[number - 1]
                and remark != number - 1
                and parts
                and (
                    (parts[-1][1] or _mode(parts[-1][0])[0]) == "talk"
                    # "Check Settings > Accounts > Your info: Administrator or Standard user": what to look for
                    or ((parts[-1][1] or _mode(parts[-1][0])[0]) == "read" and ONE_OR_OTHER.fullmatch(piece.strip(" .?")))
                )
                and not _VERB_WORD.match(_mode(piece)[2])
                # "…, which can be reclaimed: System Properties > … > Virtual memory > Change, untick …": a GUI path
                # after the colon is where the steps go, not what is said
                and not (">" in _instructions(piece)[0] and _mode(_instructions(piece)[0])[0] in ("navigate", "act"))
                # "> Intune shows it noncompliant - sync it from the Intune admin center": an unknown verb and its object
                and not _UNKNOWN_VERB_AND_OBJECT.match(_mode(piece)[2])
            ):
                # "Quick one while you're on site: the SonicWall has a firmware banner, click …": a later instruction
                # of the list after the colon is not what is said
                said, *rest = _instructions(piece)
                parts.append((said, "talk"))
                if not rest:
                    continue
                piece = piece[piece.index(rest[0], len(said)) :]
            # "If the server seems down for everyone, please …": a condition cut off by the comma before "please"
            if (
                number < len(comma_after)
                and comma_after[number]
                and _CONDITION_WORD.match(piece.strip())
                and "," not in piece.strip()  # "If sync is stuck, delete the folder, then …": the condition ends earlier
            ):
                parts.append((piece, "talk"))
                continue
            condition = _CONDITION_NO_COMMA.match(piece.strip()) or _CONDITION.match(piece.strip())
            purpose = None if condition else _PURPOSE.match(piece.strip())
            if purpose and not _A_STATE.search(purpose.group(0)) and not _YOU_MUST.search(purpose.group(0)):
                condition = purpose
            if condition:
                said = piece.strip()[: condition.end()]
                parts.append((said, "act" if _ONCE_CHANGED.match(said) else "talk"))
                piece = piece.strip()[condition.end() :]
            for sub in _instructions(piece):
                # "…, and if that doesn't work, have …", "…, and (if Windows flips it back) change …"
                if _WHOLE_CONDITION.match(sub.strip()):
                    parts.append((sub, "talk"))  # "…, and if that doesn't work, press …": cut off by the list's comma
                    continue
                condition = _CONDITION.match(sub.strip()) or _PAREN_CONDITION.match(sub.strip())
                if condition:
                    said = sub.strip()[: condition.end()]
                    parts.append((said, "act" if _ONCE_CHANGED.match(said) else "talk"))
                    sub = sub.strip()[condition.end() :]
                effect = _GERUND_EFFECT.match(sub)
                if effect:
                    parts.append((effect.group(1), None))
                    parts.append((effect.group(2), "talk"))
                    sub = sub[effect.end() :]  # "…, so do that first": what follows the effect is judged on its own
                    if not sub.strip(" ,;"):
                        continue
                while True:
                    proposed = _PROPOSED_IF.match(sub)
                    reason = _REASON.search(sub, proposed.end() - 1 if proposed else 0)
                    if reason is None or (
                        reason.group(0).strip() in ("which", "who") and _ASKS_WHICH.fullmatch(sub, 0, reason.start())
                    ):
                        parts.append((sub, None))  # "note which setting it is": what is noted, not a relative clause
                        break
                    parts.append((sub[: reason.start()], None))
                    if_you = _IF_YOU_DO.match(sub, reason.start())
                    if if_you:
                        parts.append((sub[if_you.end() :], None))  # "… goes away if you delete the Identity key"
                        break
                    if _ONCE_CHANGED.match(sub[reason.start() :]) and not _REASON.search(sub, reason.end()):
                        parts.append((sub[reason.start() :], "act"))  # "… goes away once SmartScreen is switched off"
                        break
                    if _ACTION_IN_REASON.match(sub[reason.start() :]):
                        sub = sub[reason.end() :]
                        continue
                    instructs = (
                        _IMPERATIVE.match(sub, _AND_LEFT.match(sub, reason.end()).end())
                        or (
                            reason.group(0).strip() == "so"
                            and (
                                _SPLIT_AND.match(" and " + sub[reason.end() :])
                                or re.match(r"(?:double|right)-click\b", sub[reason.end() :])
                            )
                        )
                        or (reason.group(0).strip() in ("so", "so that") and _BOOTS_INTO.match(sub[reason.end() :]))
                        or (reason.group(0).strip() == "so" and _SO_RECOMMENDS.match(sub[reason.end() :]))
                    )  # "…, so double-click the .reg file": a base-form verb after "so" is the next instruction
                    if reason.group(0).strip() in ("which", "who") and re.match(r"[a-z]+[^s]s\b", sub[reason.end() :]):
                        instructs = None  # "restart the PC, which restarts its services too": what the step does
                    if reason.group(0).strip().endswith(" will"):
                        instructs = None  # "tell the user an engineer will push it": the engineer's step, not ours
                    if not instructs or _TEMPORAL_GERUND.match(sub[reason.start() :]):
                        # "… because of ransomware protection, so turn off …": a later instruction ends the reason
                        tail = sub[reason.start() :]
                        # "To roll back the driver when Windows won't start, the boot menu should be switched …": the
                        # condition ends at its comma and the main clause after it is the step
                        ended = _CONDITION_IN_TAIL.match(tail)
                        if ended and not _REASON.match(" " + tail[ended.end() :]) and _mode(tail[ended.end() :])[0] == "act":
                            parts.append((tail[: ended.end()], "talk"))
                            sub = tail[ended.end() :]
                            continue
                        later = next(
                            (
                                m
                                for m in _REASON.finditer(tail, 1)
                                if _IMPERATIVE.match(tail[m.end() :])
                                or (
                                    m.group(0).strip() == "so"
                                    and (
                                        _SO_RECOMMENDS.match(tail[m.end() :])
                                        # "… when the office is open, so have them log in to it": a base verb after "so"
                                        or _SPLIT_AND.match(" and " + tail[m.end() :])
                                    )
                                )
                                # "Escalate if you can't, otherwise open regedit": the other branch is a step of its own
                                or (m.group(0).strip() in ("otherwise", "or else") and _VERB_WORD.match(tail[m.end() :]))
                            ),
                            None,
                        )
                        if_so = _IF_SO.search(tail, 1)
                        if if_so is not None and (later is None or if_so.start() < later.start()):
                            later = if_so  # "ask whether she has the key, and if so have her read it out": a step
                        if later is None:
                            parts.append((tail, "talk"))
                            break
                        parts.append((tail[: later.start()], "talk"))
                        sub = tail[later.end() :]
                        continue
                    # "…, so please pause BitLocker first": a new instruction, not a reason; it may have its own reason
                    sub = sub[reason.end() :]
        routed_on = any(_FIX_NEEDS.match(text.strip()) for text, _ in parts) and (
            any(_ROUTED_ON.search(text) and _mode(text)[0] == "talk" for text, _ in parts)
            or bool(_ESCALATE_NEXT.match(next((s for s in sentences[sentence_no + 1 :] if s and s.strip()), "")))
        )
        for text, forced in parts:
            if not text.strip():
                continue
            if routed_on and _FIX_NEEDS.match(text.strip()):
                forced = "talk"  # "Fix needs a registry edit: escalate to L2": what the fix needs, handed on
            mode, delegated, rest = _mode(text, question)
            if mode == "act" and _LEAVE_IT.fullmatch(text.strip(" ,.;:-")) and not _MEMBERSHIP.search(sentence):
                mode = "talk"  # "If the service shows Disabled, leave it and escalate": left alone (not a domain left)
            delegated = delegated or bool(_THEMSELVES.search(text))  # "they type the new password themselves"
            lead = rest.split(" ", 1)[0] if rest else ""
            # "Have the user open X and enter their password": the user is still the one acting.
            if not delegated and clauses and clauses[-1].sentence == sentence_no and clauses[-1].delegated:
                delegated = not _NEW_SUBJECT.match(text.strip(" ,.;:-"))
            clauses.append(Clause(_STEP_NUMBER.sub("", text).strip(), forced or mode, delegated, sentence_no, lead))
    return clauses
