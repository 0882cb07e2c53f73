"""A local Slack Web API that the app's AsyncWebClient talks to over real HTTP.

The app is pointed at it with ``SLACK_API_URL=fake.base_url``; nothing in the app is patched.
It answers the methods walkbot uses the way Slack does (including the errors Slack gives for
a missing message or a duplicate reaction), records every call with its decoded arguments, and
can be told to fail, rate-limit or return 5xx so tests can check the app's error handling.
It also serves ``response_url`` endpoints, which Bolt's ``respond()`` posts JSON to.

Bolt runs listeners *after* acking, so a test must wait for effects: ``await fake.wait_for("chat.update")``.

Several workspaces: ``fake.register_app(client_id, client_secret)`` then ``code = fake.approve_install(team_id, …)``
plays a user clicking *Allow* on Slack's authorize page; ``oauth.v2.access`` exchanges that code (once, with the
app's credentials and the same redirect_uri) for a bot token that acts in that team only.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web

BOT_TOKEN = "xoxb-walkbot-test"
BOT_USER_ID = "UBOT"
BOT_ID = "BBOT"
# How long a test waits for a call it expects. Waits end as soon as the call arrives, so a generous bound costs
# nothing when the app is right; it only keeps a loaded machine (two cores, parallel workers) from failing a test.
WAIT_SECONDS = 20.0

# Fields slack_sdk serialises to JSON strings when it sends a form body.
_JSON_FIELDS = ("blocks", "view", "attachments", "metadata")
_RESPONSE_PREFIX = "__response__/"
# Where files.getUploadURLExternal sends uploads (Slack's is files.slack.com/upload/v1/…): no token, raw bytes.
_UPLOAD_PREFIX = "__upload__/"

MANIFEST = Path(__file__).resolve().parents[2] / "slack-manifest.yml"


def manifest_scopes() -> frozenset[str]:
    """The bot scopes slack-manifest.yml requests: what an app installed from it holds."""
    manifest = yaml.safe_load(MANIFEST.read_text())
    return frozenset(manifest["oauth_config"]["scopes"]["bot"])


# Scopes a Web API method needs, per Slack's method reference; a token without them gets missing_scope.
METHOD_SCOPES = {
    "users.info": "users:read",
    "files.info": "files:read",
    "chat.postMessage": "chat:write",
    "chat.update": "chat:write",
    "chat.postEphemeral": "chat:write",
    "reactions.add": "reactions:write",
    "reactions.remove": "reactions:write",
    "conversations.open": "im:write",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
}


@dataclass
class SlackCall:
    """One Web API request as the fake received it."""

    method: str
    args: dict[str, Any]
    token: str | None
    response: dict[str, Any] = field(default_factory=dict)
    status: int = 200
    at: float = 0.0  # time.perf_counter() on arrival, for latency measurements

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.response.get("ok"))


@dataclass
class _Workspace:
    """A team the app is installed in, as its bot token sees it."""

    team_id: str
    team_name: str
    domain: str
    bot_user_id: str = BOT_USER_ID
    bot_id: str = BOT_ID
    # An org-wide install on Enterprise Grid: the token acts for the whole organisation, not one team.
    enterprise_id: str | None = None


@dataclass
class _PendingCode:
    """An authorization code Slack's authorize page handed back, not yet exchanged."""

    workspace: _Workspace
    installer_id: str
    scopes: str
    redirect_uri: str | None
    client_id: str
    token_rotation: bool = False


@dataclass
class _Fault:
    status: int
    error: str
    remaining: int
    where: Callable[[dict[str, Any]], bool] | None
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    """Slack's Web API on 127.0.0.1:<random port>. Use ``async with FakeSlack() as fake`` or start()/close()."""

    def __init__(self, *, token: str = BOT_TOKEN, team_id: str = "T0001", team_domain: str = "walkbot-test") -> None:
        self.token = token
        self.team_id = team_id
        self.team_domain = team_domain
        self.calls: list[SlackCall] = []
        self.response_log: list[tuple[str, dict[str, Any]]] = []
        # Slack's state as the app has changed it: messages by (channel, ts), reactions, views.
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.reactions: dict[tuple[str, str], list[str]] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        # Members of the workspace (users.info answers user_not_found for anyone else). The driver adds
        # each user it acts as; set_user() gives one a profile.
        self.users: dict[str, dict[str, Any]] = {}
        # The bot token's scopes: the manifest's, unless a test installs the app with fewer.
        self.scopes: set[str] = set(manifest_scopes())
        self.files: dict[str, dict[str, Any]] = {}
        # Uploads in flight: file id -> {"filename", "length", "data" (None until uploaded)}.
        self.uploads: dict[str, dict[str, Any]] = {}
        # Files shared by files.completeUploadExternal, in order: {"id", "title", "name", "channel", "data", …}.
        self.shared_files: list[dict[str, Any]] = []
        self.channels: dict[str, dict[str, Any]] = {}
        self._faults: dict[str, list[_Fault]] = {}
        # Realistic rate limits (enforce_rate_limits): calls allowed per window, and the recent calls.
        self._limits: dict[tuple[str, bool], tuple[int, float]] = {}
        self._recent: dict[tuple[str, str], list[float]] = {}
        self._listeners: list[Callable[[SlackCall], None]] = []
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._changed: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        # Bot tokens Slack would accept, and the workspace each acts in (the default token: the default team).
        self.tokens: dict[str, _Workspace] = {token: _Workspace(team_id, "Walkbot Test", team_domain)}
        self.apps: dict[str, str] = {}  # client_id -> client_secret
        self._codes: dict[str, _PendingCode] = {}
        self._refresh_tokens: dict[str, _PendingCode] = {}  # token rotation: refresh token -> what it renews
        self.rotated: list[str] = []  # token rotation: the bot tokens refresh tokens were exchanged for, in order
        self.token_seconds = 43200  # token rotation: an access token's lifetime (Slack's: 12 hours)
        self._expiring: dict[str, str] = {}  # token rotation: tokens that expire, and their team
        self.expired: set[str] = set()  # tokens past their lifetime (expire_tokens): answered token_expired
        self.uninstalled: list[str] = []  # installations removed with apps.uninstall, by team (or enterprise) id

    # ---- lifecycle -------------------------------------------------------------------------------

    async def start(self) -> FakeSlack:
        app = web.Application(client_max_size=10 * 1024 * 1024)
        app.router.add_route("*", "/api/{method:.+}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSlack:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        """The Web API base URL, ending with "/" (what SLACK_API_URL takes)."""
        if self._port is None:
            raise RuntimeError("FakeSlack is not started: await fake.start() first")
        return f"http://127.0.0.1:{self._port}/api/"

    def response_url(self, name: str) -> str:
        """A response_url for a payload; what Bolt's respond() posts there lands in ``responses``."""
        return f"{self.base_url}{_RESPONSE_PREFIX}{name}"

    def reset(self) -> None:
        """Forget calls, responses, faults and Slack state (messages, reactions, views)."""
        self.calls.clear()
        self.response_log.clear()
        self.messages.clear()
        self.reactions.clear()
        self.views.clear()
        self.home_views.clear()
        self._faults.clear()

    # ---- what the app did ------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[SlackCall]:
        """Every call to ``method``, including the ones the fake failed on purpose (see SlackCall.ok)."""
        return [c for c in self.calls if c.method == method]

    def last(self, method: str) -> SlackCall:
        found = self.calls_to(method)
        if not found:
            raise AssertionError(f"no call to {method}; calls so far: {self._summary()}")
        return found[-1]

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = WAIT_SECONDS,  # noqa: ASYNC109 - the harness API the e2e tests were promised
        where: Callable[[SlackCall], bool] | None = None,
    ) -> list[SlackCall]:
        """Wait until ``count`` calls to ``method`` (matching ``where``) arrived; return all that match."""

        def matching() -> list[SlackCall]:
            return [c for c in self.calls_to(method) if where is None or where(c)]

        await self._wait(lambda: len(matching()) >= count, timeout, lambda: f"{count} call(s) to {method}")
        return matching()

    @property
    def responses(self) -> list[dict[str, Any]]:
        """JSON bodies posted to response_url endpoints (Bolt's respond()), oldest first."""
        return [body for _name, body in self.response_log]

    def responses_to(self, name: str) -> list[dict[str, Any]]:
        return [body for n, body in self.response_log if n == name]

    async def wait_for_response(self, count: int = 1, timeout: float = WAIT_SECONDS) -> list[dict[str, Any]]:  # noqa: ASYNC109
        await self._wait(lambda: len(self.response_log) >= count, timeout, lambda: f"{count} response_url post(s)")
        return self.responses

    def subscribe(self, listener: Callable[[SlackCall], None]) -> Callable[[], None]:
        """Call ``listener`` on every recorded call (benchmarks use this); returns an unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    # ---- Slack's state ---------------------------------------------------------------------------

    def message(self, channel: str, ts: str) -> dict[str, Any] | None:
        """The message as it looks in Slack now (after chat.update), or None."""
        return self.messages.get((channel, ts))

    def thread(self, channel: str, thread_ts: str) -> list[dict[str, Any]]:
        """Bot replies in a thread, oldest first (the parent is not included)."""
        return [
            m
            for (ch, ts), m in sorted(self.messages.items(), key=lambda kv: kv[0][1])
            if ch == channel and m.get("thread_ts") == thread_ts and ts != thread_ts
        ]

    def view(self, view_id: str) -> dict[str, Any] | None:
        return self.views.get(view_id)

    def last_view(self, callback_id: str | None = None) -> dict[str, Any] | None:
        """The most recently opened/updated modal, optionally with this callback_id."""
        for view in reversed(list(self.views.values())):
            if callback_id is None or view.get("callback_id") == callback_id:
                return view
        return None

    def set_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        real_name: str | None = None,
        display_name: str | None = None,
        deleted: bool = False,
        **extra: Any,
    ) -> dict[str, Any]:
        """Make ``user_id`` a member with this profile (what users.info answers); returns the user object."""
        user = self._user(user_id, name=name, real_name=real_name, display_name=display_name) | extra
        user["deleted"] = deleted
        self.users[user_id] = user
        return user

    def add_member(self, user_id: str) -> None:
        """A workspace member with a generated profile, unless the test already gave them one."""
        if user_id not in self.users:
            self.set_user(user_id)

    def add_file(self, file_id: str, *, name: str, permalink: str | None = None, **extra: Any) -> dict[str, Any]:
        """A file files.info can answer for (the full object Slack keeps)."""
        file = {
            "id": file_id,
            "name": name,
            "title": name,
            "permalink": permalink or f"https://{self.team_domain}.slack.com/files/U0/{file_id}/{name}",
        } | extra
        self.files[file_id] = file
        return file

    def set_channel(
        self, channel_id: str, *, name: str | None = None, is_member: bool = True, is_ext_shared: bool = False
    ) -> None:
        """What conversations.info answers; ``is_member=False`` makes posting there fail with not_in_channel;
        ``is_ext_shared=True`` is a Slack Connect channel (shared with another organisation)."""
        self.channels[channel_id] = self._channel(channel_id, name=name, is_member=is_member) | {
            "is_ext_shared": is_ext_shared,
            "is_shared": is_ext_shared,
        }

    # ---- installs (OAuth v2) ---------------------------------------------------------------------

    def register_app(self, client_id: str, client_secret: str) -> None:
        """The Slack app whose credentials oauth.v2.access accepts."""
        self.apps[client_id] = client_secret

    def approve_install(
        self,
        team_id: str,
        *,
        team_name: str | None = None,
        installer: str = "U_INSTALLER",
        scopes: str = "commands,chat:write",
        redirect_uri: str | None = None,
        client_id: str | None = None,
        org_wide: bool = False,
        token_rotation: bool = False,
    ) -> str:
        """A user approved the install on Slack's authorize page: the ``code`` Slack redirects back with.

        ``org_wide=True``: an Enterprise Grid admin installed the app for the whole organisation ``team_id``
        (an ``E…`` id); ``oauth.v2.access`` then answers with the enterprise and no team, as Slack does.
        ``token_rotation=True``: the app has token rotation on; the bot token expires after ``token_seconds`` and
        comes with a refresh token that ``oauth.v2.access`` (``grant_type=refresh_token``) renews once."""
        client = client_id or next(iter(self.apps), "")
        workspace = _Workspace(
            team_id,
            team_name or f"Team {team_id}",
            team_id.lower(),
            f"UBOT_{team_id}",
            f"B_{team_id}",
            enterprise_id=team_id if org_wide else None,
        )
        code = f"code-{team_id}-{next(self._ids)}"
        self._codes[code] = _PendingCode(workspace, installer, scopes, redirect_uri, client, token_rotation)
        return code

    def revoke_team(self, team_id: str) -> None:
        """The workspace uninstalled the app: its bot tokens stop working (``invalid_auth``)."""
        for token, workspace in list(self.tokens.items()):
            if workspace.team_id == team_id:
                del self.tokens[token]

    def expire_tokens(self, team_id: str) -> None:
        """Token rotation: the team's rotating bot tokens have lived out their lifetime (12 hours later, say);
        Slack answers ``token_expired`` to them. Their refresh token still renews them."""
        self.expired |= {token for token, team in self._expiring.items() if team == team_id}

    def token_for(self, team_id: str) -> str:
        return next(token for token, w in self.tokens.items() if w.team_id == team_id)

    def _oauth_v2_access(self, request: web.Request, args: dict[str, Any]) -> dict[str, Any]:
        """oauth.v2.access as Slack documents it: client credentials (Basic auth or form), a single-use code,
        the redirect_uri the authorize step used (when it used one)."""
        client_id, client_secret = _basic_auth(request) or (args.get("client_id"), args.get("client_secret"))
        if not client_id or client_id not in self.apps:
            return {"ok": False, "error": "invalid_client_id"}
        if client_secret != self.apps[client_id]:
            return {"ok": False, "error": "bad_client_secret"}
        if args.get("grant_type") == "refresh_token":
            return self._refresh(client_id, str(args.get("refresh_token") or ""))
        pending = self._codes.pop(str(args.get("code") or ""), None)
        if pending is None or pending.client_id != client_id:
            return {"ok": False, "error": "invalid_code"}
        if pending.redirect_uri is not None and args.get("redirect_uri") != pending.redirect_uri:
            return {"ok": False, "error": "bad_redirect_uri"}
        team = pending.workspace
        token = f"xoxb-{team.team_id}-{next(self._ids)}-{client_id[-4:]}"
        self.tokens[token] = team
        if pending.token_rotation:
            self._expiring[token] = team.team_id
        return {
            **self._rotation(pending),
            "ok": True,
            "app_id": "A0WALKBOT",
            "authed_user": {"id": pending.installer_id},
            "scope": pending.scopes,
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": team.bot_user_id,
            "team": None if team.enterprise_id else {"id": team.team_id, "name": team.team_name},
            "enterprise": {"id": team.enterprise_id, "name": team.team_name} if team.enterprise_id else None,
            "is_enterprise_install": team.enterprise_id is not None,
        }

    def _rotation(self, grant: _PendingCode) -> dict[str, Any]:
        """A rotating token's refresh token and lifetime (nothing for a token that does not expire)."""
        if not grant.token_rotation:
            return {}
        refresh = f"xoxe-1-{grant.workspace.team_id}-{next(self._ids)}"
        self._refresh_tokens[refresh] = grant
        return {"refresh_token": refresh, "expires_in": self.token_seconds}

    def _refresh(self, client_id: str, refresh_token: str) -> dict[str, Any]:
        """oauth.v2.access with ``grant_type=refresh_token``: a new bot token and refresh token (the old refresh
        token is spent; the old access token lives out its lifetime, as Slack's does)."""
        grant = self._refresh_tokens.pop(refresh_token, None)
        if grant is None or grant.client_id != client_id:
            return {"ok": False, "error": "invalid_refresh_token"}
        team = grant.workspace
        token = f"xoxe.xoxb-{team.team_id}-{next(self._ids)}-{client_id[-4:]}"
        self.tokens[token] = team
        self._expiring[token] = team.team_id
        self.rotated.append(token)
        return {
            **self._rotation(grant),
            "ok": True,
            "app_id": "A0WALKBOT",
            "scope": grant.scopes,
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": team.bot_user_id,
            "team": {"id": team.team_id, "name": team.team_name},
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def _apps_uninstall(self, args: dict[str, Any], workspace: _Workspace) -> dict[str, Any]:
        """apps.uninstall: the app's credentials and a token of the installation; every token of it is revoked."""
        client_id = str(args.get("client_id") or "")
        if client_id not in self.apps:
            return {"ok": False, "error": "invalid_client_id"}
        if args.get("client_secret") != self.apps[client_id]:
            return {"ok": False, "error": "bad_client_secret"}
        for token, other in list(self.tokens.items()):
            if other == workspace:
                del self.tokens[token]
        self.uninstalled.append(workspace.team_id)
        return {"ok": True}

    # ---- failure injection -----------------------------------------------------------------------

    def fail(
        self,
        method: str,
        error: str = "not_in_channel",
        times: int = 1,
        where: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        """The next ``times`` calls to ``method`` (whose args match ``where``) get {"ok": false, "error": error}."""
        self._faults.setdefault(method, []).append(_Fault(200, error, times, where))

    def rate_limit(
        self,
        method: str,
        retry_after: int = 1,
        times: int = 1,
        where: Callable[[dict[str, Any]], bool] | None = None,
    ) -> None:
        """The next ``times`` calls get HTTP 429 with Retry-After, as Slack rate-limits."""
        fault = _Fault(429, "ratelimited", times, where, {"Retry-After": str(retry_after)})
        self._faults.setdefault(method, []).append(fault)

    def drop_connection(
        self, method: str, times: int = 1, where: Callable[[dict[str, Any]], bool] | None = None
    ) -> None:
        """The next ``times`` calls get no answer at all: the connection is closed (a transport error)."""
        self._faults.setdefault(method, []).append(_Fault(0, "connection_dropped", times, where))

    def enforce_rate_limits(
        self,
        per_method: dict[str, tuple[int, float]] | None = None,
        per_channel: dict[str, tuple[int, float]] | None = None,
    ) -> None:
        """Slack's rate limits, per method per workspace and per method per channel: ``{method: (calls, seconds)}``.

        A call over a limit gets HTTP 429 ``ratelimited`` with ``Retry-After`` (whole seconds until the
        window has room), as Slack answers (docs.slack.dev/apis/web-api/rate-limits: tiers per method,
        chat.postMessage about one message per second per channel). Tests and benchmarks scale the numbers.
        """
        for method, limit in (per_method or {}).items():
            self._limits[(method, False)] = limit
        for method, limit in (per_channel or {}).items():
            self._limits[(method, True)] = limit

    def _rate_limited(self, method: str, args: dict[str, Any]) -> _Fault | None:
        now = time.monotonic()
        wait = 0.0
        keys = []
        for per_channel in (False, True):
            limit = self._limits.get((method, per_channel))
            if limit is None:
                continue
            calls, seconds = limit
            key = (method, str(args.get("channel", "")) if per_channel else "*")
            recent = [t for t in self._recent.get(key, []) if now - t < seconds]
            self._recent[key] = recent
            keys.append(key)
            if len(recent) >= calls:
                wait = max(wait, seconds - (now - recent[0]))
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            return _Fault(429, "ratelimited", 0, None, {"Retry-After": str(retry_after)})
        for key in keys:
            self._recent[key].append(now)
        return None

    def server_error(self, method: str, times: int = 1, where: Callable[[dict[str, Any]], bool] | None = None) -> None:
        """The next ``times`` calls get HTTP 500."""
        self._faults.setdefault(method, []).append(_Fault(500, "internal_error", times, where))

    # ---- HTTP ------------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method.startswith(_RESPONSE_PREFIX):
            return await self._handle_response_url(method[len(_RESPONSE_PREFIX) :], request)
        if method.startswith(_UPLOAD_PREFIX):
            return await self._handle_upload(method[len(_UPLOAD_PREFIX) :], request)
        args = await _read_args(request)
        if method == "oauth.v2.access":  # the one method called with the app's credentials, not a token
            call = SlackCall(method=method, args=args, token=None, at=time.perf_counter())
            call.response = self._oauth_v2_access(request, args)
            self._record(call)
            return web.json_response(call.response)
        token = _bearer(request) or args.pop("token", None)
        call = SlackCall(method=method, args=args, token=token, at=time.perf_counter())
        fault = (self._rate_limited(method, args) or self._take_fault(method, args)) if token in self.tokens else None
        needed = METHOD_SCOPES.get(method)
        if token is None:
            call.response = {"ok": False, "error": "not_authed"}
        elif token not in self.tokens:
            call.response = {"ok": False, "error": "invalid_auth"}
        elif token in self.expired:
            call.response = {"ok": False, "error": "token_expired"}
        elif needed and needed not in self.scopes:
            call.response = {
                "ok": False,
                "error": "missing_scope",
                "needed": needed,
                "provided": ",".join(sorted(self.scopes)),
            }
        elif fault is not None:
            call.status = fault.status
            call.response = {"ok": False, "error": fault.error}
        else:
            call.response = self._answer(method, args, self.tokens[token])
        self._record(call)
        if fault is not None and fault.status == 0 and request.transport is not None:
            request.transport.close()
            return web.Response(status=500)
        headers = fault.headers if fault is not None and call.status != 200 else {}
        return web.json_response(call.response, status=call.status, headers=headers)

    async def _handle_response_url(self, name: str, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except ValueError:
            return web.Response(status=400, text="invalid_payload")
        self.response_log.append((name, body))
        self._notify()
        return web.Response(text="ok")

    async def _handle_upload(self, file_id: str, request: web.Request) -> web.Response:
        """Step 2 of files_upload_v2: the bytes, POSTed to the URL step 1 gave (only once, only POST)."""
        upload = self.uploads.get(file_id)
        if request.method != "POST" or upload is None or upload["data"] is not None:
            return web.Response(status=404, text="not found")
        body = await request.read()
        if request.content_type.startswith("multipart/"):
            return web.Response(status=400, text="send the file's bytes as the body")
        upload["data"] = body
        self._notify()
        return web.Response(text=f"OK - {len(body)}")

    def _take_fault(self, method: str, args: dict[str, Any]) -> _Fault | None:
        for fault in self._faults.get(method, []):
            if fault.remaining > 0 and (fault.where is None or fault.where(args)):
                fault.remaining -= 1
                return fault
        return None

    def _record(self, call: SlackCall) -> None:
        self.calls.append(call)
        for listener in list(self._listeners):
            listener(call)
        self._notify()

    def _notify(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = None

    async def _wait(self, done: Callable[[], bool], seconds: float, what: Callable[[], str]) -> None:
        deadline = asyncio.get_running_loop().time() + seconds
        while not done():
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(f"expected {what()} within {seconds}s; calls so far: {self._summary()}")
            if self._changed is None:
                self._changed = asyncio.Event()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                continue

    def _summary(self) -> str:
        return (
            ", ".join(f"{c.method}{'' if c.ok else '!' + str(c.response.get('error'))}" for c in self.calls) or "none"
        )

    # ---- answers, the way Slack gives them -------------------------------------------------------

    def _answer(self, method: str, args: dict[str, Any], workspace: _Workspace) -> dict[str, Any]:
        if method == "auth.test":
            return self._auth_test(workspace)
        if method == "apps.uninstall":
            return self._apps_uninstall(args, workspace)
        answer = _ANSWERS.get(method)
        return answer(self, args) if answer else {"ok": True}

    def _next_ts(self) -> str:
        n = next(self._ts) * 100
        return f"{1700000000 + n // 1_000_000}.{n % 1_000_000:06d}"

    def _channel_for(self, channel: str) -> str:
        # Posting to a user id lands in the bot's DM with them, which has its own channel id.
        return "D" + channel[1:] if channel.startswith(("U", "W")) else channel

    def _not_member(self, channel: str) -> bool:
        known = self.channels.get(channel)
        return known is not None and not known.get("is_member", True)

    def _auth_test(self, workspace: _Workspace) -> dict[str, Any]:
        return {
            "ok": True,
            "url": f"https://{workspace.domain}.slack.com/",
            "team": workspace.team_name,
            "user": "walkbot",
            "team_id": workspace.team_id,
            "user_id": workspace.bot_user_id,
            "bot_id": workspace.bot_id,
            "enterprise_id": workspace.enterprise_id,
            "is_enterprise_install": workspace.enterprise_id is not None,
        }

    def _post_message(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel_for(str(args.get("channel", "")))
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if self._not_member(channel):
            return {"ok": False, "error": "not_in_channel"}
        thread_ts = args.get("thread_ts")
        if thread_ts and (channel, thread_ts) not in self.messages:
            return {"ok": False, "error": "thread_not_found"}
        ts = self._next_ts()
        message = {
            "type": "message",
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "app_id": "A0WALKBOT",
            "team": self.team_id,
            "ts": ts,
            "text": args.get("text", ""),
            "blocks": args.get("blocks") or [],
        }
        if args.get("attachments"):
            message["attachments"] = args["attachments"]
        if thread_ts:
            message["thread_ts"] = thread_ts
            parent = self.messages[(channel, thread_ts)]
            parent.setdefault("thread_ts", thread_ts)
            parent["reply_count"] = parent.get("reply_count", 0) + 1
        self.messages[(channel, ts)] = message
        return {"ok": True, "channel": channel, "ts": ts, "message": dict(message)}

    def _update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(args.get("channel", "")), str(args.get("ts", ""))
        message = self.messages.get((channel, ts))
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        if "text" in args:
            message["text"] = args["text"]
        if "blocks" in args:
            message["blocks"] = args["blocks"] or []
        if "attachments" in args:
            message["attachments"] = args["attachments"]
        message["edited"] = {"user": BOT_USER_ID, "ts": self._next_ts()}
        return {"ok": True, "channel": channel, "ts": ts, "text": message["text"], "message": dict(message)}

    def _delete(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(args.get("channel", "")), str(args.get("ts", ""))
        if self.messages.pop((channel, ts), None) is None:
            return {"ok": False, "error": "message_not_found"}
        return {"ok": True, "channel": channel, "ts": ts}

    def _post_ephemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = str(args.get("channel", ""))
        if not channel or not args.get("user"):
            return {"ok": False, "error": "channel_not_found" if not channel else "user_not_in_channel"}
        if self._not_member(channel):
            return {"ok": False, "error": "not_in_channel"}
        return {"ok": True, "message_ts": self._next_ts()}

    def _permalink(self, args: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(args.get("channel", "")), str(args.get("message_ts", ""))
        message = self.messages.get((channel, ts))
        if message is None:
            return {"ok": False, "error": "message_not_found"}
        link = f"https://{self.team_domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        if message.get("thread_ts") and message["thread_ts"] != ts:
            link += f"?thread_ts={message['thread_ts']}&cid={channel}"
        return {"ok": True, "channel": channel, "permalink": link}

    def _stored_view(self, view: Any, view_id: str, **extra: Any) -> dict[str, Any]:
        view = dict(view) if isinstance(view, dict) else {}
        stored = {
            "id": view_id,
            "team_id": self.team_id,
            "type": view.get("type", "modal"),
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "state": {"values": {}},
            "hash": f"hash-{next(self._ids)}",
            "title": view.get("title"),
            "close": view.get("close"),
            "submit": view.get("submit"),
            "external_id": view.get("external_id", ""),
            "app_id": "A0WALKBOT",
            "app_installed_team_id": self.team_id,
            "bot_id": BOT_ID,
        }
        return stored | extra

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("trigger_id"):
            return {"ok": False, "error": "invalid_arguments"}
        if not isinstance(args.get("view"), dict):
            return {"ok": False, "error": "invalid_arguments"}
        view_id = f"V{next(self._ids):08d}"
        self.views[view_id] = self._stored_view(args["view"], view_id, root_view_id=view_id, previous_view_id=None)
        return {"ok": True, "view": self.views[view_id]}

    def _views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        view_id = args.get("view_id")
        if not view_id and args.get("external_id"):
            view_id = next((v["id"] for v in self.views.values() if v["external_id"] == args["external_id"]), None)
        if not view_id or view_id not in self.views:
            return {"ok": False, "error": "not_found"}
        old = self.views.pop(view_id)
        self.views[view_id] = self._stored_view(args.get("view"), view_id, root_view_id=old.get("root_view_id"))
        return {"ok": True, "view": self.views[view_id]}

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        user_id = str(args.get("user_id", ""))
        if not user_id:
            return {"ok": False, "error": "invalid_arguments"}
        old = self.home_views.get(user_id)
        view_id = old["id"] if old else f"V{next(self._ids):08d}"
        self.home_views[user_id] = self._stored_view(args.get("view"), view_id, type="home")
        return {"ok": True, "view": self.home_views[user_id]}

    def _reactions_add(self, args: dict[str, Any]) -> dict[str, Any]:
        key = (str(args.get("channel", "")), str(args.get("timestamp", "")))
        names = self.reactions.setdefault(key, [])
        if args.get("name") in names:
            return {"ok": False, "error": "already_reacted"}
        names.append(str(args.get("name")))
        return {"ok": True}

    def _reactions_remove(self, args: dict[str, Any]) -> dict[str, Any]:
        key = (str(args.get("channel", "")), str(args.get("timestamp", "")))
        names = self.reactions.get(key, [])
        if args.get("name") not in names:
            return {"ok": False, "error": "no_reaction"}
        names.remove(str(args.get("name")))
        return {"ok": True}

    def _user(
        self, user_id: str, *, name: str | None = None, real_name: str | None = None, display_name: str | None = None
    ) -> dict[str, Any]:
        name = name or user_id.lower()
        real_name = real_name or f"User {user_id}"
        return {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "deleted": False,
            "real_name": real_name,
            "is_bot": user_id == BOT_USER_ID,
            "tz": "UTC",
            "profile": {
                "display_name": name if display_name is None else display_name,
                "real_name": real_name,
                "email": f"{name}@example.com",
            },
        }

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        """As Slack: members only (user_not_found otherwise); email only with users:read.email."""
        user_id = str(args.get("user", ""))
        if not user_id:
            return {"ok": False, "error": "invalid_arguments"}
        user = self.users.get(user_id)
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        user = json.loads(json.dumps(user))
        if "users:read.email" not in self.scopes:
            user.get("profile", {}).pop("email", None)
        return {"ok": True, "user": user}

    def _files_info(self, args: dict[str, Any]) -> dict[str, Any]:
        file = self.files.get(str(args.get("file", "")))
        if file is None:
            return {"ok": False, "error": "file_not_found"}
        return {"ok": True, "file": dict(file), "comments": [], "response_metadata": {"next_cursor": ""}}

    def _channel(self, channel_id: str, *, name: str | None = None, is_member: bool = True) -> dict[str, Any]:
        return {
            "id": channel_id,
            "name": name or channel_id.lower(),
            "is_channel": channel_id.startswith("C"),
            "is_im": channel_id.startswith("D"),
            "is_private": channel_id.startswith("G"),
            "is_member": is_member,
            "is_archived": False,
            "is_shared": False,
            "is_ext_shared": False,
        }

    def _conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel_id = str(args.get("channel", ""))
        if not channel_id:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": self.channels.get(channel_id) or self._channel(channel_id)}

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        """A DM with one user (``users``), as conversations.open opens it for a bot (im:write)."""
        if args.get("channel"):
            channel = str(args["channel"])
            return {"ok": True, "channel": {"id": channel}}
        users = [u for u in str(args.get("users", "")).split(",") if u]
        if not users:
            return {"ok": False, "error": "users_list_not_supplied"}
        if len(users) > 8:
            return {"ok": False, "error": "too_many_users"}
        if any(u not in self.users for u in users):
            return {"ok": False, "error": "user_not_found"}
        channel = "D" + users[0][1:] if len(users) == 1 else "G" + "".join(u[1:4] for u in users)
        self.channels.setdefault(channel, self._channel(channel))
        return {"ok": True, "no_op": False, "already_open": False, "channel": {"id": channel}}

    def _get_upload_url(self, args: dict[str, Any]) -> dict[str, Any]:
        """Step 1 of files_upload_v2. ``filename`` and a positive integer ``length`` are required."""
        filename, length = args.get("filename"), args.get("length")
        if not filename:
            return {"ok": False, "error": "invalid_arguments"}
        try:
            size = int(str(length))
        except ValueError:
            return {"ok": False, "error": "invalid_arguments"}
        if size <= 0:
            return {"ok": False, "error": "missing_argument"}  # what Slack says for a 0 length
        file_id = f"F{next(self._ids):08d}"
        self.uploads[file_id] = {"filename": str(filename), "length": size, "data": None}
        return {"ok": True, "upload_url": f"{self.base_url}{_UPLOAD_PREFIX}{file_id}", "file_id": file_id}

    def _complete_upload(self, args: dict[str, Any]) -> dict[str, Any]:
        """Step 3: every file must have been uploaded, with the length announced; shared to ``channel_id``."""
        try:
            files = json.loads(args["files"]) if isinstance(args.get("files"), str) else args.get("files")
        except (KeyError, ValueError):
            return {"ok": False, "error": "invalid_arguments"}
        if not isinstance(files, list) or not files or not all(isinstance(f, dict) and f.get("id") for f in files):
            return {"ok": False, "error": "invalid_arguments"}
        for f in files:
            upload = self.uploads.get(f["id"])
            if upload is None or upload["data"] is None:
                return {"ok": False, "error": "file_not_found"}
            if len(upload["data"]) != upload["length"]:
                return {"ok": False, "error": "file_upload_size_mismatch"}
        channel = str(args.get("channel_id") or "")
        if channel and channel not in self.channels and not channel.startswith("C"):
            return {"ok": False, "error": "channel_not_found"}
        if channel and self._not_member(channel):
            return {"ok": False, "error": "not_in_channel"}
        done = []
        for f in files:
            upload = self.uploads.pop(f["id"])
            shared = {
                "id": f["id"],
                "name": upload["filename"],
                "title": f.get("title") or upload["filename"],
                "channel": channel or None,
                "initial_comment": args.get("initial_comment"),
                "data": upload["data"],
            }
            self.shared_files.append(shared)
            self.files[f["id"]] = {k: v for k, v in shared.items() if k != "data"}
            done.append({"id": f["id"], "title": shared["title"]})
        return {"ok": True, "files": done}


_ANSWERS: dict[str, Callable[[FakeSlack, dict[str, Any]], dict[str, Any]]] = {
    "chat.postMessage": FakeSlack._post_message,
    "chat.update": FakeSlack._update,
    "chat.delete": FakeSlack._delete,
    "chat.postEphemeral": FakeSlack._post_ephemeral,
    "chat.getPermalink": FakeSlack._permalink,
    "views.open": FakeSlack._views_open,
    "views.push": FakeSlack._views_open,
    "views.update": FakeSlack._views_update,
    "views.publish": FakeSlack._views_publish,
    "reactions.add": FakeSlack._reactions_add,
    "reactions.remove": FakeSlack._reactions_remove,
    "users.info": FakeSlack._users_info,
    "files.info": FakeSlack._files_info,
    "conversations.info": FakeSlack._conversations_info,
    "conversations.open": FakeSlack._conversations_open,
    "files.getUploadURLExternal": FakeSlack._get_upload_url,
    "files.completeUploadExternal": FakeSlack._complete_upload,
}


async def _read_args(request: web.Request) -> dict[str, Any]:
    """Query string + body, whichever encoding slack_sdk chose (JSON, form, multipart)."""
    args: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                args.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                args[key] = value if isinstance(value, str) else getattr(value, "file", value).read()
    for key in _JSON_FIELDS:
        if isinstance(args.get(key), str):
            # Left as sent when it is not JSON: Slack would reject it, and the test sees the raw string.
            with contextlib.suppress(ValueError):
                args[key] = json.loads(args[key])
    return args


def _basic_auth(request: web.Request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        user, _, password = base64.b64decode(header[len("Basic ") :]).decode().partition(":")
    except ValueError:
        return None
    return user, password


def _bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    return header[len("Bearer ") :] if header.startswith("Bearer ") else None
