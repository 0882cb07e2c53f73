"""Protected objects beyond the user's PC: network devices, servers and admin centres, security software.

Each class: the commands and tools that are the action themselves (``COMMANDS``) and the objects
judged by the clause that names them (``OBJECTS``, including the wide ``GUARDED`` lexicon).
docs/safety.md says what each class covers.
"""

from __future__ import annotations

from bot.ai.floor.verbs import ANY, CHANGE, COMMAND, DISABLE, GUARDED, INHERENT, C, rule, verbs

# A router or access point may be power-cycled (policy); anything else done to it is configuration.
_ROUTER_VERBS = verbs(
    "change", "set", "edit", "modify", "update", "adjust", "tweak", "configure", "reconfigure", "log", "sign",
    "forward", "open", "enable", "disable", "turn on", "upgrade", "flash", "reset", "add", "create", "block",
    "unblock", "allow", "whitelist", "apply", "put", "enter", "type", "replace", "factory reset",
    "browse to", "connect to the admin", "assign", "reserve", "open port", "open up",
)  # fmt: skip

_SECURITY = (
    r"(?:anti-?virus|anti-?malware|antivirus|windows defender(?! firewall)|microsoft defender|defender(?! firewall)"
    r"|windows security|real-?time (?:protection|scanning)|tamper protection|controlled folder access|smartscreen"
    r"|potentially unwanted app\w*(?: blocking)?|pua (?:protection|blocking)|exploit protection|core isolation"
    r"|memory integrity|cloud-delivered protection|ransomware protection|network protection|edr|\bav\b|xdr"
    r"|\basr(?: rules?)?\b|attack surface reduction(?: rules?)?|smart app control"
    r"|endpoint protection|endpoint security|security software|security agent|security suite|security app"
    r"|sentinel\s?one|crowdstrike|falcon(?: sensor)?|sophos(?!\s+(?:xg|firewall|utm|central firewall))|webroot"
    r"|bitdefender|gravityzone|malwarebytes|mcafee|norton|eset|huntress|cylance|trend micro|carbon black"
    r"|threatlocker|umbrella|zscaler|symantec|kaspersky|avast|avg|vipre|datto edr|defender for (?:endpoint|office 365)"
    r"|quarantine\w*|protection history|scanning(?!\s+(?:to|from|into|documents?|papers?|pages?|it|them|the (?:documents?|pages?|papers?))\b)|the scan\b|virus (?:&|and) threat protection|firewall"
    r"|windows firewall|defender firewall|gatekeeper|xprotect|play protect|app control|application control|allow ?list|block ?list"
    r"|safe senders?|spam filter|junk filter|email filter|mail filter|safe links|safe attachments|protection|antispam"
    r"|attachment filter\w*(?: polic\w+)?|anti-?malware polic\w+"
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
# "check the Meraki dashboard link in the documentation is for this customer": a statement about an entry of the
# customer's documentation, not the page opened ("log in to the admin centre link in the docs" still opens it).
_DOC_ENTRY = (
    r"(?!\s+(?:link|url|address|bookmark|entry)s?\s+(?:in|on|from|of)\s+(?:the\s+|our\s+|their\s+)?(?:[\w-]+\s+)?"
    r"(?:documentation|docs|ticket|notes|wiki|it ?glue|hudu|runbook|handover)\s+(?:is|are|still|works?|points?|matches|goes"
    r"|opens|has|says|belongs)\b)"
)
# Looking at a network device's own logs or pages needs a login to it (policy: forbidden even to look).
_NETDEV_PAGES = (
    _NETDEV_VENDOR
    + r"(?:'s)?\s+(?:[\w-]+\s+){0,2}?(?:logs?|dashboard|gui|web (?:ui|interface|page|console)|admin\w*|settings"
    r"|config\w*|rules?|polic(?:y|ies)|console|portal|interface|event log|traffic log|monitor"
    # its status and overview pages, which need the same login ("a screenshot of the pfSense status page"); not the
    # block page the user's browser shows
    r"|status(?: pages?)?|overview|(?<!block )(?<!splash )(?<!captive portal )(?<!warning )pages?)\b"
    + _DOC_ENTRY
    + r"|\b(?:logs?|dashboard|web (?:ui|interface|page|console)|admin\w*|settings|config\w*|rules?|polic(?:y|ies)|console"
    r"|portal|event log|traffic log|nat|port forwards?|port forwarding|vlans?|acls?)\s+(?:on|of|in|from)\s+(?:the\s+|our\s+"
    r"|their\s+|the (?:customer|client|office)'?s\s+)?(?:[\w-]+\s+){0,1}?" + _NETDEV_VENDOR
)

# Literal hints of the security vendors and products the security-software rules name.
_SECURITY_VENDOR_HINTS = (
    "sentinel", "crowdstrike", "falcon", "sophos", "webroot", "bitdefender", "gravityzone", "malwarebytes",
    "mcafee", "norton", "eset", "huntress", "cylance", "trend micro", "carbon black", "threatlocker", "umbrella",
    "zscaler", "symantec", "kaspersky", "avast", "avg", "vipre", "mimecast", "proofpoint", "webtitan",
)  # fmt: skip

# Literal hints of the network-device vendors and product lines the device rules name.
_NETDEV_VENDOR_HINTS = (
    "sonic", "forti", "meraki", "pfsense", "opnsense", "watch", "ubiquiti", "unifi", "edge", "dream machine",
    "udm", "usg", "cisco", "asa", "aruba", "juniper", "mikrotik", "draytek", "palo alto", "sophos", "netgate",
    "zyxel", "barracuda", "check", "firepower", "ruckus", "omada", "cloud key",
)  # fmt: skip

_NETDEV = (
    _NETDEV_VENDOR
    + r"|(?:office|customer(?:'?s)?|client(?:'?s)?|company|company'?s|site|hardware|network|perimeter|edge|business|main|core"
    r"|building|branch|head office|the office'?s|school'?s|practice'?s|isp|isp'?s|isp-supplied)(?<!its main)\s+(?:firewall|router|switch"
    r"|gateway|access points?|aps?)\b(?!\s+(?:lights?|leds?|status|name|password prompt))"
    r"|switch(?:es)? (?:in|on) (?:the )?(?:comms|server|network|wiring|data|patch) (?:cupboard|room|closet|cabinet|rack)"
    r"|(?:comms|server|network|wiring|data) (?:cupboard|room|closet|cabinet|rack)'?s? switch(?:es)?"
    r"|core switch|network switch|poe switch|managed switch|switch ?ports?|wi-?fi controller|wireless controller"
    r"|\bwlc\b|vpn (?:appliance|concentrator|gateway|tunnel|policy|user|server|settings|config\w*|rule|keys?|secrets?)"
    # the VPN's server side: what the client connects to is configured on the firewall ("the GlobalProtect portal
    # configuration", "the AnyConnect gateway settings"); the client on the user's PC stays an exception
    r"|(?:globalprotect|anyconnect|forticlient|secure client|ssl-?vpn|vpn)\s+(?:portal|gateway)s?(?:'s)?\s+(?:config\w*|settings"
    r"|polic\w+|admin\w*|authentication|login lifetime|timeouts?|agent config\w*)\b|\bforticlient ems\b"
    r"|site-to-site|ssl-?vpn|\bl2tp\b|wireguard|\bipsec\b|\bike\b|pre-?shared key|\bpsk\b|shared (?:secret|key)"
    r"|port[- ]?forward\w*|forward(?:ing)? (?:a |the )?port|\bnat\b|\bdmz\b|\bbridge mode\b|\bmodem mode\b|\bip passthrough\b"
    # the office's own internet line and its failover: the site's connection, not a user's home router
    r"|\b(?:backup|failover|secondary|standby) (?:4g |5g |lte )?(?:router|line|connection|wan|link|internet)\b|\bfailover\b"
    r"|\b(?:4g|5g|lte) (?:router|failover|backup)\b|\bthe office'?s? (?:internet|broadband|wan|leased line)\b|\bqos\b|\bsip alg\b|\balg\b|\bupnp\b|web ?filter\w*|content ?filter\w*"
    r"|\bvlans?\b|\bssids?\b|client isolation|firewall (?:rules?|polic\w+|objects?)|access rules?|pass rules?"
    r"|\binterface (?:gi|fa|te|ge|xe|eth|port)[\w/.:-]*"
    r"|\bwi-?fi channel|\bwireless channel|\bchannel width|\bband steering|\bmtu\b|\bconf t\b|no shutdown|interface (?:gi|fa|te|eth)|mac (?:address )?(?:filter|allow list|whitelist)"
    r"|(?:192\.168|10\.0)\.\d+\.1\b|(?:router|modem|firewall|switch|gateway|access point)'?s? (?:admin|web|management|settings|config\w*|setup|vpn|wan|lan|dhcp|wi-?fi|wireless|firewall|port forwarding|nat) (?:page|interface"
    r"|console|portal|ui|panel)|web console|web admin|wi-?fi password on the (?:router|access point)"
)

_ROUTER = r"(?:router|modem|hub)"

# Office network gear L1 may not even power-cycle (a home router may be, see SAFE).
_SITE_GEAR = (
    r"(?:access points?|wireless access points?|\baps?\b(?= (?:in|on|at|near))|firewall appliance|\bpoe (?:cables?|injectors?|leads?)\b"
    r"|\b(?:the|an?|that|this|each|every|office|ceiling|meeting room|room|wireless|wi-?fi|unifi|meraki|aruba|ruckus)\s+aps?\b"
    r"(?!\s+(?:team|department|invoices?|ledger|clerk|inbox|mailbox|folder|system|module|report))|gateway device|(?:the|a|that"
    r"|this|our|their) (?:network |poe |managed |core |main |office |comms )?switch(?:es)?\b(?! (?:off|on|to|between|it|user"
    r"|account|the|app|tabs?|windows|back|over|profiles?))|patch panel|comms (?:cupboard|room|cabinet) (?:kit|gear|equipment))"
)

_SERVER = (
    r"(?:(?:file|print|mail|web|app|application|sql|terminal|rds|remote desktop|domain|backup|exchange|production"
    r"|intranet|citrix|hyper-v|database|accounting|erp|crm|nas)\s+(?:box|boxes|host|hosts|machine|vm)\b"
    r"|(?:file|print|mail|web|app|application|sql|terminal|rds|remote desktop|domain|backup|exchange|production"
    r"|accounting|database|dhcp|dns|license|licence|fax|ftp|citrix|vpn|host)\s+servers?"
    # "read you the DNS Servers and Default Gateway lines": labels of ipconfig's output
    r"(?!\s+(?:(?:and|&)\s+(?:[\w-]+\s+){1,3})?(?:lines?|values?|entr(?:y|ies)|fields?|listed|shown|read (?:out|back)|(?:that )?`?ipconfig(?: /all)?`? (?:shows|lists|reports|gives)(?: for)?)\b)"
    # a host named like a server: PRINT01, FS02, SRV-APP1, DC-02
    r"|(?<!\.)\b(?:print|prn|file|mail|app|sql|web|db|fs|rds|hv|vm|nas|exch|ex|bkp|backup|dc)[-_]?\d{1,3}\b"
    r"|\b(?:srv|svr)[-_]?[a-z]*[-_]?\d{1,3}\b|\b[a-z]+[-_](?:srv|svr)\d{0,3}\b|\bservers?\b(?!\s+(?:not found"
    r"|name|address|error|is down|says|returned))(?<!dns servers)(?<!dns server)(?<!dhcp server)|domain controllers?|\bdc\d*\b|printsrv\w*|\bsrv[\w-]*\d\b|\bfs\d+\b(?=.*\b"
    r"(?:log|rdp|restart|change|on)\b)|hyper-?v(?: manager)?|vmware|esxi|vcenter|proxmox|virtual machines?|\bvms?\b"
    # a host named after its hypervisor: ESXi02, esxi-host-1, PVE01, vcenter01, HYPERV03
    r"|\b(?:esxi|vcenter|vcsa|proxmox|pve|hyperv|hyper-v|xen|vmhost|vhost|hvhost)[-_]?(?:[a-z]+[-_]?)?\d{1,3}\b"
    r"|hypervisors?|\bnas\b|synology|qnap|iis\b|iisreset|sql server|backup jobs?|veeam|datto (?:backup|siris|alto|appliance)|backup appliance"
    r"|print management|server manager|(?:receive|send) connectors?|transport (?:rules?|service)|retention polic\w+|mail flow rules?|\bnetlogon\b"
    r"|\bsysvol\b|litigation hold|retention hold|in-place hold|ediscovery|archive mailbox|auto-expanding archiving"
    r"|(?:smtp )?relay connectors?|smtp relay|global address list|\bgal\b|address book polic\w+)"
)

_ADMIN_PORTAL = (
    r"(?:admin (?:center|centre|portal|console|panel|dashboard|page|site)|admin\.(?:microsoft|google|exchange|cloud)\.com"
    r"|portal\.azure\.com|azure portal|autopilot|entra (?:admin\w*|portal)|entra\.microsoft\.com"
    # "have a quick look in Entra at the sign-in logs": Entra, as a place, is its admin centre (not "Entra joined")
    r"|(?:(?<=\bin )|(?<=\binto )|(?<=\bfrom )|(?<=\bvia ))(?:microsoft )?entra(?: id)?(?! (?:joined|registered|join|account|sign))"
    r"|intune|endpoint manager|endpoint\.microsoft\.com"
    r"|google workspace admin|exchange (?:admin|online powershell|management shell|control panel|online(?!\s+(?:problems?|issues?|outages?|incidents?|advisor\w*|is (?:down|up|degraded|healthy|working)|status|health|service health|is having)))|\beac\b"
    r"|partner cent(?:er|re)|purview|compliance (?:portal|center|centre)|security (?:center|centre|portal)"
    r"|sharepoint admin|teams admin|okta admin|jumpcloud(?! (?:user|end-user) (?:portal|console|dashboard))|jamf(?! (?:team|self service|self-service))|kaseya|ninja ?one|datto rmm|connectwise (?:automate"
    r"|control)|n-able|rmm (?:console|portal|dashboard)|gravityzone|(?:sentinelone|crowdstrike|sophos central) (?:console"
    r"|portal)|meraki dashboard|unifi (?:controller|network|app|console)|tenant settings"
    # the MSP's backup consoles: every customer's backups and protection plans, like an RMM console
    r"|(?:acronis|veeam|datto|axcient|cove|druva|unitrends|barracuda|backup exec|storagecraft|carbonite|backblaze)"
    r"(?: [\w-]+){0,3}? (?:console|portal|dashboard|management (?:console|portal|server)))" + _DOC_ENTRY
)

# The security products' own processes, as Task Manager and taskkill name them.
_SECURITY_PROCESS = (
    r"(?:msmpeng|nissrv|mssense|sensecncproxy|securityhealthservice|csfalconservice|csfalconcontainer|sentinelagent"
    r"|sentinelservicehost|sentinelstaticengine|ekrn|egui|mbamservice|mbamtray|wrsa|mcshield|mfemms|savservice|sophoshealth"
    r"|bdagent|bdservicehost|vsserv|avp|avgsvc|avastsvc|ccsvchst|ntrtscan)(?:\.exe)?"
)

# Commands and tools that are the forbidden action themselves, in any mode.
COMMANDS = (
    # "Right-click CSFalconService in Task Manager and pick End task": the process ended is the protection switched off
    rule(
        C.SECURITY_SOFTWARE,
        COMMAND,
        r"\b(?:" + _SECURITY_PROCESS + r"|antimalware service executable|(?:microsoft |windows )?defender|sophos|crowdstrike"
        r"|falcon|sentinel ?one|eset|malwarebytes|webroot|bitdefender|mcafee|norton|huntress|symantec|kaspersky|avast|avg)\b"
        r"[^.;]{0,80}?\bend (?:task|process(?: tree)?)\b|\btaskkill\b[^.;]{0,40}?\b" + _SECURITY_PROCESS + r"\b",
        hints=("end task", "end process", "taskkill"),
    ),
    # A phone allowed to install apps from anywhere, a security warning told never to warn again: the protection is off.
    rule(
        C.SECURITY_SOFTWARE,
        COMMAND,
        r"\b(?:unknown sources|install unknown apps|unidentified developers?|apps downloaded from anywhere|sideload\w*)\b"
        r"(?![^.;]*\b(?:escalat\w*|l2|ticket|leave it|don'?t|do not)\b)"
        r"|\b(?:click|tick|check|select|choose|press|hit|tap|pick)\w*\s+(?:on\s+)?(?:the\s+)?(?:box\s+)?[\"']?(?:don'?t|do not"
        r"|never) warn(?: me)? (?:again|about (?:this|these)(?: again)?)\b"
        # "Tick \"Don't show this again\" on the SmartScreen warning": the same, offered by a security prompt
        r"|\b(?:click|tick|check|select|choose|press|hit|tap|pick)\w*\s+(?:on\s+)?(?:the\s+)?(?:box\s+)?[\"']?(?:don'?t|do not"
        r"|never) (?:show|ask|notify|prompt)(?: me)?(?: (?:this|it|these))?(?: (?:message|warning|prompt|again))*\b"
        r"(?=[^.;]{0,80}\b(?:smartscreen|defender|windows security|security (?:warning|alert|prompt)|firewall|antivirus"
        r"|virus|threat|gatekeeper|protected view|macros?|unknown publisher|unsafe|untrusted|uac)\b)",
        hints=("unknown", "unidentified", "anywhere", "sideload", "warn", "again"),
    ),
    # A home router may be power-cycled (docs/safety.md); its settings page and its reset button are configuration:
    # "change the Wi-Fi password on the home router", "hold the reset button on the back of the router".
    rule(
        C.NETWORK_DEVICE,
        COMMAND,
        r"\b(?:press|hold|push|poke|use)\w*\s+(?:and\s+hold\s+)?(?:down\s+)?(?:the\s+)?(?:little\s+|small\s+|recessed\s+|pinhole\s+)?"
        r"reset (?:button|pin|switch)\b[^.;]{0,60}?\b(?:router|modem|hub|access point|extender|mesh|firewall|switch)\b"
        r"|\b(?:router|modem|hub|extender)'?s? (?:little |small |recessed |pinhole )?reset (?:button|pin)\b"
        r"|\bfactory[- ]reset\w*\s+(?:the\s+|their\s+|your\s+|the user'?s\s+)?(?:[\w-]+\s+){0,2}?(?:router|modem|hub|extender)\b"
        r"|\b(?:change|set|update|edit|reset|rename|alter|modify)\w*\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:password|passphrase|ssid"
        r"|network name|wi-?fi name|settings|dns|channel|firmware|admin password|key)\s+(?:on|of|in)\s+(?:the\s+|their\s+|your\s+"
        r"|the user'?s\s+)?(?:[\w-]+\s+){0,2}?(?:router|modem|hub|extender)\b"
        r"|\b(?:log\w*|sign\w*)\s+(?:in|on)\w*\s+(?:to\s+)?(?:the\s+|their\s+|your\s+)?(?:[\w-]+\s+){0,2}?(?:router|modem|hub)(?:'s)?"
        r"(?:\s+(?:admin|settings|web)\s*(?:page|panel|portal|interface)?)?\b",
        hints=("reset", "router", "modem", "hub", "extender"),
    ),
    rule(
        C.SECURITY_SOFTWARE,
        COMMAND,
        r"\b(?:set|add|remove)-mppreference\b|\bmpcmdrun\b|\bwindefend\b|\bnetsh(?:\.exe)?\s+(?:advfirewall|firewall)\b"
        r"|\b(?:set|new|remove|disable|enable)-netfirewall\w*\b|\bwf\.msc\b|\bfirewall\.cpl\b|\bset-executionpolicy\b"
        r"|-(?:ep|exec\w*)\s+(?:bypass|unrestricted)\b|\bcsrutil\b|\bspctl\b|\bwith advanced security\b"
        r"|\b(?:add|create)\w*\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:exclusion|exception)s?\b|\ballow\w*\s+(?:[\w'.-]+\s+){0,4}"
        r"(?:through|past|in)\s+(?:the\s+)?(?:windows\s+|defender\s+)?firewall\b|\ballow (?:it )?on (?:the )?device\b"
        r"|\b(?:release|restore)\w*\s+(?:[\w'.-]+\s+){0,3}(?:quarantin\w*|from (?:the )?quarantine|protection history)"
        r"|\bunquarantin\w*|\bexecution policy\b"
        r"|\b(?:whitelist|allowlist|allow-list|unblock|exclude|exempt)\w*\s+(?:the\s+|this\s+|that\s+|a\s+|their\s+|her\s+|his\s+)?"
        r"(?:[\w.'-]+\s+){0,2}?(?:urls?|sites?|websites?|domains?|web ?address\w*|senders?|programs?|exes?|process\w*|ips?)\b"
        r"|\b(?:open|run|keep|allow|install|download)\s+anyway\b"
        r"|\b(?:click|press|tap|choose|select|hit)\w*\s+(?:on\s+)?\"?allow access\b(?!\s+to\b)",
        hints=(
            "anyway",
            "mppreference",
            "mpcmdrun",
            "windefend",
            "netsh",
            "netfirewall",
            "wf.msc",
            "firewall",
            "executionpolicy",
            "-ep",
            "-exec",
            "csrutil",
            "spctl",
            "advanced security",
            "exclusion",
            "exception",
            "allow",
            "quarantin",
            "protection history",
            "unquarantin",
            "execution policy",
            "whitelist",
            "allowlist",
            "allow-list",
            "unblock",
            "exclud",
            "exempt",
        ),
    ),
    rule(
        C.SERVER_CONFIG,
        COMMAND,
        r"\b(?:connect-exchangeonline|connect-msolservice|connect-azuread|connect-mggraph|connect-ippssession)\b"
        r"|\b(?:set|new|remove|add|enable|disable)-(?:mailbox\w*|casmailbox|distributiongroup\w*|transportrule|adgroupmember"
        r"|mggroupmember|recipientpermission|unifiedgroup\w*|retentionpolicy\w*|mailboxfolderpermission)\b"
        r"|(?<!go > )\b(?:rdp|remote desktop|remote|mstsc|ssh|log|sign|jump|hop|connect)\w*\s*(?:in|on)?\s*(?:in)?to\s+(?:the\s+|a\s+)?"
        r"(?:[\w'-]+\s+){0,2}?(?:server|dc|host|vm)\b|\biisreset\b|\b(?:full access|send as|send on behalf)\b|\b(?:mailbox|folder|share|sharepoint"
        r"|ntfs|file|shared mailbox|calendar|delegate) permissions?\b",
        hints=(
            "server",
            "dc",
            "host",
            "vm",
            "permission",
            "full access",
            "send as",
            "send on behalf",
            "iisreset",
            "connect-",
            "mailbox",
            "distributiongroup",
            "transportrule",
            "groupmember",
            "recipientpermission",
            "unifiedgroup",
            "retentionpolicy",
        ),
    ),
    rule(
        C.SERVER_CONFIG,
        COMMAND,
        r"\b(?:add|remove)\w*\s+(?:the user|them|him|her|[a-z]+|[\w.]+@[\w.]+)\s+(?:to|from|as (?:a )?(?:member|owner) of)\s+"
        r"(?:the\s+)?(?:[\w'-]+\s+){0,3}(?:group|team|channel|distribution list|dl|security group|mailing list|shared mailbox"
        r"|sharepoint site|site)\b|\b(?:grant|give|assign)\w*\s+(?:[\w'-]+\s+){0,4}?(?!admin)(?:access|permissions?)\s+"
        r"(?:to|on|for)\b(?!\s+(?:use|the (?:camera|microphone|mic|location)))"
        # "make sure the share gives Everyone read access", "change the permissions on the Scans share": a permission level
        # granted to someone, or the permissions of a share, folder or mailbox
        r"|\b(?:grant|give|assign|allow|add)\w*\s+(?:[\w'-]+\s+){1,3}?(?:read|write|modify|edit|read-only|read/write|owner"
        r"|contributor|full(?! disk))\s*(?:\(?\w+\)?\s+)?(?:access|permissions?|rights|control)\b"
        r"|\bpermissions?\s+(?:on|of|for)\s+(?:the\s+)?(?:[\w'$-]+\s+){0,3}?(?:share|shared folder|mailbox|shared mailbox"
        r"|calendar|sharepoint (?:site|library))\b"
        # "change the permissions on \\\\FS01\\Accounts so the user gets Modify": a share by its path
        r"|\b(?:" + CHANGE + r")\s+(?:the\s+)?(?:ntfs\s+|share\s+|folder\s+|security\s+)?permissions?\s+(?:on|of|for)\s+"
        r"(?:the\s+)?\\\\[\w.$-]+"
        # "give them Modify on the Projects folder on the file server": a permission level named without "access"
        r"|\b(?:grant|give|assign|add)\w*\s+(?:[\w'-]+\s+){0,3}?(?:modify|full control|read (?:&|and) execute|read/write"
        r"|read-only|write|owner|contributor|edit)\s+(?:(?:access|rights|permissions?|role)\s+)?(?:on|to|for|over)\s+"
        r"(?:the\s+)?(?:[\w'$-]+\s+){0,4}?(?:share|shared folder|folder|drive|mailbox|calendar|site|library|server)\b",
        hints=("group", "team", "channel", "list", "dl", "mailbox", "site", "access", "permission", "rights", "control",
               "modify", "read", "write", "owner", "contributor", "edit"),
    ),
    # "Button: **Reboot host**", "restart the host": a VM host is a server. "Save & reboot router": a device's admin page.
    rule(
        C.SERVER_CONFIG,
        COMMAND,
        r"\b(?:reboot|restart|shut down|shutdown|power (?:off|cycle|down)|power-cycle|reset|patch|migrate|put)\w*\s+"
        r"(?:the\s+|this\s+|that\s+|a\s+|each\s+)?(?:vm\s+|virtual(?:isation|ization)?\s+|physical\s+|hyper-?v\s+|esxi\s+)?"
        r"hosts?\b(?!\s*(?:file|name|'?s file|key|of the meeting|controls?))",
        hints=("host",),
    ),
    rule(
        C.NETWORK_DEVICE,
        COMMAND,
        r"\b(?:save|apply)\s*(?:&|and|\+)\s*(?:reboot|restart|apply)\b[^.;]{0,20}?\b(?:router|modem|gateway|access point|switch"
        r"|firewall|ap)\b",
        hints=("save", "apply"),
    ),
)

# Objects judged by the clause's mode and its actions.
OBJECTS = (
    rule(
        C.NETWORK_DEVICE,
        ANY,
        _NETDEV,
        hints=_NETDEV_VENDOR_HINTS
        + (
            "firewall",
            "router",
            "switch",
            "gateway",
            "access point",
            "controller",
            "wlc",
            "vpn",
            "globalprotect",
            "anyconnect",
            "forticlient",
            "secure client",
            "site-to-site",
            "l2tp",
            "wireguard",
            "ipsec",
            "ike",
            "shared",
            "psk",
            "port",
            "nat",
            "dmz",
            "bridge mode",
            "backup",
            "failover",
            "secondary",
            "standby",
            "4g",
            "5g",
            "lte",
            "office",
            "modem mode",
            "passthrough",
            "alg",
            "upnp",
            "qos",
            "filter",
            "vlan",
            "ssid",
            "isolation",
            "rule",
            "mtu",
            "conf t",
            "no shutdown",
            "interface",
            "mac",
            "192.168",
            "10.0",
            "web console",
            "web admin",
            "password on the",
            "channel",
            "band",
            "modem",
        ),
    ),
    rule(
        C.SECURITY_SOFTWARE,
        DISABLE + "|" + CHANGE,
        _SECURITY,
        hints=_SECURITY_VENDOR_HINTS
        + (
            "virus",
            "malware",
            "defender",
            "security",
            "protection",
            "smartscreen",
            "unwanted",
            "pua",
            "exploit",
            "isolation",
            "asr",
            "attack surface",
            "smart app control",
            "integrity",
            "edr",
            "av",
            "xdr",
            "endpoint",
            "quarantin",
            "scan",
            "firewall",
            "gatekeeper",
            "xprotect",
            "play protect",
            "control",
            "allow",
            "block",
            "safe",
            "spam",
            "junk",
            "protected view",
            "trust cent",
            "macro",
            "mark of the web",
            "attachment manager",
            "filter",
            "threat",
            "exclusion",
        ),
    ),
    rule(
        C.SERVER_CONFIG,
        INHERENT,
        _SERVER + "|" + _ADMIN_PORTAL,
        hints=(
            "server",
            "dc",
            "0",
            "1",
            "2",
            "3",
            "4",
            "5",
            "6",
            "7",
            "8",
            "9",
            "controller",
            "domain",
            "box",
            "host",
            "machine",
            "printsrv",
            "srv",
            "fs",
            "hyper",
            "vmware",
            "esxi",
            "vcenter",
            "proxmox",
            "virtual machine",
            "vm",
            "hypervisor",
            "nas",
            "synology",
            "qnap",
            "iis",
            "sql",
            "backup job",
            "veeam",
            "datto",
            "print management",
            "transport",
            "retention",
            "mail flow",
            "netlogon",
            "sysvol",
            "hold",
            "ediscovery",
            "archiv",
            "relay",
            "connector",
            "global address",
            "gal",
            "address book",
            "admin",
            "portal",
            "azure",
            "entra",
            "intune",
            "endpoint",
            "google workspace",
            "exchange",
            "eac",
            "partner cent",
            "purview",
            "compliance",
            "security cent",
            "okta",
            "jumpcloud",
            "jamf",
            "kaseya",
            "ninja",
            "connectwise",
            "n-able",
            "rmm",
            "gravityzone",
            "console",
            "autopilot",
            "dashboard",
            "unifi",
            "tenant",
        ),
    ),
    rule(
        C.SERVER_CONFIG,
        CHANGE,
        r"\bshared mailbox(?:es)?\b|\b(?:storage|mailbox|onedrive|sharepoint) (?:quota|limit)s?\b"
        r"|\b(?:the |their |his |her |the user'?s |a )mailbox(?:es)?\b(?!\s+(?:name|address|field|box)\b)|\b(?:mail |email |auto-?)?(?<!call )forwarding\b|\bmailbox (?:forwarding|delegation|delegates?)\b"
        r"|\b(?:departed|leaver'?s?|former|old) (?:user'?s? |employee'?s? )?mailbox|\bdistribution (?:lists?|groups?)\b|\bmicrosoft 365 groups?\b|\bteams? (?:membership|owners?)\b|\bsharepoint (?:site|sites|library|permissions)\b|\bcalling polic\w+|\bmailbox (?:size|quota|rules? for)",
        hints=(
            "shared mailbox",
            "distribution",
            "365 group",
            "team",
            "sharepoint",
            "calling polic",
            "mailbox",
            "forwarding",
            "quota",
            "limit",
        ),
    ),
    rule(C.NETWORK_DEVICE, _ROUTER_VERBS, _ROUTER, hints=("router", "modem", "hub")),
    rule(
        C.NETWORK_DEVICE,
        _ROUTER_VERBS + "|" + verbs("restart", "reboot", "power cycle", "power-cycle", "unplug", "pull", "turn off"),
        _SITE_GEAR,
        hints=("access point", "ap ", "aps ", "ap'", "poe", "appliance", "gateway", "switch", "patch panel", "comms"),
    ),
    rule(
        C.NETWORK_DEVICE,
        ANY,
        r"\bfirmware\b(?=[^.;]*\b(?:router|switch|firewall|access point|gateway|controller|mx|ap)\b)",
        hints=("firmware",),
    ),
    rule(
        C.NETWORK_DEVICE,
        INHERENT,
        _NETDEV_PAGES,
        hints=_NETDEV_VENDOR_HINTS,
    ),
    # ── the wide lexicon, fail closed: any acting clause that names one of these is refused ──
    rule(
        C.NETWORK_DEVICE,
        ANY,
        r"\bcisco\b(?! (?:webex|anyconnect|secure client|jabber|ip phone|phone|headset))|\bfortiswitch\b|\bfortiap\b"
        r"|\bforticloud\b|\bfortimanager\b|\bfirebox\b|\bpan-os\b|\bpanorama\b|\brouteros\b|\bwinbox\b|\bvigor\b"
        r"|\bedgeswitch\b|\bengenius\b|\bpeplink\b|\bcradlepoint\b|\buntangle\b|\barista\b|\bprocurve\b|\bcambium\b"
        r"|\bvelocloud\b|\bsd-?wan\b|\bcatalyst\b|\bmeraki\b|\bsonic ?wall\b|\bforti ?gate\b|\bfortinet\b|\bpfsense\b"
        r"|\bopnsense\b|\bwatch ?guard\b|\bubiquiti\b|\bunifi\b|\bmikrotik\b|\bdraytek\b|\bzyxel\b|\bruckus\b|\baruba\b"
        r"|\bjuniper\b|\bpalo alto\b|\bsophos (?:xgs?|firewall|utm)\b|\bfirewall appliance\b|\bwireless controller\b",
        hints=(
            "cisco",
            "forti",
            "firebox",
            "pan-os",
            "panorama",
            "routeros",
            "winbox",
            "vigor",
            "edgeswitch",
            "engenius",
            "peplink",
            "cradlepoint",
            "untangle",
            "arista",
            "procurve",
            "cambium",
            "velocloud",
            "wan",
            "catalyst",
            "meraki",
            "sonic",
            "pfsense",
            "opnsense",
            "watch",
            "ubiquiti",
            "unifi",
            "mikrotik",
            "draytek",
            "zyxel",
            "ruckus",
            "aruba",
            "juniper",
            "palo alto",
            "sophos",
            "appliance",
            "wireless controller",
        ),
    ),
    rule(
        C.NETWORK_DEVICE,
        GUARDED,
        r"\b(?:wireless )?access points?\b|\bswitch ?ports?\b|(?<!its )(?<!power )\b(?:network|office|managed|poe|core|edge|main|rack)"
        r" switch(?:es)?\b"
        r"|\bvpn (?:appliance|gateway|concentrator|server|tunnel|users?|accounts?|settings|config\w*|polic\w+|rules?)\b"
        r"|\b(?:office|company|business|site|branch|the customer'?s|the client'?s|edge|perimeter) (?:firewall|router|gateway)\b"
        r"|\bfirewall'?s (?:admin|web|settings|rules|config\w*|firmware|interface)\b"
        # the office's gear by where it stands: "the router in the comms cupboard", "the switch in the server room"
        r"|\b(?:router|modem|firewall|gateway|switch)(?:es)?\s+(?:in|inside|at|on)\s+(?:the\s+)?(?:comms|server|network|data"
        r"|wiring|it|patch|equipment|telecoms?)\s+(?:cupboard|room|cabinet|closet|rack|cupboard's)\b"
        # a device's own pages, named or pointed back at: "reboot the router from its web page"
        r"|\b(?:router|modem|gateway|firewall|switch|access point)\b[^.;]{0,60}?\b(?:its|the device'?s) (?:own )?(?:web (?:page"
        r"|ui|interface|console|gui|portal)|admin (?:page|panel|interface|portal|console|login)|management (?:page|interface)"
        r"|settings page|login page)\b"
        r"|\b(?:router|modem|gateway|firewall|switch|access point)'?s? (?:own )?(?:web (?:page|ui|interface|console|gui|portal)"
        r"|admin (?:page|panel|interface|portal|console|login)|management (?:page|interface)|settings page|login page)\b",
        hints=("access point", "switch", "vpn", "firewall", "router", "gateway", "modem"),
    ),
    rule(
        C.SERVER_CONFIG,
        INHERENT,
        r"\bidrac\b|\bilo\b|\bipmi\b|\bout-of-band\b|\bvsphere\b|\bxenserver\b|\bxcp-ng\b|\bnutanix\b|\btruenas\b"
        r"|\bunraid\b|\bnetapp\b|\bwindows server\b|\bserver 20(?:08|12|16|19|22|25)\b|\bexchange server\b"
        r"|\b(?:microsoft|office|m) ?365 admin\b|\bgoogle (?:workspace )?admin\b|\badmin console\b|\baws (?:console|portal)\b"
        r"|\bentra admin\b|\bazure (?:portal|admin)\b|\bintune\b|\bendpoint manager\b|\bexchange (?:admin|online\b(?!\s+(?:problems?|issues?|outages?|incidents?|advisor\w*|is (?:down|up|degraded|healthy|working)|status|health|service health|is having))|management)\b"
        r"|\bmanagement (?:console|portal)\b|\bphone system\b|\bpbx\b|\b3cx\b(?!\s+(?:desktop |mobile |web |windows |iphone |android )?(?:app|client|softphone))|\bworkspace (?:settings|admin\w*)\b"
        r"|\bcloudflare\b|\bcpanel\b|\bplesk\b|\bwp-admin\b|\bwordpress (?:admin|dashboard)\b",
        hints=(
            "idrac",
            "cloudflare",
            "management",
            "phone system",
            "pbx",
            "3cx",
            "workspace",
            "cpanel",
            "plesk",
            "wp-admin",
            "wordpress",
            "ilo",
            "ipmi",
            "out-of-band",
            "vsphere",
            "xenserver",
            "xcp",
            "nutanix",
            "truenas",
            "unraid",
            "netapp",
            "server",
            "365 admin",
            "google",
            "admin console",
            "aws",
            "entra",
            "azure",
            "intune",
            "endpoint manager",
            "exchange",
        ),
    ),
    rule(
        C.SECURITY_SOFTWARE,
        GUARDED,
        r"\banti-?virus\b|\banti-?malware\b|\bdefender\b|\bwindows security\b|\bedr\b|\bxdr\b|\bmdr\b|\bav\b"
        r"|\bendpoint (?:protection|security|agent)\b|\bfirewall\b|\breal-?time (?:protection|scanning)\b"
        r"|\btamper protection\b|\bexclusions?\b|\bquarantin\w*|\bsmartscreen\b|\bcontrolled folder access\b"
        r"|\bsecurity (?:software|agent|suite|app|product|sensor)\b|\bthreat protection\b|\bprotection history\b"
        r"|\bsentinel ?one\b|\bcrowdstrike\b|\bfalcon\b|\bsophos\b|\bwebroot\b|\bbitdefender\b|\bgravityzone\b"
        r"|\bmalwarebytes\b|\bmcafee\b|\bnorton\b|\beset\b|\bhuntress\b|\bcylance\b|\btrend micro\b|\bcarbon black\b"
        r"|\bthreatlocker\b|\bsymantec\b|\bkaspersky\b|\bavast\b|\bavg\b|\bvipre\b|\bsophos intercept\b|\bblackpoint\b"
        r"|\bcisco umbrella\b|\bumbrella\b|\bzscaler\b|\bdnsfilter\b|\bwebtitan\b|\bmimecast\b|\bproofpoint\b"
        r"|\b(?:web|application|app|device|peripheral) control\b|\bplay protect\b|\bgatekeeper\b|\bxprotect\b"
        # the security products' own processes, as Task Manager lists them: ending one switches the protection off
        r"|\b" + _SECURITY_PROCESS + r"\b"
        # Bitdefender's Shield, Avast's and AVG's Core/File/Web Shields: the product's real-time protection
        r"|\b(?:core |file |web |mail |behaviou?r |ransomware )?shields?\b(?! icon)",
        hints=_SECURITY_VENDOR_HINTS
        + (
            "virus",
            "malware",
            "defender",
            "windows security",
            "edr",
            "xdr",
            "mdr",
            "av",
            "endpoint",
            "firewall",
            "real-time",
            "realtime",
            "tamper",
            "exclusion",
            "quarantin",
            "smartscreen",
            "controlled folder",
            "security",
            "threat",
            "protection history",
            "blackpoint",
            "dnsfilter",
            "play protect",
            "gatekeeper",
            "xprotect",
            "control",
            "shield",
            "msmpeng",
            "nissrv",
            "mssense",
            "sensecncproxy",
            "securityhealthservice",
            "csfalcon",
            "sentinelagent",
            "sentinelservicehost",
            "sentinelstaticengine",
            "ekrn",
            "egui",
            "mbam",
            "wrsa",
            "mcshield",
            "mfemms",
            "savservice",
            "sophoshealth",
            "bdagent",
            "bdservicehost",
            "vsserv",
            "avp",
            "avgsvc",
            "avastsvc",
            "ccsvchst",
            "ntrtscan",
        ),
    ),
    rule(
        C.SECURITY_SOFTWARE,
        INHERENT,
        r"\b(?:malwarebytes|sophos|eset|webroot|bitdefender|huntress|sentinel ?one|crowdstrike|defender|threatlocker"
        r"|gravityzone|cylance|trend micro|mimecast|proofpoint|avast|norton|mcafee|vipre|blackpoint|falcon)"
        r" (?:console|portal|dashboard|cloud console|central|nebula|management console|admin\w*|web console)\b"
        r"|\bsecurity\.microsoft\.com\b|\bsophos central\b",
        hints=("console", "portal", "dashboard", "central", "nebula", "admin", "security.microsoft"),
    ),
    rule(
        C.NETWORK_DEVICE,
        ANY,
        r"\bfw\b|\bnetgear (?:prosafe|business|insight|managed|smart|m4\d*)\b|\bprosafe\b|\btp-?link (?:omada|jetstream|managed)\b"
        r"|\bjetstream\b|\bd-?link (?:business|managed|smart)\b|\bofficeconnect\b|\bpowerconnect\b|\blinksys business\b"
        r"|\b(?:\d+-port|managed|unmanaged|poe\+?|gigabit|smart|l[23]|stacked|stack|rack-?mounted|edge|distribution) switch(?:es)?\b",
        hints=("fw", "netgear", "prosafe", "link", "jetstream", "officeconnect", "powerconnect", "linksys", "switch"),
    ),
    rule(
        C.NETWORK_DEVICE,
        GUARDED,
        r"(?<![-/])\bports? \d{2,5}\b|\b(?:tcp|udp)[ /:]?\d{2,5}\b|\bopen (?:up )?\d{2,5}\b|\binbound (?:rule|traffic|access|connections?)\b",
        hints=("port", "tcp", "udp", "open", "inbound"),
    ),
    rule(
        C.NETWORK_DEVICE,
        GUARDED,
        r"\b(?:wi-?fi |wireless |ap |radio )?channels? (?:\d+|width)\b|\bap (?:channel|power|radio|settings)\b"
        r"|(?<!domain )(?<!game )(?<!xbox )(?<!playstation )(?<!usb )(?<!raid )(?<!disk )(?<!storage )\bcontroller\b"
        r"|\btransmit power\b|\bband steering\b|\broaming (?:settings|threshold)\b",
        hints=("channel", "ap ", "controller", "transmit power", "band steering", "roaming"),
    ),
    rule(
        C.SECURITY_SOFTWARE,
        GUARDED,
        r"\bfalse positives?\b|\bdetections?\b|\bthreats? (?:found|detected|list)\b",
        hints=("false positive", "detection", "threat"),
    ),
    rule(
        C.SERVER_CONFIG,
        GUARDED,
        r"\b(?:rdp|mstsc|ssh)\b(?! (?:to|into|onto) (?:the user'?s|their|his|her) (?:own )?(?:pc|laptop|computer|desktop))"
        r"|\bopen file(?:s| locks?| handles?)\b|\bfile locks?\b|\bsmb (?:shares?|service|settings)\b|\bsamba\b",
        hints=("rdp", "mstsc", "ssh", "open file", "file lock", "smb", "samba"),
    ),
)
