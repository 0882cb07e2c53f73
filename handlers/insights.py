"""The admins' Insights in App Home: "Send me the report" uploads the HTML report and flow maps to their DM."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from bot.rendering.insights import SEND_REPORT
from bot.reports.delivery import NotAllowed, send_report_to_admin
from bot.runtime import Runtime

log = logging.getLogger(__name__)


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.action(SEND_REPORT)
    async def send_report(ack, client, actor):
        await ack()
        try:
            await send_report_to_admin(runtime, client, actor, datetime.now(UTC))
        except NotAllowed:
            log.warning("non-admin %s asked for the insights report in team %s", actor.slack_user_id, actor.team_id)
        except SlackApiError as exc:
            error = exc.response.get("error")
            if error == "missing_scope":
                log.error("reinstall walkbot from slack-manifest.yml: im:write and files:write are needed for reports")
