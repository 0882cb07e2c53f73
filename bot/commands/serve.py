"""``walkbot serve``: HTTP on PORT at /slack/events, or Socket Mode when SLACK_APP_TOKEN is set."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from bot.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    serve = sub.add_parser("serve", help="run the Slack app (HTTP, or Socket Mode with SLACK_APP_TOKEN)")
    serve.add_argument("--port", type=int, help="HTTP port (default: PORT or 3000)")
    serve.set_defaults(run=run_serve)


def run_serve(settings: Settings, args: argparse.Namespace) -> int:
    from bot.writeback.lease import outbox_lease

    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # slack_sdk logs whole response bodies at DEBUG, and oauth.v2.access's holds the new bot token:
    # secrets never reach a log, so its loggers stay at INFO even when walkbot's own run at DEBUG.
    for name in ("slack_sdk", "slack_bolt"):
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(settings.log_level)))
    settings.slack.require_http()
    outbox_lease(settings)  # a lease shorter than one PSA call could post a note twice: refuse to start
    asyncio.run(_serve(settings, args.port or settings.port))
    return 0


async def _serve(settings: Settings, port: int) -> None:
    # The composition root: the only place in bot/ that reaches up to the Slack listeners.
    from aiohttp import web

    import handlers
    from bot.app import create_app
    from bot.background import BACKGROUND_TASKS
    from bot.runtime import build_runtime
    from bot.server import create_web_app
    from bot.walks.roles import apply_configured

    runtime = await build_runtime(settings)
    # WALKBOT_ADMINS / WALKBOT_ENGINEERS / ESCALATION_CHANNEL as they are now, not as at first contact.
    await apply_configured(runtime.db, settings)
    bolt = create_app(runtime, handlers.register_all)
    web_app = create_web_app(runtime, bolt, BACKGROUND_TASKS)
    runner = web.AppRunner(web_app)
    await runner.setup()
    await web.TCPSite(runner, "0.0.0.0", port).start()
    log = logging.getLogger("walkbot")
    log.info("serving /slack/events and /healthz on port %s", port)
    stop = _stop_on_signals()
    try:
        if settings.slack.app_token:
            from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

            log.info("Socket Mode: connecting with SLACK_APP_TOKEN")
            socket_mode = AsyncSocketModeHandler(bolt, settings.slack.app_token)
            await socket_mode.connect_async()
            await stop.wait()
            await socket_mode.close_async()
        else:
            await stop.wait()
        log.info("stopping: no new requests; finishing the work already acknowledged")
    finally:
        await runner.cleanup()
        await runtime.close()
    log.info("stopped")


def _stop_on_signals() -> asyncio.Event:
    """SIGTERM (a container or Heroku stopping the dyno) and SIGINT set the event instead of killing the process,
    so work Slack was already told is done (a card being posted, a note being written) finishes before exit."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows' event loop
            loop.add_signal_handler(signum, stop.set)
    return stop
