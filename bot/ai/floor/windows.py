"""Protected objects of the PC's own system: the registry, system files and boot, services and startup, elevation.

Each class: the commands and tools that are the action themselves (``COMMANDS``) and the objects
judged by the clause that names them (``OBJECTS``, including the wide ``GUARDED`` lexicon).
docs/safety.md says what each class covers.
"""

from __future__ import annotations

from bot.ai.floor.verbs import COMMAND, GUARDED, INHERENT, PHRASAL, C, rule, verbs

_SERVICE = (
    r"(?:(?<!search, and )(?<!search and )(?:windows\s+)?services?\b(?!\s+(?:desk|now|ticket|portal|health|status page|account"
    r"|plan|provider))"
    r"|\bwuauserv\b|\bbits\b|\bspooler\b|print spooler|windows search(?: indexer)?|search indexer|\bsysmain\b|superfetch"
    r"|\bwmi\b|winmgmt|windows management instrumentation|click-to-run|\bw32time\b|windows time|dhcp client"
    r"|dns client|\bsvchost\b|log on account|startup type|scheduled tasks?|task scheduler|\bschtasks\b"
    r"|(?<!outlook's )(?<!outlook )startup (?:apps?|items?|programs?|folder|tab|entry|entries|list)|login items?|launch (?:agents?|daemons?)"
    r"|autoruns|(?:start\w*|run\w*|launch\w*|open\w*|load\w*)\s+(?:automatically\s+)?(?:at|on|with|during|when)\s+"
    r"(?:startup|start-up|boot|sign-in|login|logon|windows|sign in|log in|windows starts?)|(?:at|on|from) (?:startup|start-up)"
    r"|start with windows|\bdaemons?\b|systemd units?|the agent|rmm agent|backup agent|> startup(?: apps)?\b|auto-?start\w*|background apps?(?! refresh)|(?<!end )(?<!end the )\b[\w-]*tasks?\b(?!\s*(?:manager|view|bar)))"
)

_SERVICE_VERBS = verbs(
    "stop", "disable", "kill", "end", "pause", "set", "change", "modify", "configure", "restart", "start",
    "delete", "remove", "uninstall", "untick", "uncheck", "turn off", "switch off", "edit", "create", "add",
    "unload", "mask", "terminate", "prevent", "block", "deactivate",
) + "|" + PHRASAL + r"|gone from"  # fmt: skip  ("the Bonjour service gone from the PC")

# Commands and tools that are the forbidden action themselves, in any mode.
COMMANDS = (
    # DFU and Developer Mode are firmware states of a phone or Chromebook: "put the iPhone into DFU mode",
    # "Esc + Refresh + Power" (the Chromebook's recovery keys); restoring an iPhone from Finder erases it.
    rule(
        C.SYSTEM_FILES_BOOT,
        COMMAND,
        r"\bdfu\b|\besc\s*\+\s*refresh\s*\+\s*power\b|\b(?:put|boot|switch|get|turn|enable|enter|go)\w*\s+(?:[\w'-]+\s+){0,4}?"
        r"(?:in|into|on|to)?\s*developer mode\b|\benabl\w*\s+developer mode\b|\bturn\w* (?:on )?developer mode(?: on)?\b"
        r"|\brestor\w*\s+(?:the\s+|their\s+|her\s+|his\s+|the user'?s\s+)?(?:iphone|ipad)\b(?!\s+from (?:an? |the )?(?:icloud )?backup)"
        r"|\b(?:click|choose|select|pick|press|hit)\w*\s+(?:on\s+)?\"?restore(?: iphone| ipad)?\"?\s+in\s+(?:finder|itunes)\b",
        hints=("dfu", "refresh", "developer mode", "restor"),
    ),
    rule(
        C.REGISTRY,
        COMMAND,
        # "double-click it and say Yes to merge": the Registry Editor's prompt when a .reg file is imported
        r"\bmerge prompt\b|\b(?:yes|ok)\b[^.;]{0,20}?\bmerge\b|\bmerge\b[^.;]{0,12}\b(?:yes|ok)\b",
        hints=("merge",),
    ),
    rule(
        C.REGISTRY,
        COMMAND,
        r"\breg(?:\.exe)?\s+(?:add|delete|import|load|unload|restore|copy|save|export|query)\b",
        hints=("reg",),
    ),
    rule(
        C.REGISTRY,
        COMMAND,
        r"\b(?:set|new|remove|rename|clear)-itemproperty\b|\bhk(?:lm|cu|cr|u|cc):",
        hints=("itemproperty", "hk"),
    ),
    rule(C.SYSTEM_FILES_BOOT, COMMAND, r"\bsfc(?:\.exe)?\s*/\s*\w+|\bsfc\s+scannow\b|\bsfc/scannow\b", hints=("sfc",)),
    # the Windows event logs emptied: an elevated step that destroys what an engineer would read ("clear the event logs")
    rule(
        C.ELEVATION,
        COMMAND,
        r"\bwevtutil(?:\.exe)?\s+(?:cl|clear-log)\b|\bclear-eventlog\b|\b(?:clear|delete|wipe|empty|purge|erase|reset)\w*"
        r"\s+(?:out\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:(?:windows|system|security|application|setup)(?:\s*(?:,|and|&)\s*|\s+))*"
        r"(?:event (?:viewer )?logs?|event viewer(?: logs?)?)\b",
        hints=("wevtutil", "clear-eventlog", "event"),
    ),
    # hibernation switched off with powercfg: an elevated command that deletes hiberfil.sys
    rule(C.SYSTEM_FILES_BOOT, COMMAND, r"\bpowercfg(?:\.exe)?\s+[/-](?:h|hibernate)\b", hints=("powercfg",)),
    rule(
        C.SYSTEM_FILES_BOOT,
        COMMAND,
        # mbr2gpt converts the system disk's partition style and its boot; reagentc and bootcfg set the recovery and boot
        r"\bdism(?:\.exe)?\b|\brepair-windowsimage\b|\b(?:bcdedit|bootrec|bcdboot|bootsect|mbr2gpt|reagentc|bootcfg)\b",
        hints=("dism", "repair-windowsimage", "bcd", "bootrec", "bootsect", "mbr2gpt", "reagentc", "bootcfg"),
    ),
    rule(
        C.SYSTEM_FILES_BOOT,
        COMMAND,
        r"\bchkdsk\b|\brepair-volume\b|\brstrui\b|\bshutdown(?:\.exe)?\b[^.;\n]*\s/(?:o|fw)\b"
        # "fsutil dirty set C:": the volume checked at the next boot; fsutil needs an elevated prompt
        r"|\bfsutil(?:\.exe)?\s+(?:dirty|repair|resource|behavior|file|hardlink|reparsepoint|sparse|usn|quota)\b",
        hints=("chkdsk", "repair-volume", "rstrui", "shutdown", "fsutil"),
    ),
    rule(
        C.SYSTEM_FILES_BOOT,
        COMMAND,
        r"\b(?:uninstall|roll\w* back|remove|revert\w*)\s+(?:[\w'.-]+\s+){0,4}?(?:updates?|kb\d+|feature update|build)\b"
        r"|\buninstall updates\b|\bgo back to (?:the\s+)?(?:previous|earlier|older|last) (?:version|build)"
        r"|\brevert\w* to (?:the\s+)?(?:previous|earlier|older|last) (?:version|build)|\bwusa(?:\.exe)?\b",
        hints=("update", "kb", "build", "version", "wusa"),
    ),
    # "When it asks for admin, use the tech account": an administrator's login used on the user's PC
    rule(
        C.ELEVATION,
        COMMAND,
        r"\b(?:use|enter|type|put in)\w*\s+(?:the|our|your|an?)\s+(?:tech|technician|it|support|msp|admin\w*|service|helpdesk"
        r"|engineer'?s?|break-?glass)\s+(?:account|login|log-?in|creds|credentials|password|user)\b",
        hints=("tech", "it ", "support", "msp", "admin", "service", "helpdesk", "engineer", "break"),
    ),
    # "Take the VPN client out of the Startup folder": anything taken out of the startup list is a startup item removed
    rule(
        C.SERVICES_STARTUP,
        COMMAND,
        r"\b(?:take|get|pull|drag|move|remove|delete|kick)\w*\s+(?:[\w'.-]+\s+){1,5}?(?:out of|off|from)\s+(?:the\s+|its\s+)?"
        r"(?:startup (?:folder|list|apps?|items?|tab|entries)|login items|shell:startup)\b",
        hints=("startup", "login items"),
    ),
    # "the local admin credentials are in the ticket notes": saying where they are hands them over
    rule(
        C.ELEVATION,
        COMMAND,
        r"\badmin(?:istrator)?(?: account)?'?s? (?:credentials|creds|password|passwords|login|log-?in details|username and "
        r"password|pin)\s+(?:is|are)\s+(?:(?:all|also|just|already|now)\s+)?(?:in|on|at|under|stored|saved|kept|written|listed"
        r"|pinned|attached|noted|taped)\b"
        # "… asks for an admin password, which you'll find in IT Glue": where to get it
        # (not past a quote's end: '> "It asked me for an admin password" — note that in the ticket')
        r"|\badmin(?:istrator)? (?:credentials|creds|password|login)s?\b[^.;\"]{0,20}?\b(?:which|that|you'?ll|you will|you can"
        r"|is|are)\b[^.;\"]{0,20}?\b(?:find|get|grab|look up|stored|saved|kept|in|on)\b(?=[^.;]{0,40}\b(?:notes?|ticket|it ?glue"
        r"|hudu|passportal|keeper|vault|sticky|drawer|documentation|wiki|sheet|spreadsheet|password manager)\b)",
        hints=("admin",),
        said=True,
    ),
    # "Turn on the guest account so the visitor can log in": an account made or switched on on the PC needs an admin
    rule(
        C.ELEVATION,
        COMMAND,
        r"\b(?:enable|turn on|switch on|activate|create|add|make|set up)\w*\s+(?:a\s+|an\s+|the\s+)?(?:new\s+|second\s+|spare\s+)?"
        r"(?:guest account|local (?:user )?account|local user|windows account for)\b|\bturn\w*\s+(?:the\s+)?guest account\s+on\b",
        hints=("guest account", "local account", "local user", "windows account"),
    ),
    rule(
        C.ELEVATION,
        COMMAND,
        r"\brun\w*\s*(?:[\w'.-]+\s+){0,3}as\s*(?:an?\s+)?(?:administrator|admin|different user|another user|system)\b",
        hints=("admin", "different user", "another user", "system"),
    ),
    rule(
        C.ELEVATION,
        COMMAND,
        r"(?<!shows )(?<!show )(?<!appears )(?<!listed )(?<!displayed )(?<!labelled )(?<!set up )\bas (?:an?\s+)?(?:administrator|admin)\b|\((?:admin|administrator)\)|\belevated\b|\belevation\b|\badministrator:\s"
        r"|\badmin(?:istrator|istrative)?\s+(?:command prompt|cmd|powershell|terminal|prompt|shell|session|window)\b"
        r"|\bsudo\b|\brunas\b|-verb\s+runas\b|\bgsudo\b|\bpsexec\b|\bsu\s+(?:-\s*|root\b)|\bsu\s*$|\bsystem prompt\b"
        r"|\b(?:iex|invoke-expression)\b|-enc(?:odedcommand)?\s|\bdownloadstring\b|\|\s*(?:bash|sh|iex)\b"
        r"|\bmsiexec(?:\.exe)?\s+/x\b|\bpnputil\b|\btakeown\b|\bicacls\b|\bcacls\b|\bchmod\b|\bchown\b|\binstall-module\b"
        r"|\bnetsh(?:\.exe)?\s+(?:winsock|int(?:erface)?\s+(?:ip|ipv4|ipv6|tcp)\s+reset)\b|\bnetwork reset\b"
        r"|\bclean up system files\b|\btake ownership\b|\bfull control\b|\bnet\s+localgroup\b|\badministrators group\b"
        r"|\ballow (?:the |this )?user to administer\b|\bchange account type\b|\bbuilt-in administrator\b|\bas root\b"
        r"|\broot (?:shell|access|password|account)\b"
        r"|\b(?:give|grant|add|assign|hand)\w*\s+(?:[\w'-]+\s+){0,3}?(?:local\s+|temporary\s+|temp\s+|full\s+)?admin(?:istrator)?"
        r"\s+(?:rights|access|privileges|permissions|role)\b"
        r"|(?:^|[.;]\s*)(?:(?!\b(?:if|escalat\w*|whether|when|unless|note|tell|ask|know|inform|explain|advise|warn|remind"
        r"|doesn'?t|does not|won'?t|not|no)\b)[^.;])*?"
        r"\b(?:needs?|requires?|requiring|needing)\s+(?:an?\s+)?(?:admin\w*|elevat\w*|local admin\w*)(?![^.;]*\bescalat)",
        hints=(
            "admin",
            "elevat",
            "sudo",
            "runas",
            "psexec",
            "su ",
            "su-",
            "system prompt",
            "iex",
            "invoke-expression",
            "-enc",
            "downloadstring",
            "|",
            "msiexec",
            "pnputil",
            "takeown",
            "icacls",
            "cacls",
            "chmod",
            "chown",
            "install-module",
            "netsh",
            "network reset",
            "system files",
            "ownership",
            "full control",
            "localgroup",
            "administer",
            "account type",
            "root",
            "need",
            "requir",
        ),
    ),
    rule(
        C.SERVICES_STARTUP,
        COMMAND,
        r"\bsc(?:\.exe)?\s+(?:config|delete|create|failure)\b|\bschtasks\b[^.;]*/(?:change|delete|create|disable|end)\b",
        hints=("sc", "schtasks"),
    ),
    rule(
        C.SERVICES_STARTUP,
        COMMAND,
        r"\b(?:set|new|remove|suspend)-service\b|\b(?:stop|disable|unregister|set|new|remove)-scheduledtask\b|\bsystemctl\s+(?!status\b|list-|is-|show\b|cat\b)[a-z-]+|\blaunchctl\s+(?!list\b|print\b)[a-z-]+",
        hints=("-service", "scheduledtask", "systemctl", "launchctl"),
    ),
    rule(
        C.SERVICES_STARTUP,
        COMMAND,
        r"\bnet\s+(?:stop|pause|start|continue)\s+(?!spooler\b)\S|\b(?:stop|restart|start)-service\b(?![^.;]*\bspooler\b)"
        r"|\bspsv\b|\bsasv\b",
        hints=("net ", "-service", "spsv", "sasv"),
    ),
    rule(
        C.SERVICES_STARTUP,
        COMMAND,
        r"\bmsconfig\b|\bsystem configuration\b|\bautoruns\b"
        # "open shell:startup and delete the old shortcut from that folder": an item of the Startup folder
        r"|\bshell:startup\b[^.;]{0,80}?(?<!not )(?<!n't )(?<!never )(?<!without )(?<!be )\b(?:delete|remove|move|drag|rename"
        r"|disable|cut)\w*\b(?!\s+(?:any|anything|nothing)\b)",
        hints=("msconfig", "system configuration", "autoruns", "shell:startup"),
    ),
)

# Objects judged by the clause's mode and its actions.
OBJECTS = (
    rule(
        C.REGISTRY,
        INHERENT,
        r"\bregedit\w*|\bregistry\w*|\bhkey_\w+|\bhk(?:lm|cu|cr|u|cc)\b|[\w-]*\.reg\b(?!\w)|\bhive\b"
        r"|\breg (?:keys?|values?|entry|entries|files?|hacks?|tweaks?)\b|\b(?:q|d)words?\b"
        r"|\bdisable(?:cmd|taskmgr|registrytools|lockworkstation|changepassword|regedit)\b|\bnodrives\b",
        hints=("reg", "hk", "hive", "word", "disablecmd", "disabletaskmgr", "disablelock", "disablechange", "nodrives"),
    ),
    rule(
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
        r"|\bhiberfil|\brepair (?:install|upgrade)\b|\bin-place (?:repair )?(?:upgrade|install)\b|\binstallation media\b"
        r"|\binstallation assistant\b|\bmedia creation tool\b|\bautomatic repair\b"
        r"|\bwindows update components\b|\brecovery (?:mode|console|drive|media|partition|options|menu)\b|\bsystem file checker\b"
        r"|\b(?:boot|start|restart)\w*\s+(?:[\w'-]+\s+){0,4}?(?:in|into|to) single[- ]user mode\b|\b(?:command|cmd)\s*\+\s*s\b|\bfsck\b|\bstartup security utility\b|\breduced security\b|\bkernel extensions?\b"
        r"|\bkexts?\b|\bmacos recovery\b|\bgrub\w*|\bboot ?loaders?\b|\bsystemd-boot\b|(?<![\w.~])/boot/[\w./-]+|\bcache partition\b"
        r"|> recovery\b|\bstartup settings\b|\btroubleshoot > advanced options\b|\bshift\b[^.;]{0,25}\brestart\b",
        hints=(
            "bios",
            "grub",
            "single",
            "+ s",
            "+s",
            "fsck",
            "security utility",
            "reduced security",
            "kernel",
            "kext",
            "loader",
            "uefi",
            "cmos",
            "firmware",
            "boot",
            "csm",
            "safe mode",
            "restore",
            "repair",
            "winre",
            "windows re",
            "recovery",
            "startup",
            "system32",
            "syswow64",
            "winsxs",
            "windir",
            "systemroot",
            "windows",
            "system file",
            "system image",
            "mbr",
            "gpt",
            "f2",
            "f8",
            "f1",
            "esc",
            "del",
            "nvram",
            "pram",
            "smc",
            "cmd",
            "softwaredistribution",
            "catroot",
            "regsvr32",
            "driver signature",
            "signing",
            "page",
            "virtual memory",
            "hiberfil",
            "install",
            "upgrade",
            "media",
            "shift",
            "settings",
            "advanced",
        ),
    ),
    rule(
        C.SYSTEM_FILES_BOOT,
        verbs(
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
        hints=("dll", "driver", "windows files", "os files"),
    ),
    rule(
        C.ELEVATION,
        INHERENT,
        r"\buac\b|\buser account control\b|\bsystem locale\b|\bnon-unicode\b|\blocal\s*admin\w*|\b(?:temporary|temp|full|domain|global) admin\b|\badmin (?:roles?|privileges?)\b|\b(?:domain|global|tenant|exchange|helpdesk|it) admin\w*|\badmin(?:istrator)?\s+(?:rights|account|accounts|credentials|creds|password|privileges?|access|login|permissions|user|group|approval|pin|code|passcode|menu|mode)\b|\badministrative\s+(?:rights|privileges|credentials)\b|\badministrator\b"
        # privilege-management tools that grant admin on request: approving their prompt is elevating
        r"|\badmin by request\b|\bautoelevate\b|\bmake me admin\b|\bprivilege management\b|\bepm (?:prompt|request)\b"
        # the UAC prompt by its own words: "Do you want to allow this app to make changes to your device?"
        r"|\ballow this app to make changes\b|\bmake changes to (?:your|this) (?:device|pc|computer)\b",
        hints=("uac", "user account control", "admin", "locale", "unicode", "make changes", "autoelevate", "privilege management", "epm"),
    ),
    rule(
        C.SERVICES_STARTUP,
        _SERVICE_VERBS,
        _SERVICE,
        hints=(
            "service",
            "wuauserv",
            "bits",
            "spooler",
            "search",
            "sysmain",
            "superfetch",
            "wmi",
            "winmgmt",
            "management instrumentation",
            "click-to-run",
            "w32time",
            "windows time",
            "dhcp client",
            "dns client",
            "svchost",
            "log on account",
            "startup",
            "task",
            "schtasks",
            "login item",
            "launch",
            "autoruns",
            "start",
            "run at",
            "daemon",
            "systemd",
            "agent",
            "auto",
            "background",
        ),
    ),
    # ── the wide lexicon, fail closed: any acting clause that names one of these is refused ──
    rule(
        C.REGISTRY,
        INHERENT,
        r"\breg(?:\.exe)?\b(?=\s*(?:/|\w+\s+hk|command|tool|utility))|\breg\.exe\b|\bregedt32\b|\bregini\b"
        r"|\b(?:string|dword|qword|binary|multi-string|expandable string) values?\b|\b(?:run|runonce|policies) keys?\b"
        r"|\bregistry provider\b|\b(?:winlogon|currentversion|currentcontrolset|usbstor|lanmanserver|lanmanworkstation"
        r"|shell folders|run ?once|autodiscover|addins|explorer|policies|identity|profiles|uninstall|services) keys?\b|\b(?:values?|entr(?:y|ies)|dwords?)\b[^.;>]{0,60}\b(?:key|hive)\b(?! (?:card|fob|code|ring))|\bregistry\b|\bregistry (?:keys?|values?|editor|settings?|entry|entries|hive|fix|change|hack|tweak)"
        # a key path written without its hive ("…\\UrlAssociations\\https\\UserChoice"), or a value only the registry has
        r"|\\(?:currentversion|currentcontrolset|urlassociations|fileexts|userchoice|wow6432node)\b|\bprogid\b"
        # values and keys only the registry has, named without their path
        r"|\bprofilelist\b|\bprofileimagepath\b|\bwinlogon\b(?!\.exe)|\buserinit\b|\bmaxuserport\b|\btcptimedwaitdelay\b|\blmcompatibilitylevel\b|\bschannel\b"
        # "keys under SCHANNEL\\Protocols", "flipped to 0 in the Windows Search key": a value in a key
        r"|\bkeys?\s+(?:under|in|at)\s+[\w.-]*\\|\bto (?:0|1|\d+|true|false)\s+(?:in|under)\s+(?:the\s+)?(?:[\w\\-]+\s+){0,3}?keys?\b",
        hints=(
            "reg",
            "regedt32",
            "regini",
            "value",
            "key",
            "provider",
            "\\currentversion",
            "\\currentcontrolset",
            "\\urlassociations",
            "\\fileexts",
            "\\userchoice",
            "\\wow6432node",
            "profilelist",
            "profileimagepath",
            "winlogon",
            "userinit",
            "maxuserport",
            "tcptimedwaitdelay",
            "lmcompatibilitylevel",
            "schannel",
            "progid",
        ),
    ),
    rule(
        C.SYSTEM_FILES_BOOT,
        GUARDED,
        r"\bsfc(?:\.exe)?\b|\bsystem file checker\b|\bdism\b|\bcomponent store\b|\bchkdsk\b|\bcheck disk\b"
        r"|\bbcd\b|\bboot configuration\b|\bbootloader\b|\bboot loader\b|\btroubleshoot(?:ing)? > advanced\b"
        r"|\badvanced (?:startup|boot) options\b|\bstartup repair\b|\bsata (?:mode|operation)\b|\bahci\b|\braid mode\b"
        r"|\bvirtuali[sz]ation (?:technology|support|settings?|in the (?:bios|uefi|firmware))\b|\bvt-?[xd]\b"
        r"|\b(?:cumulative|quality|feature|windows) updates? (?:kb\d+|from (?:update|the) history)\b|\bupdate history\b|\binstalled updates\b"
        r"|(?<!> )\btroubleshoot\b(?=\s*(?:$|> advanced|,|and\b|then\b))|\bsystem (?:image|reserved)\b|\bwindows\\(?:system32|syswow64|winsxs)\b",
        hints=(
            "sfc",
            "system file",
            "dism",
            "component store",
            "chkdsk",
            "check disk",
            "bcd",
            "boot",
            "troubleshoot",
            "advanced",
            "startup repair",
            "sata",
            "ahci",
            "raid",
            "virtuali",
            "vt",
            "update",
            "system",
        ),
    ),
    # "Disable Windows Update", "kill Windows Update": switching updates off is the service stopped (pausing them from
    # Settings, or turning off its automatic restarts, is the user's own setting)
    rule(
        C.SERVICES_STARTUP,
        verbs("disable", "stop", "kill", "deactivate", "terminate", "block", "turn off", "switch off", "shut off") + "|" + PHRASAL,
        r"\bwindows update\b(?! (?:settings|page|history|troubleshooter)\b)(?! from \w+ing\b)",
        hints=("windows update",),
        exact=True,
    ),
    rule(
        C.SERVICES_STARTUP,
        GUARDED,
        r"\bservices\.msc\b|\bservices (?:app|console|window|snap-in|manager|panel|list|tool)\b|\bthe services\b"
        r"|\bsc(?:\.exe)?\s+(?:stop|start|query|config|delete|create|pause|continue)\b|\bsc\.exe\b|\btask scheduler\b|\bshell:startup\b"
        r"|\bscheduled tasks?\b|start menu\\programs\\startup\b|(?<!outlook's )(?<!outlook )\bstartup (?:apps?|items?|programs?|folder|tab|entry|entries|list|impact"
        r"|applications?)\b"
        r"|\blogin items?\b|\blaunch ?(?:agents?|daemons?)\b|\bmsconfig\b|\bautoruns\b|\bsystem configuration\b"
        r"|\b(?:apps?|programs?|applications?) (?:that|which) (?:start|launch|open|run|load)s?\b"
        r"|\b(?:start|launch|open|run|load)s? (?:up )?(?:automatically|by itself|on its own|at (?:startup|boot|sign-in|login|logon)|when (?:windows|the (?:pc|user|computer)|you) (?:starts?|boots?|signs? in|logs? in))\b"
        r"|\bwindows (?:audio|update|search|time|installer|event log|management instrumentation) service\b"
        # "Set Windows Update to Disabled": the service by its display name, given a startup type
        r"|\bwindows update(?='?s?\s+(?:startup type\s+)?(?:to|as)\s+(?:automatic|manual|disabled)\b)"
        # "Option: \"Set to Automatic\"": a startup type given, the service named by the step around it
        # "Flip the Connected Devices Platform service to Disabled": a service given a startup type
        r"|\bservices?\s+(?:startup type\s+)?(?:to|as)\s+(?:automatic|manual|disabled)\b"
        r"|(?<!is )(?<!are )(?<!be )(?<!been )\bset\s+(?:it\s+|them\s+|this\s+)?(?:to|as)\s+(?:automatic(?: \(delayed start\))?|manual|disabled)\b",
        hints=(
            "automatic",
            "manual",
            "disabled",
            "services",
            "sc",
            "task scheduler",
            "scheduled task",
            "startup",
            "login item",
            "launch",
            "msconfig",
            "autoruns",
            "system configuration",
            "app",
            "program",
            "start",
            "open",
            "run",
            "load",
            "windows",
        ),
    ),
    rule(
        C.ELEVATION,
        GUARDED,
        r"(?<!the )(?<!your )(?<!their )(?<!our )(?<!it )(?<!an it )(?<!site )(?<!office )(?<!tenant )\badmin(?:istrator)?s?\b"
        r"|\b(?:the|your|their|our) (?:it |site |office |tenant |customer'?s )?admin(?:istrator)?s? (?=rights|account|password"
        r"|group|role|privileges?|access|credentials|login|pin|approval|console|prompt|mode|permissions)"
        r"|\badministrative\b|\belevat\w+|\bcomputer management\b|\blocal users and groups\b"
        r"|\buser accounts? control\b|\buac\b|\bsudo\w*|\brunas\b|\broot\b",
        hints=("admin", "elevat", "computer management", "local users", "user account", "uac", "sudo", "runas", "root"),
    ),
)
