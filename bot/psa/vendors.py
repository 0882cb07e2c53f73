"""The PSAs a workspace can choose, by ``PSA_KIND``, and the settings each one reads. No imports: ``walkbot``'s
argument parsers read these at start-up, and the settings page and ``bot/psa/accounts.py`` check against them."""

# Credentials: sealed at rest, never shown again once saved (a settings view shows them masked).
SECRETS_OF = {
    "connectwise": ("CW_PUBLIC_KEY", "CW_PRIVATE_KEY"),
    "autotask": ("AT_SECRET", "AT_INTEGRATION_CODE"),
    "halo": ("HALO_CLIENT_SECRET",),
    "none": (),
}
# Everything else a vendor reads; anything outside these is refused as a typo.
SETTING_FIELDS = {
    "connectwise": ("CW_SITE", "CW_CODEBASE", "CW_COMPANY", "CW_CLIENT_ID", "CW_BASE_URL", "CW_RESOLVED_STATUS"),
    "autotask": ("AT_USERNAME", "AT_BASE_URL", "AT_NOTE_TYPE", "AT_NOTE_PUBLISH"),
    "halo": ("HALO_BASE_URL", "HALO_AUTH_URL", "HALO_TENANT", "HALO_CLIENT_ID", "HALO_OUTCOME"),
    "none": (),
}
COMMON_FIELDS = ("PSA_STATUS_ON_RESOLVE", "PSA_TIMEOUT_SECONDS")
VENDOR_NAMES = {"connectwise": "ConnectWise", "autotask": "Autotask", "halo": "HaloPSA", "none": "no PSA"}
