"""Action classes every AI-built instruction is tagged with.

The hard floor: the forbidden classes are never shown to an L1 technician, and no
account setting can enable them. docs/safety.md says what each class covers. The tool schema asks Claude to tag each node
with one of ``ACTION_CLASSES``; ``bot.ai.safety`` checks the tag and the text.
"""

from enum import StrEnum


class ActionClass(StrEnum):
    L1_SAFE = "l1_safe"
    REGISTRY = "registry"
    SYSTEM_FILES_BOOT = "system_files_boot"
    DATA_DELETION = "data_deletion"
    CREDENTIALS_MFA = "credentials_mfa"
    SECURITY_SOFTWARE = "security_software"
    ELEVATION = "elevation"
    DNS_DHCP_DOMAIN = "dns_dhcp_domain"
    SERVER_CONFIG = "server_config"
    BILLING_LICENSING = "billing_licensing"
    SERVICES_STARTUP = "services_startup"
    NETWORK_DEVICE = "network_device"
    DISK_ENCRYPTION = "disk_encryption"


FORBIDDEN_CLASSES: frozenset[ActionClass] = frozenset(c for c in ActionClass if c is not ActionClass.L1_SAFE)

# How an escalation names each class to the technician ("needs an engineer: registry change").
FORBIDDEN_CLASS_LABELS: dict[ActionClass, str] = {
    ActionClass.REGISTRY: "registry change",
    ActionClass.SYSTEM_FILES_BOOT: "system file or boot configuration change",
    ActionClass.DATA_DELETION: "deleting data, partitions or disks",
    ActionClass.CREDENTIALS_MFA: "credential, password or MFA change",
    ActionClass.SECURITY_SOFTWARE: "security software, antivirus or firewall change",
    ActionClass.ELEVATION: "command that needs administrator rights",
    ActionClass.DNS_DHCP_DOMAIN: "domain, Group Policy, Active Directory, DNS or DHCP change",
    ActionClass.SERVER_CONFIG: "server, hypervisor or admin centre configuration",
    ActionClass.BILLING_LICENSING: "billing or licence change",
    ActionClass.SERVICES_STARTUP: "Windows service or startup item change",
    ActionClass.NETWORK_DEVICE: "firewall, router, switch or VPN appliance configuration",
    ActionClass.DISK_ENCRYPTION: "disk encryption (BitLocker, FileVault) or recovery key",
}

ACTION_CLASSES: tuple[str, ...] = tuple(c.value for c in ActionClass)
