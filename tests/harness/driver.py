"""Plays Slack's side of the Events/Interactivity HTTP protocol against a running app.

Every request is shaped like the one Slack sends (slash commands form-encoded; block_actions and
view_submission as a JSON ``payload`` form field; events as a JSON ``event_callback`` envelope)
and signed with the signing secret, so the app's real request verification runs.

Each method returns ``(status, body text)``: the app's ack. Effects happen after the ack, so wait
on the fake Slack for them (``await fake.wait_for("chat.update")``).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import uuid
from typing import Any

import aiohttp

from tests.harness.fake_slack import BOT_ID, BOT_USER_ID, FakeSlack
from tests.harness.form import form_encode

API_APP_ID = "A0WALKBOT"
VERIFICATION_TOKEN = "legacy-verification-token"  # sent by Slack, deprecated, never checked by Bolt


# ---- view_submission state values, as Slack reports each input element -----------------------------


def plain_text_input(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def _option(value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": value, "emoji": True}, "value": value}


def radio_buttons(value: str | None) -> dict[str, Any]:
    return {"type": "radio_buttons", "selected_option": _option(value) if value is not None else None}


def static_select(value: str | None) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": _option(value) if value is not None else None}


def checkboxes(*values: str) -> dict[str, Any]:
    return {"type": "checkboxes", "selected_options": [_option(v) for v in values]}


def sign(secret: str, timestamp: str, body: str) -> str:
    """Slack's v0 request signature."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackDriver:
    """Sends signed Slack requests to ``{app_url}/slack/events``. Close it (or use ``async with``)."""

    plain_text_input = staticmethod(plain_text_input)
    radio_buttons = staticmethod(radio_buttons)
    static_select = staticmethod(static_select)
    checkboxes = staticmethod(checkboxes)

    def __init__(
        self,
        app_url: str,
        signing_secret: str,
        team_id: str = "T0001",
        fake: FakeSlack | None = None,
        *,
        team_domain: str = "walkbot-test",
    ) -> None:
        self.url = app_url.rstrip("/") + "/slack/events"
        self.signing_secret = signing_secret
        self.team_id = team_id
        self.team_domain = team_domain
        self.fake = fake
        self._seq = itertools.count(1)
        self._session: aiohttp.ClientSession | None = None
        self.last_response_name: str | None = None  # the response_url name of the last command or click

    async def __aenter__(self) -> SlackDriver:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    # ---- the low-level request -------------------------------------------------------------------

    async def post(
        self, body: str, content_type: str, *, bad_signature: bool = False, timestamp_offset: int = 0
    ) -> tuple[int, str]:
        """POST a raw body signed as Slack would (or deliberately not)."""
        timestamp = str(int(time.time()) + timestamp_offset)
        signature = sign(self.signing_secret, timestamp, body)
        if bad_signature:
            signature = signature[:-4] + ("0000" if not signature.endswith("0000") else "1111")
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        }
        if self._session is None:
            self._session = aiohttp.ClientSession()
        async with self._session.post(self.url, data=body.encode(), headers=headers) as resp:
            return resp.status, await resp.text()

    async def post_form(self, fields: dict[str, str], **options: Any) -> tuple[int, str]:
        return await self.post(form_encode(fields), "application/x-www-form-urlencoded", **options)

    async def post_payload(self, payload: dict[str, Any], **options: Any) -> tuple[int, str]:
        """Interactivity requests: the JSON payload in a ``payload`` form field."""
        return await self.post_form({"payload": json.dumps(payload)}, **options)

    async def post_json(self, envelope: dict[str, Any], **options: Any) -> tuple[int, str]:
        return await self.post(json.dumps(envelope), "application/json", **options)

    # ---- ids Slack would make up -----------------------------------------------------------------

    def trigger_id(self) -> str:
        return f"{next(self._seq)}.{int(time.time())}.{uuid.uuid4().hex[:16]}"

    def ts(self) -> str:
        """A message ts for a human's message, distinct from the fake's (which start at 1700000000)."""
        n = next(self._seq)
        return f"{1710000000 + n}.{n % 1_000_000:06d}"

    def _response_url(self, kind: str) -> str:
        name = f"{kind}-{next(self._seq)}"
        self.last_response_name = name
        if self.fake is None:
            return f"https://hooks.slack.com/{kind}/{self.team_id}/{name}"
        return self.fake.response_url(name)

    def _team(self) -> dict[str, Any]:
        return {"id": self.team_id, "domain": self.team_domain}

    def _member(self, user_id: str) -> None:
        """Whoever acts in the workspace is a member of it (users.info knows them)."""
        if self.fake is not None:
            self.fake.add_member(user_id)

    def _user(self, user_id: str) -> dict[str, Any]:
        self._member(user_id)
        return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": self.team_id}

    # ---- slash commands --------------------------------------------------------------------------

    async def slash(
        self,
        text: str,
        *,
        user_id: str = "U_TECH",
        channel_id: str = "C_HELPDESK",
        command: str = "/walk",
        channel_name: str = "helpdesk",
        **options: Any,
    ) -> tuple[int, str]:
        """A slash command; ``self.last_response_name`` names its response_url in ``fake.responses_to``."""
        self._member(user_id)
        return await self.post_form(
            {
                "token": VERIFICATION_TOKEN,
                "team_id": self.team_id,
                "team_domain": self.team_domain,
                "channel_id": channel_id,
                "channel_name": channel_name,
                "user_id": user_id,
                "user_name": user_id.lower(),
                "command": command,
                "text": text,
                "api_app_id": API_APP_ID,
                "is_enterprise_install": "false",
                "response_url": self._response_url("commands"),
                "trigger_id": self.trigger_id(),
            },
            **options,
        )

    # ---- button clicks ---------------------------------------------------------------------------

    def block_actions_payload(
        self,
        action_id: str,
        value: str,
        *,
        user_id: str = "U_TECH",
        channel_id: str = "C_HELPDESK",
        message_ts: str,
        block_id: str = "b",
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A click on a button in a channel message; the message is what the fake holds at that ts."""
        if message is None and self.fake is not None:
            message = self.fake.message(channel_id, message_ts)
        message = message or {"type": "message", "ts": message_ts, "text": "", "blocks": []}
        action_ts = f"{time.time():.6f}"
        return {
            "type": "block_actions",
            "team": self._team(),
            "user": self._user(user_id),
            "api_app_id": API_APP_ID,
            "token": VERIFICATION_TOKEN,
            "container": {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel_id,
                "is_ephemeral": False,
            },
            "trigger_id": self.trigger_id(),
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": channel_id, "name": channel_id.lower()},
            "message": {
                "type": "message",
                "user": message.get("user", BOT_USER_ID),
                "bot_id": message.get("bot_id", BOT_ID),
                "ts": message_ts,
                "text": message.get("text", ""),
                "blocks": message.get("blocks", []),
                **({"thread_ts": message["thread_ts"]} if message.get("thread_ts") else {}),
            },
            "state": {"values": {}},
            "response_url": self._response_url("actions"),
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": block_id,
                    "value": value,
                    "type": "button",
                    "action_ts": action_ts,
                    "text": {"type": "plain_text", "text": "x", "emoji": True},
                }
            ],
        }

    async def click(
        self,
        action_id: str,
        value: str,
        *,
        user_id: str = "U_TECH",
        channel_id: str = "C_HELPDESK",
        message_ts: str,
        block_id: str = "b",
        **options: Any,
    ) -> tuple[int, str]:
        payload = self.block_actions_payload(
            action_id, value, user_id=user_id, channel_id=channel_id, message_ts=message_ts, block_id=block_id
        )
        return await self.post_payload(payload, **options)

    async def click_in_home(
        self,
        action_id: str,
        value: str,
        *,
        user_id: str = "U_TECH",
        view_id: str | None = None,
        block_id: str = "b",
        **options: Any,
    ) -> tuple[int, str]:
        """A click on a button in the App Home tab (no channel, no message, no response_url)."""
        home = (self.fake.home_views.get(user_id) if self.fake else None) or {}
        view_id = view_id or home.get("id") or "VHOME0001"
        payload = {
            "type": "block_actions",
            "team": self._team(),
            "user": self._user(user_id),
            "api_app_id": API_APP_ID,
            "token": VERIFICATION_TOKEN,
            "container": {"type": "view", "view_id": view_id},
            "trigger_id": self.trigger_id(),
            "enterprise": None,
            "is_enterprise_install": False,
            "view": {
                "id": view_id,
                "team_id": self.team_id,
                "type": "home",
                "blocks": home.get("blocks", []),
                "private_metadata": home.get("private_metadata", ""),
                "callback_id": home.get("callback_id", ""),
                "state": {"values": {}},
                "hash": home.get("hash", "hash-home"),
                "app_id": API_APP_ID,
                "app_installed_team_id": self.team_id,
                "bot_id": BOT_ID,
            },
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": block_id,
                    "value": value,
                    "type": "button",
                    "action_ts": f"{time.time():.6f}",
                    "text": {"type": "plain_text", "text": "x", "emoji": True},
                }
            ],
        }
        return await self.post_payload(payload, **options)

    # ---- message shortcuts -----------------------------------------------------------------------

    async def message_shortcut(
        self,
        callback_id: str,
        message_text: str,
        *,
        user_id: str = "U_TECH",
        channel_id: str = "C_HELPDESK",
        author_id: str = "U_OTHER",
        attachments: list[dict[str, Any]] | None = None,
        **options: Any,
    ) -> tuple[int, str]:
        """A message shortcut on someone's message: Slack's ``message_action`` payload."""
        message_ts = self.ts()
        message: dict[str, Any] = {"type": "message", "user": author_id, "ts": message_ts, "text": message_text}
        if attachments:
            message["attachments"] = attachments
        payload = {
            "type": "message_action",
            "token": VERIFICATION_TOKEN,
            "action_ts": f"{time.time():.6f}",
            "team": self._team(),
            "user": self._user(user_id),
            "channel": {"id": channel_id, "name": "helpdesk"},
            "is_enterprise_install": False,
            "enterprise": None,
            "callback_id": callback_id,
            "trigger_id": self.trigger_id(),
            "response_url": self._response_url("actions"),
            "message_ts": message_ts,
            "message": message,
        }
        return await self.post_payload(payload, **options)

    # ---- modal submissions -----------------------------------------------------------------------

    async def submit_view(
        self,
        callback_id: str,
        *,
        values: dict[str, dict[str, dict[str, Any]]],
        private_metadata: str | None = None,
        user_id: str = "U_TECH",
        view_id: str | None = None,
        installed_team_id: str | None = None,
        **options: Any,
    ) -> tuple[int, str]:
        """Submit a modal. ``values`` is {block_id: {action_id: plain_text_input(...) | radio_buttons(...)}}.

        ``installed_team_id``: the modal was opened by walkbot's installation in another workspace (a Slack
        Connect guest): ``view.app_installed_team_id`` names that workspace, ``team`` the sender's own.

        When the app opened a modal with this callback_id on the fake, its id, blocks and
        private_metadata are used unless given, as Slack would send them back.
        """
        opened = (self.fake.last_view(callback_id) if self.fake else None) or {}
        view_id = view_id or opened.get("id") or f"V{next(self._seq):08d}"
        if private_metadata is None:
            private_metadata = opened.get("private_metadata", "")
        payload = {
            "type": "view_submission",
            "team": self._team(),
            "user": self._user(user_id),
            "api_app_id": API_APP_ID,
            "token": VERIFICATION_TOKEN,
            "trigger_id": self.trigger_id(),
            "enterprise": None,
            "is_enterprise_install": False,
            "view": {
                "id": view_id,
                "team_id": self.team_id,
                "type": "modal",
                "blocks": opened.get("blocks", []),
                "private_metadata": private_metadata,
                "callback_id": callback_id,
                "state": {"values": values},
                "hash": opened.get("hash", "hash-0"),
                "title": opened.get("title") or {"type": "plain_text", "text": "walkbot", "emoji": True},
                "clear_on_close": False,
                "notify_on_close": False,
                "close": opened.get("close"),
                "submit": opened.get("submit"),
                "previous_view_id": None,
                "root_view_id": view_id,
                "app_id": API_APP_ID,
                "external_id": "",
                "app_installed_team_id": installed_team_id or self.team_id,
                "bot_id": BOT_ID,
            },
            "response_urls": [],
        }
        return await self.post_payload(payload, **options)

    # ---- events ----------------------------------------------------------------------------------

    async def event(
        self, event: dict[str, Any], *, event_id: str | None = None, sender_team_id: str | None = None, **options: Any
    ) -> tuple[int, str]:
        """An Events API delivery; send the same ``event_id`` twice to simulate Slack's redelivery.

        ``sender_team_id``: the event happened in a Slack Connect channel and the envelope's ``team_id`` is the
        other organisation's; only ``authorizations`` names the workspace that installed walkbot."""
        envelope = {
            "token": VERIFICATION_TOKEN,
            "team_id": sender_team_id or self.team_id,
            "context_team_id": self.team_id,
            "context_enterprise_id": None,
            "api_app_id": API_APP_ID,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": self.team_id,
                    "user_id": BOT_USER_ID,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-{uuid.uuid4().hex}",
        }
        return await self.post_json(envelope, **options)

    async def url_verification(self, challenge: str = "challenge-token", **options: Any) -> tuple[int, str]:
        return await self.post_json(
            {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}, **options
        )

    # ---- event shapes ----------------------------------------------------------------------------

    def thread_reply_event(
        self,
        channel: str,
        thread_ts: str,
        text: str,
        user: str = "U_TECH",
        ts: str | None = None,
        *,
        bot_id: str | None = None,
    ) -> dict[str, Any]:
        """A message posted in a thread; ``bot_id`` makes it another bot's (subtype bot_message)."""
        ts = ts or self.ts()
        self._member(user)
        event: dict[str, Any] = {
            "type": "message",
            "channel": channel,
            "user": user,
            "text": text,
            "ts": ts,
            "thread_ts": thread_ts,
            "parent_user_id": BOT_USER_ID,
            "team": self.team_id,
            "blocks": [_rich_text(text)],
            "event_ts": ts,
            "channel_type": "channel",
        }
        if bot_id:
            event |= {"subtype": "bot_message", "bot_id": bot_id}
        else:
            event["client_msg_id"] = str(uuid.uuid4())
        return event

    async def thread_reply(
        self,
        channel: str,
        thread_ts: str,
        text: str,
        user: str = "U_TECH",
        ts: str | None = None,
        *,
        bot_id: str | None = None,
        event_id: str | None = None,
        **options: Any,
    ) -> tuple[int, str]:
        event = self.thread_reply_event(channel, thread_ts, text, user, ts, bot_id=bot_id)
        return await self.event(event, event_id=event_id, **options)

    async def message_changed(
        self,
        channel: str,
        thread_ts: str,
        ts: str,
        text: str,
        user: str = "U_TECH",
        *,
        previous_text: str = "",
        event_id: str | None = None,
        **options: Any,
    ) -> tuple[int, str]:
        """The user edited their message ``ts`` in the thread to ``text``."""
        edit_ts = self.ts()
        base = {"type": "message", "user": user, "ts": ts, "thread_ts": thread_ts, "team": self.team_id}
        event = {
            "type": "message",
            "subtype": "message_changed",
            "hidden": True,
            "channel": channel,
            "message": base | {"text": text, "blocks": [_rich_text(text)], "edited": {"user": user, "ts": edit_ts}},
            "previous_message": base | {"text": previous_text, "blocks": [_rich_text(previous_text)]},
            "ts": edit_ts,
            "event_ts": edit_ts,
            "channel_type": "channel",
        }
        return await self.event(event, event_id=event_id, **options)

    async def message_deleted(
        self,
        channel: str,
        thread_ts: str,
        ts: str,
        user: str = "U_TECH",
        *,
        previous_text: str = "",
        event_id: str | None = None,
        **options: Any,
    ) -> tuple[int, str]:
        """The user deleted their message ``ts`` from the thread."""
        delete_ts = self.ts()
        event = {
            "type": "message",
            "subtype": "message_deleted",
            "hidden": True,
            "channel": channel,
            "deleted_ts": ts,
            "previous_message": {
                "type": "message",
                "user": user,
                "text": previous_text,
                "ts": ts,
                "thread_ts": thread_ts,
                "team": self.team_id,
            },
            "ts": delete_ts,
            "event_ts": delete_ts,
            "channel_type": "channel",
        }
        return await self.event(event, event_id=event_id, **options)

    async def user_change(
        self, user: dict[str, Any], *, event_id: str | None = None, **options: Any
    ) -> tuple[int, str]:
        """Slack's ``user_change`` event: a member's profile changed, or they were deactivated (deleted: true)."""
        event = {"type": "user_change", "user": user, "cache_ts": int(time.time()), "event_ts": f"{time.time():.6f}"}
        return await self.event(event, event_id=event_id, **options)

    async def app_home_opened(
        self, user: str = "U_TECH", *, event_id: str | None = None, **options: Any
    ) -> tuple[int, str]:
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": user,
            "channel": "D" + user[1:],
            "tab": "home",
            "event_ts": f"{time.time():.6f}",
        }
        home = self.fake.home_views.get(user) if self.fake else None
        if home:
            event["view"] = home
        return await self.event(event, event_id=event_id, **options)


def _rich_text(text: str) -> dict[str, Any]:
    return {
        "type": "rich_text",
        "block_id": uuid.uuid4().hex[:5],
        "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}],
    }
