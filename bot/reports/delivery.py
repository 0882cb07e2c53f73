""" "Send me the report": the HTML report and each flow's map, uploaded to the admin's DM with walkbot.

Read first (one transaction), render (one Graphviz run per flow writes its PNG and SVG: seconds for a library
of flows, so it runs in a worker thread and the event loop keeps serving clicks), then talk to Slack: ``conversations.open`` for the DM,
then ``files_upload_v2`` (files.getUploadURLExternal, the upload, files.completeUploadExternal), then the
candidates for new flows as a message, with a *Propose as flow* button per resolved walk.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.insights.flow_maps import inline_svgs, report_flow_maps_in
from bot.insights.html_report import report_html
from bot.insights.report import report_for
from bot.rendering.insights import candidate_blocks
from bot.reports.candidates import candidate_groups
from bot.reports.figures import concurrent_figures
from bot.runtime import Runtime
from bot.walks.actors import Actor

log = logging.getLogger(__name__)


class NotAllowed(PermissionError):
    """Only admins get reports with per-technician figures."""


@dataclass(frozen=True)
class Delivered:
    channel_id: str
    filenames: tuple[str, ...]


async def send_report_to_admin(
    runtime: Runtime, client: AsyncWebClient, actor: Actor, now: datetime, *, days: int = 30
) -> Delivered:
    """Raises NotAllowed for a non-admin, SlackApiError (logged, with the team id) when Slack refuses."""
    if not actor.is_admin:
        raise NotAllowed("Only walkbot admins can get the insights report.")
    async with runtime.db.begin() as db:
        report = await report_for(
            db,
            actor.account_id,
            since=f"{days}d",
            now=now,
            with_technicians=True,
            read_figures=concurrent_figures(runtime.db),
        )
    candidates = candidate_groups(report.candidates)
    maps = await asyncio.to_thread(report_flow_maps_in, report, formats=("png", "svg"))
    png_maps, svg_maps = maps["png"], maps["svg"]
    html = report_html(report, flow_maps=inline_svgs(svg_maps))
    stamp = f"{now:%Y-%m-%d}"
    uploads = [
        {
            "content": html.encode("utf-8"),
            "filename": f"walkbot-report-{stamp}.html",
            "title": f"walkbot report {stamp}",
        }
    ]
    uploads += [
        {"content": png, "filename": f"flow-map-{slug}-{stamp}.png", "title": f"Flow map: {slug}"}
        for slug, png in png_maps.items()
    ]
    try:
        opened = await client.conversations_open(users=actor.slack_user_id)
        channel_id = opened["channel"]["id"]
        await client.files_upload_v2(
            channel=channel_id,
            file_uploads=uploads,
            initial_comment=(
                f"Your walkbot report for the last {days} days: {len(report.flows)} flow(s). Open the HTML file "
                "in a browser; each flow map is shaded by traffic and outcome (definitions: docs/insights.md)."
            ),
        )
        if candidates:
            # Files carry no buttons: the candidates follow as a message whose buttons propose each walk.
            await client.chat_postMessage(
                channel=channel_id,
                blocks=candidate_blocks(candidates),
                text=f"Candidates for new flows: {len(candidates)} recurring problem(s) with no flow",
            )
    except SlackApiError as exc:
        log.error("report upload failed for team %s: %s", actor.team_id, exc.response.get("error"))
        raise
    return Delivered(channel_id, tuple(u["filename"] for u in uploads))
