"""Protected objects of identity and accounts: credentials and MFA; domain, Group Policy, AD, DNS and DHCP; billing and licences.

Each class: the commands and tools that are the action themselves (``COMMANDS``) and the objects
judged by the clause that names them (``OBJECTS``, including the wide ``GUARDED`` lexicon).
docs/safety.md says what each class covers.
"""

from __future__ import annotations

from bot.ai.floor.verbs import CHANGE, COMMAND, GUARDED, INHERENT, PHRASAL, SAID_BACK, C, rule, verbs

_CRED = (
    r"(?:(?:the user'?s|their|his|her|someone'?s|somebody'?s|another (?:user|person)'?s|the (?:\w+ )?(?:account|mailbox)'?s"
    r"|the \w+'s|[a-z]+'s|colleague'?s|the customer'?s|the caller'?s|this user'?s|the owner'?s|the manager'?s)\s+"
    r"(?:[\w@.-]+\s+){0,2}(?:password|passcode|pin|credentials|login|sign-in details|login details|passphrase)"
    r"|(?:password|passcode|credentials|pin)\s+(?:of|for|on|to)\s+(?:the|a|an|his|her|their|that|this|another|every|all)?\s*"
    r"(?:[\w@.-]+\s+){0,2}(?:user|account|mailbox|person|employee|manager|staff|colleague|caller|customer|starter|team"
    r"|them|him|her|app|service|scanner|copier|admin|domain|tenant|wi-fi|wifi|router)"
    r"|(?:temporary|temp|default|initial) password|sign-in details|login details"
    r"|(?<=reset )(?:the|a) (?:\w+ )?password|(?<=change )(?:the|a) (?:\w+ )?password|(?<=set )(?:the|a) (?:\w+ )?password"
    r"|passwords? (?:for|of|on) [\w.-]+@[\w.-]+|[\w.-]+@[\w.-]+'?s? password)"
)

# "write down the code shown (for example 0x80070005)": the error's code on the screen, no secret
_NOT_AN_ERROR_CODE = (
    r"(?!\s+(?:shown|displayed|it shows|on (?:the )?screen|in the (?:error|message|dialog|pop-?up|window))\b"
    r"|\s*\(?(?:for example|e\.g\.|eg|like|such as)?,?\s*0x[0-9a-f]{4,})"
)

_MFA = (
    r"(?:mfa|multi-?factor(?: authentication)?|2fa|two-?factor(?: authentication)?|2-step(?: verification)?"
    r"|two-step(?: verification)?|authentication methods?|authentication factors?|mfa (?:methods?|factors?|devices?)"
    r"|sign-in methods?|security info|authenticator(?: app)?|conditional access|okta (?:mfa|factors?|verify)"
    r"|registered (?:mfa )?(?:methods?|devices?|phones?)|hardware tokens?|security keys?|passkeys?|duo|security defaults"
    r"|per-user mfa)"
)

_LICENCE = (
    r"(?:licen[cs]es?|licen[cs]ing|(?<!calendar )(?<!ical )(?<!feed )subscriptions?|(?<!re-)(?<!re)\bseats?\b|\bplans?\b|invoices?|billing|payment(?: method| details)?"
    r"|credit card|(?:the )?customer'?s card|company card|purchase orders?|product keys?|licen[cs]e keys?|volume licen[cs]e"
    r"|\bkms\b|activations?|activate|icloud storage|storage plan|\btrial\b|auto-?renew\w*|renewal|business (?:standard"
    r"|premium|basic)|\be[1357]\b|\bf[13]\b|apps for business|apps for enterprise|pro plan|ssl certificate purchase"
    r"|overdue|dollars|per month|a month|\$\d+|credits?|prepaid|balance|extra storage|more storage|storage upgrade|refunds?"
    r"|quotes?|pricing|(?<!toolbar )(?<!browser )(?<!extension )add-ons?(?! and themes| manager| page| from (?:firefox|chrome|edge))|paid (?:version|plan|tier|account)|premium (?:version|plan|tier|account)|pro version"
    r"|tiers?|editions?|domain names?|domain renewal)"
)

_LICENCE_VERBS = verbs(
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
    # a printer's own address, typed into Add Printer to reach it, is no network setting: "add the copier by IP"
    r"|(?<!printer's )(?<!copier's )(?<!scanner's )(?<!printer )(?<!copier )(?<!printer by )(?<!copier by )"
    r"(?:ip address(?:es)?|\bip\b(?! (?:phone|camera|tab)))|ipv4 (?:settings|address|properties)|ipv6|ip settings|default gateway|\bgateway\b|subnet(?: mask)?"
    r"|static ip|fixed ip|static (?:ip )?address\w*|fixed (?:ip )?address\w*|manual ip|dhcp(?: scopes?| reservations?| server| options?| leases?)?|(?:the\s+|a\s+|ad\s+|azure ad\s+"
    r"|entra\s+|windows\s+)?domain\b|workgroup|group polic(?:y|ies)(?: objects?| settings?)?|\bgpos?\b|active directory"
    r"|\bad (?:user|users|group|groups|account|accounts|object|attributes?|ou)|\bou\b|organi[sz]ational units?"
    r"|security groups?|logon scripts?|login scripts?|hosts file|proxy settings|wins\b|azure ad|entra(?: id)?|\baad\b"
    r"|work or school(?: account)?|work accounts?(?=\s+(?:from|on) (?:this|the|their|your|the user'?s) (?:pc|laptop|computer|device|windows))|lease time|adapter (?:settings|properties)|network adapter settings|tcp/ipv?[46]?)"
)

_DNS_VERBS = (
    verbs(
        "change", "set", "edit", "modify", "update", "configure", "point", "switch", "replace", "enter", "type",
        "add", "put", "remove", "delete", "join", "rejoin", "unjoin", "leave", "move", "take", "create", "assign",
        "give", "turn on", "enable", "disable", "reserve", "override", "hard-code", "hardcode", "fix",
        "register", "link", "unlink", "apply", "push", "use", "disconnect", "increase", "decrease",
        "extend", "shorten", "unenroll", "enroll", "block", "unblock", "delete",
    )
    + "|"
    + PHRASAL
)  # fmt: skip

# A printer's own address: typed into Add Printer it reaches the printer; changed or fixed it is network setup.
_PRINTER_IP_VERBS = verbs(
    "change", "set", "assign", "give", "reserve", "update", "edit", "modify", "configure", "fix", "hard-code",
    "hardcode", "make", "put", "switch", "move", "reconfigure", "replace",
)  # fmt: skip

# Commands and tools that are the forbidden action themselves, in any mode.
COMMANDS = (
    rule(
        C.DNS_DHCP_DOMAIN,
        COMMAND,
        # "rejoin it to contoso.local": an Active Directory domain named by its DNS name
        r"\b(?:re-?)?join\w*\s+(?:[\w'-]+\s+){0,3}?(?:to|into)\s+(?:the\s+)?[\w-]+\.(?:local|lan|corp|internal|ad|int|domain)\b",
        hints=("join",),
    ),
    rule(
        C.BILLING_LICENSING,
        COMMAND,
        # "bump the user's Zoom account up to Pro": a paid plan
        r"\b(?:bump|upgrad|move|moving|switch|put|take|taking)\w*\s+(?:[\w'-]+\s+){0,4}?(?:up\s+)?(?:to|onto)\s+(?:the\s+|a\s+)?"
        r"(?:pro|business|premium|enterprise|plus|team|teams|e3|e5|f3|business (?:standard|premium)|paid)(?:\s+(?:plan|tier"
        r"|licen[cs]e|edition|subscription|account))?(?![\w-])(?!\s+(?:folder|channel|site|chat|meeting|tab))",
        hints=("to ", "onto"),
    ),
    rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        r"\b(?:set|unlock|disable|enable|new|remove)-ad(?:account\w*|user)\b|\b(?:set|update|reset)-(?:msol|mg|azuread)user\w*"
        r"|\bnet\s+user\b|\bcontrol\s+userpasswords2?\b|\blusrmgr(?:\.msc)?\b|\bnetplwiz\b|\btemporary access pass\b"
        r"|\bmust change (?:password )?at next (?:logon|login|sign-in)|\bpassword never expires\b|\buser must change password\b"
        r"|\bchange (?:it|the password) at next (?:logon|login)",
        hints=(
            "-ad",
            "msol",
            "-mg",
            "azuread",
            "net user",
            "userpasswords",
            "lusrmgr",
            "netplwiz",
            "temporary access",
            "must change",
            "never expires",
            "at next",
        ),
    ),
    rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        r"(?:^|[.;:,?]\s*|\b(?:and|then|please|(?<!knows )(?<!know )(?<!knew )to|you|we|just|now|go|can you|could you|could|can|should"
        r"|might|may|would)\s+)"
        r"(?:ask|request)\w*\s+"
        # whoever is asked: "the user's colleague", "a coworker", "Tom's assistant", "someone in accounts"
        r"(?:(?:the|a|an|their|his|her|your|our)\s+(?:[\w'-]+\s+){1,3}?|[a-z]+'s\s+(?:[\w-]+\s+){0,2}?|them\s+|him\s+"
        r"|her\s+|(?:someone|somebody|anyone)\s+(?:[\w-]+\s+){0,3}?)?"
        r"(?:for|to (?:tell|give|read|send|share|spell|say|dictate)(?: you| me)?(?: out)?)\s+(?:their|his|her|the|a|your"
        r"|(?:(?:mr|mrs|ms|miss|dr|prof)\.?\s+)?[a-z]+'s)\s+"
        r"(?:[\w'-]+\s+){0,2}(?:passwords?|passcodes?|(?:mfa|verification|one-time|authenticator|otp|6-digit|six-digit|sms|2fa"
        r"|sign-in|login|text) codes?|pin|credentials|login(?!\s+(?:name|email|address|page|screen|url|id|username|problem"
        r"|issue|error|prompt|loop))|sign-in details)\b"
        # "ask the office manager what password she uses": asking for the password itself
        r"|\b(?:ask|find out from)\w*\s+(?:the\s+(?:[\w-]+\s+){1,2}?|them\s+|him\s+|her\s+)?(?:what|which)\s+(?:[\w-]+\s+)?"
        r"(?:passwords?|passcodes?|pin)\s+(?:she|he|they|it|the\s+\w+|(?:(?:mr|mrs|ms|miss|dr|prof)\.?\s+)?[a-z]+)\s+"
        r"(?:\w+\s+){0,3}?(?:uses?|used|has|had|types?|typed|sets?|chose"
        r"|signs?|logs?|enters?|puts? in|knows?)\b"
        # "ask the office manager what Dave's Windows password is": the password itself, asked of a third party
        r"|\b(?:ask|find out from|check with)\w*\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:what|which)\s+(?:[\w'-]+\s+){0,3}?"
        r"(?:passwords?|passcodes?|pin|login)\s+(?:is|was|are|were)\b"
        r"|\b(?:get|obtain|collect|take|pull|fetch|grab|retrieve|look up|reveal|show|export|copy|view|find out|note down"
        r"|write down)\w*\s+(?:the\s+|all\s+)?(?:user'?s|customer'?s|caller'?s|their|his|her|someone'?s|[a-z]+'s|saved)"
        r"\s+(?:saved\s+)?(?:[\w-]+\s+)?(?:passwords?|passcodes?|pin|credentials|codes?)\b(?!\s+(?:has expired|is wrong|prompt|expiry))"
        r"|\b(?:export|reveal|show)\w*\s+(?:the\s+)?(?:saved\s+)?passwords?"
        # "sign in with the password from the onboarding sheet": someone else's credential, taken from a document
        r"|\b(?:passwords?|credentials|login details|sign-in details)\s+(?:from|on|in|listed (?:in|on)|written (?:in|on)"
        r"|kept (?:in|on))\s+(?:the\s+|our\s+|their\s+|a\s+|his\s+|her\s+)?(?:[\w'-]+\s+){0,2}?(?:sheet|spreadsheet"
        r"|document\w*|docs|it ?glue|hudu|vault|password manager|keeper|printout|handover|sticky(?: note)?|post-it)\b"
        r"|\bkey\s*=\s*clear\b"
        # "What's the QuickBooks admin password? The owner should know it": asking for it, as a question
        r"|\bwhat(?:'s| is| was)\s+(?:the|their|his|her|your|[a-z]+'s)\s+(?!(?:[\w-]+\s+){0,2}?(?:wi-?fi|wireless|network|guest)\b)"
        r"(?:[\w-]+\s+){0,3}?(?:password|passcode|pin|login)(?:\s+for\s+[\w' .-]{1,30}?)?\s*\?",
        hints=("password", "passcode", "code", "pin", "credential", "login", "sign-in", "key"),
    ),
    rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        # "with their own email and password": "email" after a possessive is the address, not a verb
        r"(?<!own )(?<!their )(?<!his )(?<!her )(?<!your )(?<!my )(?<!work )"
        # "let them type their own password at the Teams sign-in box": their own password where they sign in
        r"\b(?!pop\w*\s+up\b)"  # "if the Mac pops up a password prompt": the screen asks, nobody discloses
        r"(?!(?:type|enter|put|pop)\w*\s+(?:in\s+)?(?:their|his|her) own (?:[\w-]+ ){0,2}?(?:password|passcode|pin|code)\s+"
        r"(?:at|in|into|on) (?:the |their |his |her )?(?:[\w-]+ )?(?:sign-in|login|password|lock) ?(?:box|screen|prompt|page|field"
        r"|window))"
        r"(?:read|tell|give|send|share|spell|text|email|write|pop|put|paste|type|say|dictate)\w*\s+(?:(?:it|them|out|back"
        r"|over|you|me|us|the technician|the engineer|the user|the team)\s+)*(?:their|his|her|the|your|the user'?s"
        r"|the new|a new|the temp\w*|the saved|the admin|the wi-fi admin|the six-digit|the 6-digit|the one-time)?\s*"
        r"(?:[\w'-]+\s+){0,2}(?:password|passcode|pin(?! (?:prompt|screen|pad|field|box|entry|sign-in|login))|mfa code|verification code"
        r"|otps?|one-time (?:password|code|pin)s?"
        r"|(?<!error )(?<!stop )(?<!exit )(?<!status )(?<!product )(?<!qr )(?<!zip )(?<!event )(?<!fault )(?<!bug )(?<!session )(?<!support )(?<!connection )(?<!pairing )(?<!meeting )(?<!assist )(?<!teamviewer )(?<!anydesk )(?<!screenconnect )(?<!splashtop )codes?" + _NOT_AN_ERROR_CODE
        + r"|credentials|sign-in details"
        r"|login details)\b"
        # "have the pupil type the code from their own authenticator app into the Chromebook": their own code, own device
        r"(?![^.;]{0,40}\b(?:their|his|her) own\b[^.;]{0,40}\b(?:into|in|at|on) (?:the |their |his |her )?(?:[\w-]+ )?(?:chromebook|laptop|pc|computer"
        r"|phone|mac|ipad|tablet|sign-in (?:box|screen|prompt|page)|login (?:box|screen|prompt|page)|prompt|browser)\b)"
        r"(?![^.;]*\b(?:themselves|himself|herself)\b)"
        # "type the code into the sign-in page on their own laptop", "… from Okta Verify on their phone into the sign-in
        # page on their laptop"
        r"(?![^.;]{0,40}\binto (?:the )?(?:sign-in|login|log-in) (?:page|box|screen|prompt|window|field)\b[^.;]{0,40}"
        r"\b(?:their|his|her) (?:own\b|(?:laptop|pc|computer|mac|macbook|phone|tablet|ipad|chromebook|desktop)\b"
        r"(?![^.;]*\b(?:for (?:me|us)|so (?:you|we|i) can)\b)))"
        # worded to the user: "type the code from your authenticator app on your phone into the sign-in box on your laptop"
        r"(?!\s+from your (?:own )?(?:authenticator|phone|[\w-]+ app)\b[^.;]{0,40}?\binto (?:the |your )?(?:sign-in|login|log-in)"
        r" (?:page|box|screen|prompt|window|field)\b(?![^.;]*\b(?:for|to) (?:me|us)\b))"
        r"(?=[^.;]*\b(?:you|me|us|ticket|notes?|note|sticky|phone|email|chat|teams|caller|team|technician"
        r"|engineer|them|to (?:the )?user|monitor|paper|finish|sign in|log in|so you|aloud|out loud)\b)",
        hints=("password", "passcode", "code", "pin", "credential", "login", "sign-in", "otp"),
    ),
    rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        r"\b(?:read|tell|give|send|share|spell|text|email|message|say|dictate|forward)\w*\s+(?:out\s+)?(?:to\s+)?(?:you|me|us"
        r"|the technician|the engineer|the helpdesk)\b(?:(?!\b(?:which|whether|if|what|how|when)\b)[^.;]){0,40}\b(?:password|passcode|pin|credentials"
        r"|(?<!error )(?<!stop )(?<!exit )(?<!status )(?<!product )(?<!qr )(?<!zip )(?<!event )(?<!fault )(?<!bug )(?<!session )(?<!support )(?<!connection )(?<!pairing )(?<!meeting )(?<!assist )(?<!teamviewer )(?<!anydesk )(?<!screenconnect )(?<!splashtop )codes?" + _NOT_AN_ERROR_CODE + r")\b",
        hints=("password", "passcode", "code", "pin", "credential"),
    ),
    # "tell the user the office manager's password": someone else's password handed to anyone
    rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        r"\b(?:tell|give|gave|send|sent|text|email|read|share|hand|pass|write)(?:s|ed|ing)?\s+(?:the (?:user|customer|caller"
        r"|new starter)|them|him|her|me|us)\s+(?:the\s+)?(?:[\w-]+\s+)?[a-z]+'s\s+(?:[\w-]+\s+)?(?:password|passcode|pin|login"
        r"|credentials)\b",
        hints=("password", "passcode", "pin", "login", "credential"),
    ),
    rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        r"\b(?:give|issue|assign|send|email|text|generate|create|set|make|hand)\w*\s+(?:the user|them|him|her|the \w+|\w+)\s+"
        r"(?:a\s+)?(?:new|temporary|temp|fresh|one-time)\s+(?:password|pin|passcode)"
        r"|\b(?:approve|accept|confirm)\w*\s+(?:the\s+)?(?:mfa|sign-in|login|push|authenticator)\w*\s+(?:request|prompt"
        r"|notification)s?\s+(?:for|on behalf of)\b|\bon (?:their|the user'?s|his|her) behalf\b"
        r"|\b(?:scan|add|photograph|snap|register)\w*\s+(?:the\s+)?(?:user'?s|their|his|her|someone'?s|(?:your\s+)?[a-z]+'s)\s+"
        r"(?:[\w-]+\s+){0,3}?(?:qr codes?|setup codes?|secret keys?|mfa|authenticator)\b(?=[^.;]*\b(?:your|my|our)\b)"
        r"|\b(?:use|with|using)\s+(?:the\s+)?(?:user'?s|their|his|her|someone'?s|[a-z]+'s)\s+(?!own\b)(?:(?:saved|stored|remembered|cached)\s+)?(?:credentials|password|login)",
        hints=("password", "pin", "passcode", "behalf", "credential", "login", "qr", "setup code", "secret", "mfa",
               "authenticator"),
    ),
    rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        r"\b(?:sign|log)(?:s|ged|ging|ed|ing)?\s*(?:in|on)\w*\s+(?:to\s+(?:\S+\s+){1,4}?)?as\s+(?:the\s+)?(?:user|customer|them|him"
        r"|her)\b"
        r"|\b(?:with|using|from)\s+(?:the\s+|their\s+|a\s+)?(?:saved\s+|shared\s+)?password\s+(?:from|on|in|written|stored|kept)\b"
        r"(?!\s+(?:the\s+)?(?:[\w-]+\s+)?(?:card|sign|poster|sticker|label|board|back of the router)\b)",
        hints=(" as ", "password"),
    ),
    rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        # "click Show on the saved password", "the eye icon next to the stored password": the reveal as a button
        r"\b(?:show|reveal|unhide|unmask)\w*(?: password)?\"?\s+(?:on|for|next to|beside|against)\s+(?:the\s+|their\s+|that\s+)?"
        r"(?:saved\s+|stored\s+|remembered\s+)?(?:[\w'.-]+\s+){0,2}?(?:passwords?|credentials?|logins?|passcodes?)\b"
        r"|\beye icon\b[^.;]{0,30}\b(?:passwords?|credentials?)\b"
        r"|\b(?:keychain access|credential manager|windows credentials|password manager)\b[^.;]*\b(?:show|reveal|unhide)\b(?! (?:more|less|all|details)\b)"
        # a password or code named before, then said: "… and tell me what it is", "… have her read it out"
        r"|\b(?:passwords?|passcodes?|pins?|(?:mfa|verification|one-time|authenticator|sms|2fa|6-digit|six-digit|sign-in"
        r"|login) codes?)\b" + SAID_BACK + r"|"
        r"\bkeychain access\b[^.;]*\b(?:show|reveal|copy)\b|\bpassword (?:vault|manager)\b[^.;]*\b(?:send|share|give|tell|copy|pull)\b|\b(?:send|share|give|tell|pull)\w*\b[^.;]*\bfrom the (?:team'?s )?password (?:vault|manager)",
        hints=("keychain", "password vault", "password manager", "password", "credential", "passcode", "pin", "code",
               "eye icon", "login"),
    ),
    # "the saved password for the shared mailbox in Keychain Access should be changed to the new one the office manager
    # chose": a stored credential given a password someone chose is that password typed in by the technician (removing
    # the user's own saved entry stays the policy's exception)
    rule(
        C.CREDENTIALS_MFA,
        COMMAND,
        r"(?:\b(?:saved|stored|remembered|cached|keychain)\s+(?:[\w-]+\s+)?(?:passwords?|credentials?|logins?|passphrases?)\b"
        r"[^.;]{0,80}?\b(?:chang|updat|set|replac|edit|overwrit|swapp|switch)\w*\s+(?:it\s+|them\s+)?(?:to|with|for)\s+(?:the|a)\s+"
        r"(?:[\w'-]+\s+){0,2}?(?:new|temporary|temp|correct|current|updated|latest|shared)\b"
        r"|\b(?:change|update|set|replace|edit|overwrite|swap)\w*\s+(?:the\s+)?(?:[\w'@.-]+\s+){0,3}?(?:saved|stored|remembered"
        r"|cached|keychain)\s+(?:[\w-]+\s+)?(?:passwords?|credentials?|logins?|passphrases?)\b[^.;]{0,80}?\b(?:to|with)\s+"
        r"(?:the|a)\s+(?:[\w'-]+\s+){0,2}?(?:new|temporary|temp|correct|current|updated|latest|shared)\b)"
        r"(?![^.;]*\b(?:themselves|himself|herself|(?:they|she|he|the user) (?:just |already )?(?:chose|set|picked|made|created)))",
        hints=("saved", "stored", "remembered", "cached", "keychain"),
    ),
    rule(
        C.DNS_DHCP_DOMAIN,
        COMMAND,
        r"\bdnscmd\b|\bipconfig(?:\.exe)?\s+/\s*registerdns\b|\b(?:add|set|remove)-dns\w*\b|\bset-dnsclientserveraddress\b"
        r"|\b(?:dnsmgmt|dhcpmgmt|gpmc|gpedit|dsa|adsiedit|domain|dssite)\.msc\b|\bgpedit\b|\bgpmc\b|\baduc\b"
        r"|\bactive directory users and computers\b|\bgroup policy (?:management|editor|object editor)\b"
        r"|\bnetsh(?:\.exe)?\s+(?:dhcp|int(?:erface)?\s+(?:ip|ipv4|ipv6)\s+(?:set|add|delete)\b)"
        r"|\bstatic ip\b|\buse the following (?:ip|dns)\b|\b(?:add|remove)-computer\b"
        r"|\breset-computermachinepassword\b|\btest-computersecurechannel\b|\bnltest\b|\bnetdom\b|\bdsregcmd\s+/(?:leave|join"
        r"|forcerecovery|debug)\b|\bsysdm\.cpl\b|\bncpa\.cpl\b[^.;]*\b(?:properties|ipv4|dns)\b|\bregistrar\b"
        r"|\bnetworksetup\s+-set\w+|\b(?:unjoin|disjoin|rejoin|re-join)\b[^.;]*\bdomain\b|\bdomain\s+(?:join|unjoin)\b"
        r"|\b(?:re-?)?join\w*\s+(?:it|the \w+|them|the laptop|the pc)\s+(?:back\s+)?(?:to|into|on)\s+(?:the\s+)?(?:ad|domain|azure ad|entra)\b"
        r"|\bmove [\w' -]{0,30}?to (?:a|the) workgroup\b",
        hints=(
            "dns",
            "ipconfig",
            "msc",
            "gpedit",
            "gpmc",
            "aduc",
            "active directory",
            "group policy",
            "netsh",
            "hosts",
            "static ip",
            "following",
            "-computer",
            "machinepassword",
            "securechannel",
            "nltest",
            "netdom",
            "dsregcmd",
            "sysdm",
            "ncpa",
            "registrar",
            "networksetup",
            "join",
            "domain",
            "workgroup",
        ),
    ),
    rule(
        C.BILLING_LICENSING,
        COMMAND,
        # "slmgr /xpr", "ospp.vbs /dstatus" only print the activation state
        r"\bslmgr(?:\.vbs)?\b(?!\s+[/-](?:xpr|dli|dlv)\b)|\bospp\.vbs\b(?!\"?\s+/dstatus(?:all)?\b)|\bchange (?:the\s+)?(?:product key|edition)\b"
        # "Rearm the Office grace period with ospprearm.exe": resetting activation's clock
        r"|\bospprearm(?:\.exe)?\b|\brearm\w*\b|\b(?:reset|extend|restart)\w*\s+(?:the\s+)?(?:[\w-]+\s+)?(?:activation\s+)?grace period\b"
        # "go through checkout with the company card", "complete the purchase": the purchase itself
        r"|\b(?:go\w* through|complet\w*|finish\w*|plac\w*|submit\w*)\s+(?:the\s+|their\s+)?(?:[\w-]+\s+)?(?:checkout|purchase|order"
        r"|payment)\b(?!\s+(?:status|history|confirmation|number|page|email))",
        hints=("slmgr", "ospp", "rearm", "grace period", "product key", "edition", "checkout", "purchase", "order", "payment"),
    ),
)

# Objects judged by the clause's mode and its actions.
OBJECTS = (
    rule(
        C.DNS_DHCP_DOMAIN,
        INHERENT,
        r"\bdhcp (?:console|manager|management(?: console)?|snap-in)\b|\bdhcpmgmt(?:\.msc)?\b|\bdnsmgmt(?:\.msc)?\b"
        r"|\bdns manager\b|\bdns (?:management )?console\b",
        hints=("dhcp", "dns"),
    ),
    rule(
        C.CREDENTIALS_MFA,
        CHANGE,
        _CRED,
        hints=("password", "passcode", "pin", "credential", "login", "sign-in", "passphrase"),
    ),
    rule(
        C.CREDENTIALS_MFA,
        verbs(
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
        + PHRASAL,
        _MFA,
        hints=(
            "security default",
            "per-user",
            "mfa",
            "factor",
            "2fa",
            "2-step",
            "two-step",
            "authenticat",
            "sign-in method",
            "security info",
            "conditional access",
            "okta",
            "registered",
            "token",
            "security key",
            "passkey",
            "duo",
        ),
    ),
    rule(
        C.CREDENTIALS_MFA,
        r"(?:(?:log|sign)\w*\s*(?:in|on)(?:to)?(?:\s+to)?|get\w* into)(?=\s+(?:the user'?s|their|his|her|the customer'?s"
        r"|the caller'?s|someone'?s|(?:your |a |my |our )?[a-z]+'s)\s)",
        r"(?:the user'?s|their|his|her|the customer'?s|the caller'?s|someone'?s|(?:your |a |my |our )?[a-z]+'s) (?:[\w-]+ ){0,2}?(?:account|mailbox|e-?mail"
        r"|gmail|inbox|webmail|microsoft 365|m365|office 365|onedrive|icloud|apple id|google account|portal)\b",
        hints=("account", "mailbox", "mail", "inbox", "365", "onedrive", "icloud", "apple id", "portal"),
        exact=True,
    ),
    rule(
        C.CREDENTIALS_MFA,
        verbs("unlock", "enable", "disable", "block", "unblock", "reset"),
        r"\b(?:the user'?s|their|his|her|the) (?:\w+ )?account\b(?!s?\s+(?:manager|team|department|dept|payable|receivable"
        r"|settings|more settings)|'s\b)|\bsign-in (?:status|block)|\bblock sign-in|\b(?:the user'?s|their|his|her) sign-ins?\b",
        hints=("account", "sign-in"),
        exact=True,  # an account's own settings in a mail app are not the account: only these verbs act on it
    ),
    rule(
        C.DNS_DHCP_DOMAIN,
        _PRINTER_IP_VERBS,
        r"(?:printer|copier|scanner)(?:'s)? (?:ip address(?:es)?|ip)|(?:ip address|ip) of the (?:printer|copier|scanner)",
        hints=("ip",),
        exact=True,
    ),
    rule(
        C.DNS_DHCP_DOMAIN,
        _DNS_VERBS,
        _DNS,
        hints=(
            "dns",
            "nameserver",
            "name server",
            "mx",
            "cname",
            "record",
            "ip",
            "gateway",
            "subnet",
            "dhcp",
            "domain",
            "workgroup",
            "group polic",
            "gpo",
            "active directory",
            "ad ",
            "ou",
            "organi",
            "security group",
            "script",
            "hosts",
            "proxy",
            "wins",
            "azure ad",
            "entra",
            "aad",
            "work or school",
            "work account",
            "lease",
            "adapter",
            "tcp",
            "static",
            "fixed",
            "manual",
        ),
    ),
    rule(
        C.BILLING_LICENSING,
        _LICENCE_VERBS,
        _LICENCE,
        hints=(
            "licen",
            "subscription",
            "seat",
            "plan",
            "invoice",
            "billing",
            "payment",
            "card",
            "purchase",
            "product key",
            "kms",
            "activat",
            "icloud",
            "trial",
            "renew",
            "business",
            "e1",
            "e3",
            "e5",
            "e7",
            "f1",
            "f3",
            "apps for",
            "ssl",
            "overdue",
            "dollar",
            "month",
            "$",
            "credit",
            "prepaid",
            "balance",
            "storage",
            "refund",
            "quote",
            "pricing",
            "add-on",
            "paid",
            "premium",
            "pro version",
            "tier",
            "edition",
        ),
    ),
    # ── the wide lexicon, fail closed: any acting clause that names one of these is refused ──
    rule(
        C.CREDENTIALS_MFA,
        GUARDED,
        r"\bmfa\b|\bmulti-?factor\b|\b2fa\b|\btwo-?factor\b|\b2-step\b|\btwo-step\b|\bauthenticator\b|\bsecurity info\b"
        r"|\b(?:sign-in|authentication|verification) methods?\b|\bconditional access\b|\bsecurity keys?\b|\bpasskeys?\b"
        r"|\bhardware tokens?\b|\byubikey\b|\bduo\b|\bokta verify\b|\btemporary access pass\b|\bwindows hello\b"
        r"|\bsign-in options\b|\bhello pin\b"
        # "Swap the SMS factor in the user's Okta profile": a sign-in factor is an MFA method
        r"|\b(?:sms|text|voice|call|push|phone|mobile|email|okta|second|2nd|auth\w*|verification|mfa) factors?\b"
        r"|(?<!the )(?<!a )(?<!your )(?<!my )(?<!same )(?<!correct )(?<!right )(?<!current )(?<!wi-fi )(?<!network )\bpasswords?\b"
        r"|\bpasscodes?\b|\bpassword (?:change|reset|expiry|expiration|polic(?:y|ies)|history)\b"
        r"|(?<!to )(?<!into )(?<!to the )(?<!into the )\b(?:active|sign-in|signed-in|user'?s?|their|his|her) sessions?\b"  # not "applies to the user's session"
        r"|\bpassphrases?\b|\bcredentials?\b(?!\s+(?:prompts?|pop-?ups?|windows?|dialog\w*|box(?:es)?))|\block(?:ed)? out\b|\blockout\b|\bsign-in (?:block|status|logs?)\b"
        r"|\bone-time (?:code|passcode|password)\b|\bverification codes?\b",
        hints=(
            "mfa",
            "factor",
            "2fa",
            "2-step",
            "two-step",
            "authenticator",
            "security info",
            "method",
            "conditional access",
            "security key",
            "passkey",
            "token",
            "yubikey",
            "duo",
            "okta",
            "temporary access",
            "hello",
            "sign-in option",
            "password",
            "passcode",
            "passphrase",
            "credential",
            "lock",
            "sign-in",
            "one-time",
            "verification",
            "session",
        ),
    ),
    rule(
        C.DNS_DHCP_DOMAIN,
        GUARDED,
        r"\bgpos?\b|\bgroup polic(?:y|ies)\b|\bgpedit\b|\bgpmc\b|\baduc\b|\bactive directory\b|\bdsa\.msc\b"
        r"|\borgani[sz]ational units?\b|\bous?\b|\bdns (?:servers?|records?|zones?|settings?|entries|entry|suffix\w*"
        r"|forwarders?|address\w*|manager|console|host)\b|\bdhcp\b|(?<!search )\bscopes?\b|\breservations?\b|\bhosts file\b"
        r"|\bstatic (?:ip|address)\w*|\bipv[46] (?:settings|properties|address)\b|\btcp/ipv?[46]?\b|\bdefault gateway\b"
        r"|\bsubnet(?: mask)?\b|\bdomain (?:join|controller|admins?|users?|groups?|policy|accounts?)\b|\bazure ad\b"
        r"|[\\/]drivers[\\/]etc[\\/]hosts\b|/etc/hosts\b"
        r"|\bentra(?: id)?\b|\baad\b|\bworkgroup\b|\bsecurity groups?\b|\b(?:a|aaaa|mx|cname|txt|spf|ptr|srv) records?\b"
        r"|\bnameservers?\b|\bdomain\b(?=[^.;]*\b(?:join|rejoin|leave|remove|disjoin|unjoin|add|move|kick|take|put|drop))",
        hints=(
            "gpo",
            "group polic",
            "gpedit",
            "gpmc",
            "aduc",
            "active directory",
            "dsa.msc",
            "organi",
            "ou",
            "dns",
            "dhcp",
            "scope",
            "reservation",
            "hosts",
            "static",
            "ipv",
            "tcp/ip",
            "gateway",
            "subnet",
            "domain",
            "azure ad",
            "entra",
            "aad",
            "workgroup",
            "security group",
            "record",
            "nameserver",
        ),
    ),
    rule(
        C.BILLING_LICENSING,
        GUARDED,
        r"(?:\b|(?<=_))licen[cs]\w*|(?<!calendar )(?<!ical )(?<!feed )(?<!newsletter )\bsubscri\w+|\bbilling\b|\bpayment (?:methods?|details|card|info\w*)\b|\b(?:card|billing|bank) details\b"
        r"|\bcredit card\b|\bproduct keys?\b|\b(?:mak|kms|activation|licen[cs]e|volume licen[cs]e) keys?\b|(?<!re-)(?<!re)\bseats?\b"
        r"|\b(?:pro|business|premium|enterprise|team|teams|plus|family|paid|annual|monthly|yearly|basic|standard|free"
        r"|starter|professional) (?:plan|tier|edition|version|subscription)s?\b|\bplans?\b|\btiers?\b"
        r"|\b(?:up|down)grad\w* (?:of )?(?:[\w'.-]+ ){0,4}?(?:from (?:[\w'.-]+ ){1,2})?to (?:the )?(?:[\w'.-]+ ){0,3}?(?:pro|business|premium|plus|teams|enterprise|standard"
        r"|professional|paid|team|family|annual|e[35]|business (?:basic|standard|premium))\b|\bactivat\w+ (?:windows|office)\b",
        hints=(
            "licen",
            "subscri",
            "billing",
            "invoice",
            "payment",
            "details",
            "credit card",
            "key",
            "seat",
            "plan",
            "tier",
            "edition",
            "version",
            "upgrad",
            "downgrad",
            "activat",
        ),
    ),
    rule(
        C.CREDENTIALS_MFA,
        GUARDED,
        r"\b(?:voicemail|phone|sim|card|door|alarm|admin|account|user'?s?|their|his|her|someone'?s|new|temporary|reset) pins?\b",
        hints=("pin",),
    ),
    rule(
        C.BILLING_LICENSING,
        GUARDED,
        r"\b(?:more|extra|additional) (?:[\w-]+ )?(?:storage|seats?|licen[cs]es?|credits?|minutes|users?)\b"
        r"|\b(?:buy|purchase|pay for|subscribe to|sign up for)\w*\b|\bpromo(?:tion(?:al)?)? codes?\b"
        # "the monitor order can be fixed by dragging the screens": an arrangement, not a purchase
        r"|(?<!monitor )(?<!monitors' )(?<!display )(?<!screen )(?<!sort )(?<!tab )(?<!column )(?<!alphabetical )"
        r"(?<!right )(?<!same )(?<!reverse )(?<!wrong )(?<!print )(?<!page )(?<!working )(?<!in )\border\w*\b"
        r"|\bcoupons?\b(?![\w -]{0,15}\b(?:extensions?|add-ons?|helper|finder|toolbar|pop-?ups?)\b)"
        r"|\bbilling\b|\bcheckout\b",
        hints=(
            "more",
            "extra",
            "additional",
            "buy",
            "purchas",
            "pay",
            "subscribe",
            "sign up",
            "order",
            "promo",
            "coupon",
            "billing",
            "checkout",
        ),
    ),
    rule(
        C.BILLING_LICENSING,
        GUARDED,
        r"\btrials?\b(?! and error)|\bbusiness (?:basic|standard|premium|starter|plus|pro)\b|\bsign\w* (?:[\w'-]+ ){1,3}?up\b"
        r"|(?<!toolbar )(?<!browser )(?<!extension )\badd-?ons?\b(?! and themes| manager| page| from (?:firefox|chrome|edge|the browser))"
        r"|\bcredits?\b(?! card)",
        hints=("trial", "business", "sign", "add-on", "addon", "add on", "credit"),
    ),
    rule(
        C.DNS_DHCP_DOMAIN,
        GUARDED,
        r"\b(?:in|from|to|into|on) (?:the )?ad\b|\b(?:computer|ad|user|group) objects?\b|\bdomain accounts?\b",
        hints=("ad", "object", "domain account"),
    ),
)
