"""The PSA credentials page behind the one-time link: show the form, save it once.

Reading the form back never echoes a saved credential; a save re-checks that the link's admin is still an
admin of that account, claims the link's nonce in the same transaction (so it works once), and stores the
settings through the same checks as ``walkbot accounts psa``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from bot.config import ConfigError
from bot.install.psa_link import LinkClaims, LinkRefused, read_link
from bot.psa.accounts import save_account_psa
from bot.psa.vendors import SECRETS_OF, SETTING_FIELDS, VENDOR_NAMES
from bot.rendering.psa_form import message_html, psa_form_html
from bot.runtime import Runtime
from storage.queries import accounts, slack_events
from storage.secret_box import SecretUnreadable

log = logging.getLogger(__name__)

USED = "This link was already used. Open /walk settings in Slack for a new one."
NOT_ADMIN = "Only walkbot admins of this workspace may change its PSA connection."


@dataclass(frozen=True)
class PageAnswer:
    status: int
    html: str


async def _check(runtime: Runtime, token: str) -> LinkClaims:
    if runtime.secrets is None:
        raise LinkRefused("PSA credentials can't be stored here: WALKBOT_SECRET_KEY is not set.")
    return read_link(runtime.secrets, token)


async def show_setup(
    runtime: Runtime, token: str, *, error: str | None = None, values: Mapping[str, str] | None = None
) -> PageAnswer:
    values = values or {}
    try:
        claims = await _check(runtime, token)
    except LinkRefused as exc:
        return PageAnswer(403, message_html("Link refused", str(exc), ok=False))
    async with runtime.db() as db:
        used = await slack_events.is_claimed(db, claims.claim_id)
        account = await accounts.account_by_id(db, claims.account_id)
        stored = await accounts.stored_psa(db, claims.account_id)
    if used or account is None:
        return PageAnswer(403, message_html("Link refused", USED, ok=False))
    saved: list[str] = []
    if stored is not None and stored.sealed_secrets:
        try:
            saved = [k for k, v in json.loads(runtime.secrets.open(stored.sealed_secrets)).items() if v]
        except SecretUnreadable:
            saved = []
    kind = values.get("kind") or (stored.kind if stored is not None else "none")
    html = psa_form_html(
        token=token,
        workspace=account.name or account.slack_team_id,
        kind=kind,
        kinds=VENDOR_NAMES,
        settings_of=SETTING_FIELDS,
        secrets_of=SECRETS_OF,
        values=values or (stored.settings if stored is not None else {}),
        saved_secrets=saved,
        error=error,
    )
    return PageAnswer(400 if error else 200, html)


async def save_setup(runtime: Runtime, form: Mapping[str, str]) -> PageAnswer:
    token = form.get("t", "")
    try:
        claims = await _check(runtime, token)
    except LinkRefused as exc:
        return PageAnswer(403, message_html("Link refused", str(exc), ok=False))
    kind = form.get("kind", "none")
    if kind not in SETTING_FIELDS:
        return await show_setup(runtime, token, error="Choose a PSA from the list.")
    settings = {n: form.get(n, "").strip() for n in (*SETTING_FIELDS[kind], "PSA_STATUS_ON_RESOLVE")}
    secrets = {n: form.get(n, "").strip() for n in SECRETS_OF[kind]}
    async with runtime.db.begin() as db:
        if await accounts.role_of(db, claims.account_id, claims.slack_user_id) != "admin":
            return PageAnswer(403, message_html("Not allowed", NOT_ADMIN, ok=False))
        account = await accounts.account_by_id(db, claims.account_id)
        if account is None or not await slack_events.claim_event(db, claims.claim_id, account.slack_team_id):
            return PageAnswer(403, message_html("Link refused", USED, ok=False))
        try:
            await save_account_psa(db, runtime.secrets, claims.account_id, kind, settings, secrets)
        except ConfigError as exc:
            await db.rollback()  # the link stays usable: nothing was saved
            return await show_setup(runtime, token, error=f"Not saved: {exc}", values={"kind": kind, **settings})
    log.info("account %s: PSA set to %s by %s through the one-time page", claims.account_id, kind, claims.slack_user_id)
    return PageAnswer(
        200,
        message_html(
            "Saved",
            f"This workspace now uses {VENDOR_NAMES[kind]}. Back in Slack, use Test connection in /walk settings. "
            "This link no longer works.",
            ok=True,
        ),
    )
