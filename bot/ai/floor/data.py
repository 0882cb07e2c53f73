"""Protected objects of data and disks: deleting data, partitions or disks; disk encryption and recovery keys.

Each class: the commands and tools that are the action themselves (``COMMANDS``) and the objects
judged by the clause that names them (``OBJECTS``, including the wide ``GUARDED`` lexicon).
docs/safety.md says what each class covers.
"""

from __future__ import annotations

from bot.ai.floor.verbs import CHANGE, COMMAND, DESTROY, DISABLE, GUARDED, INHERENT, SAID_BACK, C, rule, verbs

# (class, policy, regex). Policy: COMMAND, INHERENT, ANY, or a verb regex (the actions that
# count on this object). SAFE objects are listed apart.
_OWN = r"(?:the user'?s|their|his|her|the customer'?s|the caller'?s|your|this user'?s|the employee'?s|the person'?s)"

_DRIVE = (
    r"(?:(?:hard|external|internal|secondary|second|data|usb|system|old|spare|backup|portable|c|d|e|f|[a-z]:)\s+)*"
    r"(?:drive|disk|ssd|hdd|hard drive|usb stick|usb key|thumb drive|flash drive|sd card|memory card|volume|partition"
    r"|partitions|volumes|disks|drives|nvme)\b"
)

_DRIVE_VERBS = verbs(
    "format", "reformat", "wipe", "erase", "clean", "partition", "repartition", "initialize", "initialise", "delete",
    "shrink", "extend", "merge", "overwrite", "destroy", "zero", "nuke", "secure erase", "securely erase", "reset",
    "convert", "resize", "split", "get rid of", "clear out", "blank", "scrub", "sanitise", "sanitize",
    "empty", "clear", "recreate", "re-create", "delete everything on", "remove everything on",
    "zap", "blast", "trash", "scrap", "ditch", "axe", "purge", "bin", "blow away", "wipe out",
)  # fmt: skip

_DATA = (
    r"(?:" + _OWN + r"\s+)?(?:(?:old|local|roaming|windows|user|whole|entire|corrupt|corrupted|previous|temp)\s+)*"
    # a browser's own lists ("the saved form data for that site") are not the user's data
    r"(?<!form )(?<!autofill )(?<!autocomplete )(?<!browsing )(?<!site )(?<!cookie )(?<!cached )"
    r"(?:user profile|profile folder|profile|profiles|home folder|home directory|documents|desktop|downloads|pictures"
    r"|music|videos|files|data|mailbox|emails|e-mails|mail|inbox|deleted items|sent items|archive|archives|onedrive"
    r"|sharepoint|shared folder|shared drive|network share|file share|share|folder|folders|account|photos|contacts"
    r"|calendar|notes|messages|backups|backup|chats?|chat history|recordings|voicemails?|attachments|drafts"
    r"|librar(?:y|ies)|directory|directories|teams site|site collection|records|channels?|message history"
    r"|conversation history|group chats?|workspaces?)\b"
    r"(?!\s+(?:entries|entry|events?|items?|appointments?|invites?|invitations?|meetings?|reminders?|notifications?"
    r"|shortcuts?|icons?|rules?|signatures?|categories|views?|drafts?|lists?|menus?|panes?|bars?|app|apps|settings"
    r"|subscriptions?|pins?|accounts?|message box))(?<!clipboard history)(?<!search history)(?<!browsing history)"
)

# Moving the user's files into their own OneDrive or Documents keeps them; moving them anywhere else may not.
_DESTROY_DATA = DESTROY.replace(
    "(?:move|moves|moved|moving)",
    "(?<!accidental )(?<!the )(?<!an )(?<!a )(?:move|moves|moved|moving)(?![^.;]*\\b(?:in)?to (?:the user'?s |their |your )?"
    "(?:onedrive|documents|desktop|new (?:laptop|pc|computer)))"
    # "move large emails into folders", an Outlook rule's "Move the item to folder": mail sorted within the mailbox
    "(?!(?![^.;]*\\b(?:(?:your|my|our)(?: own)? (?:mailbox|inbox|account|outlook)|(?!user'|customer'|caller')[a-z]+'s "
    "(?:e-?mails?|messages|mail|inbox|mailbox)))"
    "[^.;]*\\b(?:e-?mails?|messages?|mail|items?|newsletters?|conversations?)\\b[^.;]*?\\b(?:in)?to (?:a |an |the |their |his |her "
    "|new |other |another |separate |specific |chosen )*(?:[\\w-]+ ){0,2}?(?:folders?|subfolders?)\\b)",
)
_MAIL_DATA = r"(?:\.?psts?\b|pst files?|outlook data files?|mail data files?|data files?|outlook files? folder|personal folders? file)"

_ENCRYPTION = (
    r"(?:bitlocker(?: drive encryption)?|bit locker|filevault|file vault|device encryption|drive encryption"
    r"|disk encryption|full[- ]disk encryption|encryption|the encrypted (?:drive|disk|usb|volume)|encrypted (?:drive|disk"
    r"|usb\w*|volume)|protectors?|bitlocker pin|startup pin|safeguard|\btpm\b|security processor|secure startup)"
)

# Commands and tools that are the forbidden action themselves, in any mode.
COMMANDS = (
    # "Delete the Teams cache for every user under C:\\Users": the exceptions are the user's own cache, temp files and
    # saved entries; the same for everyone else on the PC (or a server) is other people's data
    rule(
        C.DATA_DELETION,
        COMMAND,
        r"\b(?:" + DESTROY + r")\b(?:(?!,?\s*(?:not|but not|never)\b)[^.;]){0,60}?(?:\b(?:for|of|from|in|across|under|on)\s+(?:every|each|all(?: (?:the|of the))?"
        r"|the other|other|any other|everyone else'?s?|every other)\s+(?:(?:the|staff|office|company)\s+)?(?:users?|people|staff"
        r"|employees|profiles?|accounts?|user profiles?|logins?|pcs?|laptops?|computers?|machines?|desktops?|devices?)\b|\b(?:everyone|everybody)(?:'s| else'?s)\b|\\users\\\*)",
        hints=("every", "each", "all", "other", "everyone", "everybody", "users\\*"),
    ),
    rule(
        C.DATA_DELETION,
        COMMAND,
        # "delete everything older than 2019": a bulk deletion, by date
        r"\b(?:delet|remov|eras|wip|purg|clear|trash|bin|archiv)\w*\s+(?:everything|all(?: the| of the)?(?: \w+)?|every \w+)"
        r"\s+(?:that(?:'s| is| are)\s+)?(?:older than|before|from before|prior to|dated before|over \d+|more than \d+)\b"
        r"|\bre-?imag\w*\b",
        hints=("older than", "before", "prior to", "over ", "more than", "imag"),
    ),
    # "Nuke D:", "zap E: and start over": a destroying verb on a bare drive letter is the whole drive (not "D:\\Old",
    # not "the installer on D:")
    rule(
        C.DATA_DELETION,
        COMMAND,
        r"\b(?:" + _DRIVE_VERBS + r")\s+(?:the\s+)?(?:whole\s+|entire\s+)?[a-z]:(?=\s*$|\s*[,;.)]|\s+(?:and|then|so|to"
        r"|before|first|now|completely|entirely|fully)\b)",
        hints=(":",),
    ),
    rule(
        C.DATA_DELETION,
        COMMAND,
        r"\bdiskpart\b|\bdisk management\b|\bdiskmgmt(?:\.msc)?\b|\bdisk utility\b",
        hints=("disk",),
    ),
    rule(
        C.DATA_DELETION,
        COMMAND,
        r"\bformat(?:\.com)?\s+[a-z]:(?!\w)|\bmkfs\b|\bdiskutil\s+(?:erase\w*|zero\w*|secureerase|partition\w*)"
        # a format to a file system is a drive's, whatever names the drive: "> Format, quick format NTFS"
        r"|\b(?:quick|full|low-level) format\b|\b(?:re)?format\w*\b[^.;]{0,40}?\b(?:ntfs|exfat|fat32|apfs|hfs\+?|ext4"
        r"|mac os extended)\b",
        hints=("format", "mkfs", "diskutil"),
    ),
    rule(
        C.DATA_DELETION,
        COMMAND,
        r"(?:^|[.;:>]\s*|\b(?:and|then|please|to|you|should|must)\s+)(?:re)?format\w*\s+(?:the|a|an|this|that|their|his|her|it"
        r"|your|its)\b(?!\s+(?:text|cells?|date|columns?|document|email|message|paragraph|font|table|page|username|number"
        r"|output|list|spreadsheet|file name|phone number))|\berase\w*\s+(?:the|a|an|this|that|their|his|her|it|all|every)\b"
        r"(?!\s+(?:whiteboard|text|line|word|field|entry|search|history in))",
        hints=("format", "erase"),
    ),
    rule(
        C.DATA_DELETION,
        COMMAND,
        r"\b(?:format-volume|clear-disk|remove-partition|initialize-disk|set-partition|resize-partition|new-partition"
        r"|remove-ciminstance|remove-wmiobject|remove-mailbox|remove-item|win32_userprofile)\b",
        hints=(
            "-volume",
            "-disk",
            "-partition",
            "ciminstance",
            "wmiobject",
            "-mailbox",
            "remove-item",
            "win32_userprofile",
        ),
    ),
    rule(
        C.DATA_DELETION,
        COMMAND,
        r"(?:^|[\s;|&(])(?:ri|rm|rmdir|del|erase|rd)\s+(?:\S+\s+)*?--?(?:r|rf|fr|re\w*|f|fo\w*|recursive)\b",
        hints=("ri ", "rm", "del", "erase", "rd "),
    ),
    rule(
        C.DATA_DELETION,
        COMMAND,
        r"(?:^|[\s;|&(])(?:del|erase|rd|rmdir)\s+(?:\S+\s+)*?/[sqf]\b",
        hints=("del", "erase", "rd", "rmdir"),
    ),
    rule(
        C.DATA_DELETION,
        COMMAND,
        r"(?:^|[;|&]\s*|\|\s*|\brun\s+)(?:ri|rm|del|erase)\s+[\S]*[\\/*~$%]",
        hints=("ri ", "rm ", "del", "erase"),
    ),
    rule(
        C.DATA_DELETION,
        COMMAND,
        r"\bcipher(?:\.exe)?\s+/w|\bvssadmin\b|\bwbadmin\s+delete|\bshred\b",
        hints=("cipher", "vssadmin", "wbadmin", "shred"),
    ),
    rule(
        C.DATA_DELETION,
        COMMAND,
        r"\bwip(?:e|ing)\b(?!\s+(?:down|clean|(?:the |its |their |the saved )?(?:[\w-]+ )?(?:history|autofill\w*|cookies|cache"
        r"|browsing data|clipboard|suggestions|form data|recent \w+)\b|(?:the |its |their )?(?:[\w-]+ )?(?:screen|keyboard|mouse|lens|camera|glass|rollers?|sensor|surface"
        r"|desk|pads?|feet|contacts|dust|display|scanner|printer|case|fingerprints?|smudges?)\b)|[^.;]*\bcloth\b)|\bfactory[- ]?(?:reset|settings|defaults)"
        r"|\breset this pc\b|\breset (?:the\s+|your\s+|their\s+|his\s+|her\s+|the user'?s\s+)?(?:pc|laptop|computer|phone|iphone|ipad"
        r"|device|mac|macbook|surface|chromebook|tablet|android|pixel|galaxy)(?=\s*$|\s*[.,;]|\s+-\s|\s+(?:to|from|and|so|completely|back|using|with|entirely|fully)\b)"
        r"|\breimag(?:e|ing)\b|\breinstall(?:ing)? (?:windows|macos|the os|the operating system)|\bfresh start\b|\bpowerwash\w*"
        r"|\berase all (?:content|data)|\bremove everything\b|\bremove all files\b|\bpermanently delet\w*|\bdelet\w* (?:\w+ )?permanently\b|(?<!ctrl\s\+\s)(?<!ctrl\+)(?<!cmd\s\+\s)(?<!cmd\+)(?<!command\s\+\s)(?<!command\+)"
        # "press Shift+Delete on the highlighted suggestion": an app's own autofill list, not the user's files
        r"\bshift\s*\+\s*del(?:ete)?\b(?![^.;]{0,60}\b(?:autofill|suggestions?|drop-?down|address bar)\b)|\bsecure(?:ly)? erase|\bretire (?:the )?device",
        hints=(
            "wipe",
            "factory",
            "reset",
            "reimag",
            "reinstall",
            "fresh start",
            "powerwash",
            "erase",
            "remove everything",
            "remove all files",
            "permanent",
            "shift",
            "secure",
            "retire",
        ),
    ),
    rule(
        C.DISK_ENCRYPTION,
        COMMAND,
        r"\bmanage-?bde\b|\bfdesetup\b|\b(?:enable|disable|suspend|resume|add|remove|backup|lock|unlock)-bitlocker\w*"
        r"|\bclear-tpm\b|\binitialize-tpm\b|\btpm\.msc\b|\bdecrypt\w*|\bre-?encrypt\w*|\b(?:un)?lock\w*\s+(?:[\w'.-]+\s+){0,3}"
        r"with\s+(?:the\s+)?(?:\w+\s+)?recovery key",
        hints=("bde", "fdesetup", "bitlocker", "tpm", "crypt", "recovery key"),
    ),
    # "ask the office manager to read you the recovery key": having it said is disclosing it, even in talk
    rule(
        C.DISK_ENCRYPTION,
        COMMAND,
        r"\b(?:read|give|tell|send|text|email|share|spell|dictate)\w*\s+(?:it\s+|them\s+)?(?:out\s+)?(?:to\s+)?(?:you|me|us"
        r"|the technician|the engineer)\s+(?:the|their|his|her|its)\s+(?:[\w-]+\s+){0,2}?(?:recovery (?:key|password)"
        r"|bitlocker key|filevault key)\b"
        # "have the user read out the FileVault recovery key so you can add it to the ticket"
        r"|\b(?:read|give|tell|send|text|email|share|spell|dictate)\w*\s+(?:it\s+|them\s+)?(?:out\s+)?(?:the|their|his|her|its)\s+"
        r"(?:[\w-]+\s+){0,3}?(?:recovery (?:key|password)|bitlocker key|filevault key)\b"
        r"(?=[^.;]*\b(?:you|me|us|ticket|notes?|chat|technician|engineer)\b)",
        hints=("recovery", "bitlocker key", "filevault key"),
        said=True,
    ),
    # "… whether she has the recovery key written down, and if so have her read it out": the key named, then said
    rule(
        C.DISK_ENCRYPTION,
        COMMAND,
        r"\b(?:recovery (?:key|password)|bitlocker key|filevault key)s?\b" + SAID_BACK,
        hints=("recovery", "bitlocker key", "filevault key"),
        said=True,
    ),
)

# Objects judged by the clause's mode and its actions.
OBJECTS = (
    rule(
        C.DATA_DELETION,
        _DRIVE_VERBS,
        _DRIVE,
        hints=("drive", "disk", "ssd", "hdd", "usb", "card", "volume", "partition", "nvme"),
    ),
    rule(
        C.DATA_DELETION,
        _DESTROY_DATA,
        r"(?:everything|all (?:the )?(?:files|data|contents?)|the (?:whole |entire )?contents?) (?:on|of|in|from) (?:the |this "
        r"|that |their |his |her |the user'?s )?" + _DRIVE,
        hints=("everything", "all", "content"),
    ),
    rule(
        C.DATA_DELETION,
        _DESTROY_DATA,
        _DATA,
        hints=(
            "profile",
            "home",
            "documents",
            "desktop",
            "downloads",
            "pictures",
            "music",
            "videos",
            "file",
            "data",
            "mail",
            "inbox",
            "items",
            "archive",
            "onedrive",
            "sharepoint",
            "folder",
            "share",
            "account",
            "photos",
            "contacts",
            "calendar",
            "notes",
            "messages",
            "backup",
            "chat",
            "history",
            "recording",
            "voicemail",
            "attachment",
            "draft",
            "librar",
            "director",
            "contents",
            "site",
            "records",
            "channel",
            "workspace",
        ),
    ),
    # "The goal is that nothing is left in S:\\Projects\\2019": a folder, share or drive emptied, worded as the result
    rule(
        C.DATA_DELETION,
        r"(?:nothing|no (?:files?|data|folders?|documents?|items?))\s+(?:(?:is|are|gets?|should be|will be|remains?|stays?)\s+"
        r"(?:left|kept|remaining)|remains?|stays?)",
        r"[a-z]:\\[^\s,;]*|\\\\[^\s,;]+|(?:folders?|shares?|director(?:y|ies)|librar(?:y|ies)|onedrive|sharepoint)\b|"
        + _DRIVE,
        hints=("nothing", "no file", "no data", "no folder", "no document", "no item"),
    ),
    rule(
        C.DATA_DELETION,
        DESTROY + "|" + verbs("move", "archive", "relocate", "compact", "merge", "rename", "cut"),
        _MAIL_DATA,
        hints=("pst", "data file", "outlook file", "personal folder"),
    ),
    rule(
        C.DATA_DELETION,
        verbs("remove", "delete", "erase", "wipe"),
        r"\b(?:old|other|previous|departed|leaver'?s?) (?:user )?accounts?\b|\baccount (?:and|with) (?:its|their) data\b",
        hints=("account",),
    ),
    rule(
        C.DATA_DELETION,
        DESTROY,
        r"\b(?:site|sharepoint|onedrive|server|shared|team|library|second-stage|stage) recycle bins?\b",
        hints=("recycle bin",),
    ),
    rule(
        C.DISK_ENCRYPTION,
        INHERENT,
        r"\brecovery keys?\b|\brecovery password\b|\bbitlocker keys?\b|\bfilevault keys?\b|\bescrow\w*",
        hints=("recovery", "bitlocker key", "filevault key", "escrow"),
    ),
    rule(
        C.DISK_ENCRYPTION,
        DISABLE + "|" + CHANGE,
        _ENCRYPTION,
        hints=(
            "bitlocker",
            "bit locker",
            "filevault",
            "file vault",
            "encrypt",
            "protector",
            "pin",
            "safeguard",
            "tpm",
            "security processor",
            "secure startup",
        ),
    ),
    # ── the wide lexicon, fail closed: any acting clause that names one of these is refused ──
    rule(
        C.DATA_DELETION,
        GUARDED,
        r"\bpartitions?\b|\bpartition (?:table|style)\b|\b(?:[a-z]:|system|data|boot|recovery|efi|reserved|encrypted|raid"
        r"|logical|dynamic|spanned|mirrored|striped|simple|new) volumes?\b|\bvolume (?:[a-z]:|\d|label|shadow)"
        r"|\bshadow cop(?:y|ies)\b|\bdiskpart\b|\bdisk management\b|\bdiskmgmt\b|\bdisk utility\b|\.pst\b|\bpst files?\b|\bpsts\b"
        r"|\bwindows\.old\b|\b(?:previous|old|older|earlier) windows (?:install\w*|versions?)\b|\brecoverable items\b|\bpurges folder\b|\buser profiles?\b|\bprofile folders?\b|\b(?:outlook|mail) data files?\b|\bpersonal folders? files?\b"
        r"|\b(?:old|stale|corrupt\w*|temporary|temp|previous|departed|leaver'?s?|former) (?:user )?profiles?\b"
        r"|\bc:\\users\\[\w.$ -]+\\?(?=\s|$|[,.;])"
        # Outlook's own data folder holds the .pst files beside the .ost: "select every file in there and delete them"
        # (the folder named as where the .ost is, "rename the .ost in %localappdata%\Microsoft\Outlook", is a place)
        r"|(?<!\.ost file in )(?<!\.ost in )(?:%localappdata%|appdata\\local)\\microsoft\\outlook\b(?![^;]{0,100}?\.ost\b)",
        hints=(
            "microsoft\\outlook",
            "partition",
            "volume",
            "shadow",
            "diskpart",
            "disk management",
            "diskmgmt",
            "disk utility",
            "pst",
            "windows.old",
            "previous windows",
            "old windows",
            "older windows",
            "earlier windows",
            "recoverable items",
            "purges folder",
            "profile",
            "data file",
            "personal folder",
            "c:\\users",
        ),
    ),
    rule(
        C.DISK_ENCRYPTION,
        GUARDED,
        r"\bbit ?locker\w*|\bfile ?vault\b|\b(?:device|drive|disk|full[- ]disk|volume) encryption\b|\bencrypt\w*"
        r"|\btpm\b|\bsecurity processor\b|\bmanage-?bde\b|\bfdesetup\b|\brecovery (?:keys?|password)\b|\bkey protectors?\b"
        r"|\b(?:startup|pre-?boot|bitlocker) (?:pin|password|authentication)\b",
        hints=(
            "bitlocker",
            "bit locker",
            "filevault",
            "file vault",
            "encrypt",
            "tpm",
            "security processor",
            "bde",
            "fdesetup",
            "recovery",
            "protector",
            "pin",
            "pre-boot",
            "preboot",
            "authentication",
        ),
    ),
    rule(
        C.DISK_ENCRYPTION,
        INHERENT,
        r"\bmyrecoverykey\b|\brecoverykey\b|\b48-digit\b|\b(?:bitlocker|decryption|unlock) (?:key|code|password)s?\b",
        hints=("recoverykey", "48-digit", "key", "code", "password"),
    ),
)
