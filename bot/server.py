"""HTTP serving: Slack's endpoint, a health check, and the background loops, on one aiohttp app."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from sqlalchemy import text

from bot.early_ack import step_clicks_acked_at_once
from bot.install.psa_link import PAGE_PATH
from bot.install.psa_page import save_setup, show_setup
from bot.runtime import Runtime
from bot.slack_requests import to_bolt_request

log = logging.getLogger(__name__)

SLACK_PATH = "/slack/events"

BackgroundTask = Callable[[Runtime, AsyncApp], Awaitable[None]]
BoltRequestBuilder = Callable[[web.Request], Awaitable[AsyncBoltRequest]]


def create_web_app(
    runtime: Runtime,
    bolt: AsyncApp,
    background: list[BackgroundTask] | None = None,
    *,
    bolt_request: BoltRequestBuilder = to_bolt_request,
    early_ack: bool = True,
) -> web.Application:
    """``bolt_request`` builds Bolt's request from aiohttp's: walkbot's decodes form bodies in C
    (``bot.slack_requests``); ``early_ack``: a walk card's step click is answered before Bolt runs
    (``bot.early_ack``). The click benchmark's floor passes Bolt's own adapter and no early ack, to measure
    stock Bolt."""
    ack_at_once = step_clicks_acked_at_once(runtime.settings.slack.signing_secret) if early_ack else None

    async def slack_events(request: web.Request) -> web.Response:
        bolt_req = await bolt_request(request)
        if ack_at_once is not None and ack_at_once(bolt_req):
            runtime.listener_work.start(_dispatch_answered(bolt, bolt_req))
            return web.Response()
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_req))

    async def healthz(request: web.Request) -> web.Response:
        try:
            async with runtime.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as exc:  # any database failure makes the instance unhealthy
            log.warning("health check failed: %s", type(exc).__name__)
            return web.json_response({"ok": False, "database": "unreachable"}, status=503)
        return web.json_response({"ok": True, "database": "ok"})

    async def oauth_pages(request: web.Request) -> web.Response:
        """Bolt's install page and redirect (installed by OAuth only)."""
        flow = bolt.oauth_flow
        request_for_bolt = await bolt_request(request)
        if request.path == flow.install_path:
            return await to_aiohttp_response(await flow.handle_installation(request_for_bolt))
        return await to_aiohttp_response(await flow.handle_callback(request_for_bolt))

    async def psa_page(request: web.Request) -> web.Response:
        """The one-time PSA credentials page (bot/install/psa_page.py)."""
        if request.method == "POST":
            answer = await save_setup(runtime, dict(await request.post()))
        else:
            answer = await show_setup(runtime, request.query.get("t", ""))
        return web.Response(
            status=answer.status,
            text=answer.html,
            content_type="text/html",
            headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"},
        )

    web_app = web.Application()
    web_app.router.add_post(SLACK_PATH, slack_events)
    if runtime.secrets is not None:
        web_app.router.add_get(PAGE_PATH, psa_page)
        web_app.router.add_post(PAGE_PATH, psa_page)
    if bolt.oauth_flow is not None:
        web_app.router.add_get(bolt.oauth_flow.install_path, oauth_pages)
        web_app.router.add_get(bolt.oauth_flow.redirect_uri_path, oauth_pages)
    web_app.router.add_get("/healthz", healthz)
    if background:
        web_app.cleanup_ctx.append(_background_ctx(runtime, bolt, background))
    return web_app


async def _dispatch_answered(bolt: AsyncApp, request: AsyncBoltRequest) -> None:
    """Bolt's dispatch of a request Slack already has its answer to; Bolt's own answer is dropped."""
    try:
        response = await bolt.async_dispatch(request)
    except Exception:  # Bolt reports listener errors itself; this is anything around them
        log.exception("dispatching an answered click failed")
        return
    if response.status != 200:
        log.warning("an answered click was refused by Bolt with %s", response.status)


def _background_ctx(runtime: Runtime, bolt: AsyncApp, tasks: list[BackgroundTask]):
    async def ctx(_app: web.Application):
        running = [asyncio.create_task(task(runtime, bolt)) for task in tasks]
        yield
        for task in running:
            task.cancel()
        for task in running:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return ctx
