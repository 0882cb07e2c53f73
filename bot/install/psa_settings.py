"""The PSA section of ``/walk settings``: what is set (credentials masked), the one-time link, Test connection."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import ConfigError
from bot.install.psa_link import LINK_MINUTES, issue_link
from bot.psa.accounts import account_psa_settings, check_connection, masked
from bot.psa.vendors import VENDOR_NAMES
from bot.runtime import Runtime
from bot.walks.actors import Actor
from storage.queries import accounts
from storage.secret_box import SecretUnreadable


@dataclass(frozen=True)
class PSASection:
    vendor: str  # "ConnectWise", or what applies when the account never chose one
    shown: dict[str, str]  # settings, with credentials masked
    link: str | None  # the one-time credentials page, None when it can't be offered
    why_no_link: str | None
    link_minutes: int = LINK_MINUTES


async def psa_section(runtime: Runtime, actor: Actor) -> PSASection:
    """For an admin only (the caller checks): a fresh one-time link on every opening of the modal."""
    if runtime.secrets is None:
        return PSASection(
            "set by the deployment (PSA_KIND)",
            {},
            None,
            "Set WALKBOT_SECRET_KEY to store PSA credentials per workspace.",
        )
    async with runtime.db() as db:
        stored = await accounts.stored_psa(db, actor.account_id)
    if stored is None or not stored.configured:
        vendor, shown = "not set for this workspace", {}
    else:
        vendor, shown = VENDOR_NAMES.get(stored.kind, stored.kind), masked(stored, runtime.secrets)
    public_url = runtime.settings.public_url
    if not public_url:
        return PSASection(
            vendor,
            shown,
            None,
            "Set WALKBOT_PUBLIC_URL to enter credentials from Slack, or use `walkbot accounts psa`.",
        )
    return PSASection(
        vendor, shown, issue_link(runtime.secrets, public_url, actor.account_id, actor.slack_user_id), None
    )


async def try_account_connection(runtime: Runtime, actor: Actor) -> tuple[bool, str]:
    """One read call with the account's PSA; the vendor's error in plain words, never a credential."""
    if runtime.secrets is None:
        connection = await runtime.psa.connection_for(actor.account_id)
        if connection is None:
            return False, "No PSA is configured: walks run on internal tickets only."
        return True, f"This workspace uses the deployment's {VENDOR_NAMES.get(connection.kind, connection.kind)}."
    async with runtime.db() as db:
        try:
            settings = await account_psa_settings(db, runtime.secrets, actor.account_id)
        except (ConfigError, SecretUnreadable) as exc:
            return False, f"The saved PSA settings are incomplete: {exc}"
    if settings is None:
        return False, "No PSA is set for this workspace yet: use Enter PSA credentials."
    return await check_connection(settings, runtime.http)
