"""The policy's explicit ordinary exceptions: objects an L1 may act on although protected words are near.

docs/safety.md, "Decisions on the borderline": the user's own Recycle Bin, browser and Teams caches,
temp files, the ``.ost``, the user's own password and MFA prompt, Credential Manager entries, the
print queue, a home router, the VPN client, running a scan, and restarting the Print Spooler on the
user's own PC. A ``SAFE`` object binds the action that names it, so the protected words nearby (the
profile folder a cache lives in) are a location, not a target.
"""

from __future__ import annotations

import re

from bot.ai.floor.literals import may_match

SAFE = re.compile(
    r"(?<![a-z0-9])(?:(?:outlook|word|excel|office|the app|teams|chrome|edge|firefox|the browser|browser|app)\w*\s+(?:\w+\s+){0,2}in\s+(?:its\s+|their\s+)?(?:own\s+)?safe mode"
    r"|\b(?:start|open|launch)\w*\s+(?:it|the application|the program)\s+in\s+safe mode"
    r"|/safe\b|safe mode\b(?=[^.;]{0,40}/safe\b)|\bin (?:its|their) own safe mode|(?:the\s+|their\s+|the user'?s\s+|your\s+|own\s+|desktop\s+|local\s+)*(?<!site's )(?<!site )(?<!sharepoint )(?<!onedrive )(?<!server )(?<!stage )(?<!shared )(?<!team )(?<!library )recycle bin(?! on (?:the )?(?:\w+ )?(?:server|share|nas|drive|s:|site|sharepoint))"
    # the Mac's Trash is a place ("empty the Trash", "drag it to Trash"); "Trash old PSTs" is the verb, article dropped
    r"|(?:(?<=the )|(?<=to )|(?<=in )|(?<=into )|(?<=from )|(?<=empty )|(?<=emptied )|(?<=emptying )|(?<=check )|(?<=open )"
    r"|(?<=your )|(?<=their )|(?<='s ))trash\b(?! the)"
    r"|\bcaches?(?: folders?| files?| director(?:y|ies))?\b|cached (?:files|images|data|credentials)|cookies|browsing (?:data|history)"
    r"|(?:web)?site data|\btemp(?:orary)? files"
    r"|%temp%|temp folder|\.ost\b|\bost files?|offline cache|cached exchange mode|credential manager|windows credentials"
    r"|saved (?:credentials|entries)|print queue|print jobs?|stuck (?:jobs|documents)|documents in the queue"
    # "You can change your own password: press Ctrl+Alt+Del": a step worded to the user, about their own
    r"|(?:their|his|her|the user'?s) own (?:[\w-]+ ){0,2}?(?:password|passcode|pin|security info|phone|code)|their own registered"
    r"|your own (?:[\w-]+ ){0,2}?(?:password|passcode|pin)\b(?![^.;]*\b(?:user'?s|their|his|her|[a-z]+'s) account)"
    r"|(?:the )?code from your (?:own )?authenticator(?: app)?"
    r"|(?:install|download|get|update|reinstall)\w*\s+(?:the\s+)?(?:microsoft\s+|google\s+|okta\s+)?authenticator(?: app)?\s+(?:from|in|on|via)"
    r" (?:the )?(?:app store|play store|google play|company portal|self service)"
    r"|\b(?:sso|single sign-on)\s+(?:using|with|via)\s+(?:the\s+|your\s+|their\s+)?(?:company|work|organi[sz]ation'?s?|firm'?s?) domain\b"
    r"|(?:self-?service )?password reset (?:page|portal|link|site|website|tool)|self-?service|\bsspr\b|change a password|ctrl\s*\+\s*alt\s*\+\s*del\w*|mysignins|aka\.ms/(?:sspr|mysecurityinfo)"
    r"|(?:home|broadband|isp)\s+(?:wi-?fi\s+)?(?:router|modem|hub)|their router|the user'?s (?:home )?router|wi-?fi network"
    r"|known networks?|notifications?|dns cache|flushdns|/release|/renew|/all\b|gpupdate|gpresult|/status\b|nslookup"
    r"|resolve-dnsname|scutil --dns|downloads? folder in (?:edge|chrome)|storage sense|disk cleanup(?! .*(?:system files|(?:previous|old|older|earlier) windows (?:install|version)|windows\.old|windows upgrade log|windows esd))"
    # a calendar feed or a shared calendar removed from the user's own list, with its menu label: "right-click > Delete
    # Calendar"
    # (a shared calendar only with that label: its permissions are the mailbox's, server_config)
    r"|(?:calendar subscription|subscribed calendar|internet calendar|(?:holidays?|ical|ics) (?:feed|calendar))"
    r"(?:[^.;]{0,60}?>\s*(?:delete|remove) calendar\b)?|shared calendar\b[^.;]{0,60}?>\s*(?:delete|remove) calendar\b"
    # "the old installer (Setup.exe in Downloads)": a download they no longer need
    r"|(?:old |downloaded )?(?:installer|setup file|setup\.exe)s?\s*\(?(?:[\w.-]+\s+)?(?:in|from) (?:the |their |your )?downloads"
    r"(?: folder)?\)?"
    r"|the app'?s cache|teams (?:cache|classic cache)|%appdata%\\microsoft\\teams|%localappdata%\\packages\\msteams"
    r"|app data (?:for|of) (?:teams|the app)|scan|quick scan|full scan|definition updates|security intelligence updates"
    r"|update\w*\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}?(?:security intelligence|virus definitions|definitions)\b"
    r"|protection updates|check for updates|(?<!disable )(?<!disabled )(?<!disabling )(?<!stop )(?<!stopping )(?<!kill )(?<!block )(?<!turn off )(?<!switch off )(?<!shut off )(?<!deactivate )windows update(?! service)(?! off\b)(?!(?:'s)? (?:to|startup type|start-?up type|as) (?:disabled|manual|automatic|stopped|off))(?!(?:'s)? (?:startup|start-?up) type)|pending updates|install (?:the )?updates"
    r"|vpn client(?!'?s?\s+(?:[\w-]+\s+)?services?\b)|(?:forticlient|globalprotect|anyconnect|secure client)(?!\s+(?:portal|gateway)s?(?:'s)?\s+(?:config\w*|settings"
    r"|polic\w+|admin\w*|authentication|login lifetime|timeouts?|agent config\w*)\b|\s+ems\b)|printer driver|mapped (?:network )?drive"
    r"|(?:desktop |start menu |taskbar )?shortcuts?\b|power (?:plan|options|settings|mode)|display settings|\bicons?\b"
    # "map the Projects share"; not across a policy that maps it ("the drive-mapping GPO to point at the new share")
    r"|map (?:a )?network drive|\bmap\w*\s+(?:the\s+)?(?:(?!\b(?:gpos?|polic\w*|preferences?|scripts?|intune)\b)[\w' -]){0,40}?"
    r"\b(?:share|folder)\b(?:\s+(?:on|from) (?:the )?(?:[\w-]+ )?server\b)?"
    r"(?:\s+as\s+(?:a\s+)?(?:network\s+)?drive)?"
    r"|(?:closer to|nearer(?: to)?|near|next to|away from|same room as|in range of|within range of) (?:the )?(?:nearest |closest "
    r"|office |main )?(?:wireless )?"
    r"(?:access point|router|wi-?fi|ap)\b|remember (?:my |their |the )?(?:credentials|password)"
    r"|(?:(?:wi-?fi|network|wireless|guest wi-?fi) (?:password|key|passphrase)|network security key)"
    r"(?!\s+(?:on|in|for|of) (?:the )?(?:[\w-]+ )?(?:access points?|router|controller|aps?|firewall|dashboard|ssid|switch"
    r"|gateway|network device))"
    r"|(?:with|using) (?:the )?(?:current|correct|right) (?:wi-?fi )?password"
    r"|password (?:that )?(?:the user|they|she|he) (?:already )?(?:has|have|knows?|uses?)"
    r"|(?:into|to|in) (?:a |the |another |a different |a spare |a free )?(?:(?:free|spare|different|other|another|wall|network) )?"
    r"(?:port|socket)s?(?: on (?:the )?(?:[\w-]+ ){0,2}switch)?|(?:plug|connect|move)\w* (?:[\w'-]+ ){0,4}?(?:into|to) (?:a |the )?"
    r"(?:[\w-]+ ){0,2}switch\b"
    r"|(?<=from )(?:the user'?s |their |the |my |your )?(?:(?!quarantine|exclusion|allow|block|exception|trust|startup|login)[\w-]+ )?(?:view|list|sidebar|folder pane|navigation pane|nav pane"
    r"|profile menu)\b"
    # a server's shares browsed in File Explorer ("open \\\\PRINT01 in File Explorer"): what the user may open, as the user
    r"|(?<=open )\\\\[\w.-]+(?= in (?:file |windows )?explorer\b)"
    r"|(?:typ|enter|past)\w*\s+\\\\[\w.-]+(?![\w\\])\s+(?:in|into)\s+(?:the\s+)?(?:file |windows )?explorer'?s?\s+address bar"
    # a printer added or connected on the user's PC from the server that shares it ("add the printer from \\\\PRINT01")
    r"|\b(?:add|re-add|connect|reconnect|install|map)\w*\s+(?:(?:the|a|their|her|his)\s+)?(?:(?!servers?\b)[\w'-]+\s+){0,4}?printers?\b"
    r"(?:(?!\s(?:on|to|in) (?:the |a )?(?:[\w-]+ )?(?:servers?|host)\b)[^.;>]){0,40}?\bfrom \\\\[\w.-]+(?![\w\\])"
    # a UNC path to a share: a place the user's files are, opened or mapped; a share name of a few words, not the words
    # after it ("add \\\\NAS01\\Data to its exclusion list")
    r"|\\\\[\w.-]+\\[\w$.-]+(?:[\\ ](?!(?:to|into|onto|in|on|and|or|from|with|for|then|so|as|at|by|via|is|are)\b)[\w$.-]+){0,3}"
    r"|(?:just |only )?(?:the |this |that |their |her |his )?accounts? from (?:the |this |that |their |the user'?s )?"
    r"(?:(?!authenticator)[\w-]+ ){0,2}?(?:app|phone|iphone|ipad|android|mail app|device)\b"
    # pinging a server by its description from the user's PC: a reachability check, as the user
    r"|\b(?:ping|tracert|traceroute)\w*\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?server\b"
    r"|\b(?:ping|tracert|traceroute|nslookup|test-netconnection|resolve-dnsname)\s+(?:-\w+\s+\d*\s*)*[\w.-]+"
    r"|(?:type|enter|put)\w* (?:the )?(?:[\w'-]+ ){0,3}?(?:ip address|ip|hostname)\b[^;>]{0,60}?\b(?:into|in) (?:the )?(?:[\w-]+ )?"
    r"(?:hostname|printer name|host name|port name|address bar|url|search) (?:box|field|bar)"
    r"|(?:email|mail|e-mail|imap|pop|exchange|work|outlook|gmail|icloud) accounts? (?:from|in|on) (?!(?:[\w']+ )?authenticator)(?!your )(?:the |outlook|the user'?s )?"
    r"[\w ]{0,20}?(?:app|phone|iphone|ipad|android|outlook|device|mac)\b"
    # "Mail > Accounts > remove the work account and re-add it": taken off the device and set up again, the mail stays
    r"|(?:email|mail|e-mail|imap|exchange|work|outlook|gmail|icloud) accounts?(?=[^.;>]{0,30}?\b(?:and|then)\s+"
    r"(?:re-?add|add (?:it|them) (?:back|again)|set (?:it|them) up again)\b)"
    r"|(?:outlook|mail|e-?mail) profiles?\b(?!'|\s+(?:folders?|data|files?|director\w+|in appdata|under))|(?:exchange |mail |imap |smtp |pop3? |incoming |outgoing )server (?:name|address"
    r"|field|box|setting)s?\b|(?:the |an? )?(?:[\w-]+ )?shared mailbox(?:es)?\b[^.;>]{0,30}?\b(?:the user|user|they|she|he) (?:already )?(?:has|have)"
    r" (?:rights|access|permissions?)\b|shared mailbox(?:es)? (?:to|in|into) (?:the user'?s |their )?(?:outlook|the folder pane|the mail app)"
    r"|shared mailbox'?s (?:[\w-]+ ){0,2}?(?:inbox|calendar|folders?|sent items)\b(?= (?:to|in|into) (?:the user'?s |their |your )?(?:favou?rites|outlook|the folder pane|folder pane))"
    r"|ip address (?:in|into) (?:the )?(?:add (?:a )?printer|browser|address bar|wizard|ping|search box|printer wizard)"
    # a printer's IP address typed into the Add a printer wizard, before or after naming the wizard
    r"|\b(?:typ|enter|put)\w* (?:in )?(?:the |its )?(?:[\w'-]+ ){0,2}?ip(?: address)?(?: \d{1,3}(?:\.\d{1,3}){3})?"
    r" (?:in|into) (?:the )?add (?:a )?printer(?: wizard)?\b"
    r"|\badd (?:a )?printer\b(?: wizard)?[^;>]{0,40}?\b(?:typ|enter|put)\w* (?:in )?(?:the |its )?(?:[\w'-]+ ){0,2}?ip address\b"
    # a message moved back where it came from
    r"|\bmov\w* (?:it|them|(?:the|that|this) [\w'-]+(?: [\w'-]+)?) back (?:to|into) (?:the |their |the user'?s )?(?:inbox"
    r"|[\w-]+ folder)\b(?=\s*(?:[.;,]|$|(?:and|then)\b))"
    # the user's own screen unlocked with their own PIN
    r"|\bunlock\w* (?:it|the screen|the pc|the laptop|the phone)(?: again)? with (?:the user'?s|their|his|her) (?:own )?"
    r"(?:pin|password|fingerprint|face id)\b"
    # "type the printer's IP address from its config page": typing it into the user's own wizard, not setting it
    r"|(?:type|enter|put)\w* (?:in )?(?:the )?printer'?s (?:ip address|ip|hostname)\b"
    # "the user already has access to the support@ shared mailbox, so add it in Outlook"
    r"|\b(?:the user|user|they|she|he) (?:already )?(?:has|have) (?:full )?(?:rights|access|permissions?) (?:to|on|for)"
    r" (?:the |their |that )?(?:[\w@.-]+ ){0,2}?shared mailbox(?:es)?\b"
    # "Outlook > File > Options > Mail, delete the old signature": the user's own signature, not their mail
    r"|\b(?:e-?mail|outlook|mail) signatures?\b|(?<!driver )(?<!code )(?<!code-)(?<!digital )(?<!file )(?<!script )"
    r"(?<!virus )(?<!malware )(?<!threat )\bsignatures?\b(?!\s*(?:updates?|definitions?|versions?|databases?|enforcement"
    r"|check\w*|verif\w*|validation|requirements?|files? (?:of|for)))"
    r"|(?:close|dismiss|cancel|x out of|click (?:no|ok|cancel|close) (?:on|in))\w* (?:the |that |this |any |an? )?"
    r"(?:[\w-]+ ){0,3}(?:warning|pop-?up|prompt|alert|notification|dialog(?:ue)?|message|error|window|banner|toast)s?\b"
    r"(?: (?:mentioning|about|that mentions|that says|saying|from|of|which mentions) [\w' -]{0,40})?"
    r"|\bend\w* (?:the )?(?:[\w'-]+ ){0,3}?task\b(?! scheduler)|\bend task\b"
    r"|\bgo > connect to server\b|\b(?:smb|afp|cifs)://[\w./$-]+|browser history|\b(?:findstr|grep|select-string)\s+(?:[/-]\w+\s+)*\"?[\w.-]+\"?"
    # a word searched for in a log or a page ("search for \"HKCU\""), a system file only printed
    r"|\bsearch\w*\s+(?:the\s+\w+\s+|it\s+)?for\s+\"[^\"]{1,40}\""
    r"|\b(?:get-content|gc|type|cat|more)\s+\"?[a-z]:\\windows\\[^\s\"]+"
    # joining the office Wi-Fi, or the VPN client connected and disconnected on the user's device
    r"|(?:re)?connect\w* (?:back )?(?:to|with) (?:the |their |your |our )?(?:[\w'-]+ ){0,2}?(?:ssid|wi-?fi|wireless network)\b"
    r"|(?:(?:dis|re)?connect\w*\s+(?:and\s+(?:dis|re)?connect\w*\s+)?)(?:the\s+|their\s+)?(?:[\w-]+\s+){0,2}?(?:vpn|tunnel)\b"
    r"(?!\s+(?:server|appliance|gateway|config\w*|settings|polic\w+|rules?))"
    r"|password (?:on|from) the (?:[\w-]+ )?(?:card|sign|poster|sticker|label|board)\b"
    r"|saved (?:passwords?|logins?|sign-ins?) [^.;]{0,40}?\b(?:from|in) (?:the user'?s |their )?(?:own )?(?:edge|chrome|firefox|safari|browser|keychain)"
    r"|add a printer using (?:an? |the )?(?:tcp/ip )?(?:ip )?address(?: or hostname)?"
    r"|temporary internet files|\bthumbnails?\b"
    # a forbidden tool closed, the serial number printed: nothing changed, nothing opened
    r"|\b(?:close|quit|exit)\w*\s+(?:the\s+|out of\s+)?(?:registry editor|regedit|disk management|services|task scheduler"
    r"|group policy editor)\b|\bwmic\s+bios\s+get\s+serialnumber\b"
    # "confirm the USB stick asks for its BitLocker password": what the screen asks the user for, their own
    r"|\b(?:asks?|asking|prompts?|prompting) (?:her |him |them |the user )?for (?:its|her|his|their) (?:own )?(?:bitlocker |unlock )?"
    r"(?:password|pin)\b"
    # the user's own mailbox housekeeping: Outlook's own bin (recoverable for weeks), mail they choose to let go
    r"|\b(?:their|his|her|the user'?s|your) (?:own )?(?:deleted items|junk(?: e-?mail)?)(?: folder)?\b"
    # "have them empty Deleted Items", "right-click Deleted Items > Empty Folder": the user's own, by their hands or by
    # Outlook's own menu (a shared mailbox's or someone else's stays data_deletion)
    r"|\b(?:have|let|get|ask|tell|help)\w* (?:them|him|her|the user|the customer) (?:to )?(?:empty|clear)\w* (?:out )?"
    r"(?:the |their |his |her )?(?:deleted items|junk(?: e-?mail)?)(?: folder)?\b"
    r"(?! (?:of|in|from|for) (?:the |a |an )?(?:shared|other|another|[\w-]+'s|[\w-]+ (?:team|office|department)))"
    r"|(?<!'s )(?<!mailbox )\bdeleted items(?: folder)?\s*>\s*empty (?:folder|deleted items)\b"
    r"|\b(?:deleted items|junk(?: e-?mail)?)(?: folder)? (?:in|of|from) (?:their|his|her|the user'?s|your) (?:own )?mailbox\b"
    # a message stuck in the Outbox moved to Drafts: it stays in the user's own mailbox
    r"|\bmov\w* (?:it|them|(?:the|that|this) (?:stuck )?(?:message|e-?mail|mail)s?) (?:back )?(?:to|into) (?:the |their "
    r"|the user'?s )?(?:drafts|inbox)(?: folder)?\b(?=\s*(?:[.;,]|$|(?:and|then)\b))"
    r"|(?:(?:old|any|unwanted)\s+)*(?:e-?mails?|messages?|mail) (?:that )?(?:they|she|he|the user|you) (?:no longer |don'?t |do not "
    r"|doesn'?t )(?:need|want)\b"
    r"|(?:download|sync|come|comes|arrive|reload|redownload|resync|rebuild|re-?create|repopulate|refill)\w*\s+(?:[\w.-]+\s+){0,3}?from (?:the )?(?:mail |exchange"
    r" |imap )?server\b"
    r"|(?:edge|chrome|firefox|safari|the browser)'?s? (?:history|cookies|site data)"
    r"|(?:shared? (?:drive|folder)|network (?:drive|share)|mapped drive|[a-z]: drive|share|folder) (?:on|from|of) (?:the )?"
    r"(?:[\w-]+ )?server\b"
    r"|(?:update|updating|updates? for) (?:the )?(?:[\w-]+ )?(?:definitions|signatures|security intelligence))(?![a-z0-9])"
)


def names_an_exception(text: str) -> bool:
    """Whether ``text`` names one of the policy's exceptions (``SAFE``), its prefilter first."""
    return may_match(SAFE, text) and SAFE.search(text) is not None


_SPOOLER_RESTART = re.compile(
    r"\bspooler\b|\bprint spooler\b|\bnet (?:stop|start) spooler\b|\brestart-service\b[^.;]*\bspooler"
)

_RESTART = re.compile(
    # "kick the Print Spooler", "bounce the spooler": slang for restarting it (not "kick it off")
    r"\brestart\w*|\b(?:kick|bounce)\w*\b(?![^.;]{0,30}\boff\b)|\bnet start\b|\bstart-service\b|\bstart (?:it|the (?:print )?spooler)\b|\b(?:and|then) start\b"
)

_SPOOLER_ONLY_VERBS = re.compile(
    r"\b(?:disabl\w*|startup type|manual|automatic|delay\w*|set-service|sc config|turn\w* off|switch\w* off|complete\w*"
    r"|permanent\w*|kill\w*|delete\w*|remove\w*|print server|server|log on|recovery|for good|entirely|leave it stopped"
    r"|(?:print|prn|fs|app)[-_]?\d{1,3}|(?:srv|svr)[-_]?[a-z]*[-_]?\d{1,3}|[a-z]+(?:srv|svr)[-_]?\d{1,3}"
    r"|keep it stopped|(?:and|plus|with) (?:the )?(?!(?:print )?spooler\b)(?:[\w-]+ ){1,3}services?|other services|all services"
    # a PC that prints for others is a print server by another name: "the PC the whole office prints through"
    r"|(?:whole|entire) (?:office|company|team|floor|building|practice) (?:prints?|printing)|(?:everyone|everybody|all (?:the )?"
    r"(?:users|staff)) (?:prints?|printing) (?:through|via|to|from)|(?:shares?|hosts?|sharing|hosting) (?:the |all the |all )?"
    r"(?:office'?s? |team'?s? )?printers? (?:for|with|to) (?:the |every|all|other))\b"
)


def spooler_restart(text: str) -> bool:
    """The one service restart the policy allows: the Print Spooler, restarted, nothing else done to it."""
    return bool(_SPOOLER_RESTART.search(text)) and bool(_RESTART.search(text)) and not _SPOOLER_ONLY_VERBS.search(text)
