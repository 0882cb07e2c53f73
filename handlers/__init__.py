"""Slack listeners, one module per Slack surface; ``register_all`` wires them onto the Bolt app."""

import logging

from slack_bolt.async_app import AsyncApp

from bot.runtime import Runtime
from handlers import (
    actions,
    actor_middleware,
    commands,
    events,
    flow_search,
    home,
    insights,
    modal_openers,
    proposals,
    settings,
    shortcuts,
    views,
)

log = logging.getLogger(__name__)

UNEXPECTED = (
    "Something went wrong on walkbot's side, and it was logged. Your walk is saved as of its last step: "
    "try again, and tell your walkbot admin if it keeps happening."
)


def register_all(app: AsyncApp, runtime: Runtime) -> None:
    # The actor middleware first: every action, view and command listener after it gets ``actor``. Then the
    # walk card's buttons, the hot path: Bolt asks each listener in turn whether it matches, building every
    # listener argument for each (about 60 µs), so a click is matched by the first listener asked.
    for module in (
        actor_middleware,
        actions,
        commands,
        modal_openers,
        proposals,
        views,
        settings,
        events,
        home,
        flow_search,
        insights,
        shortcuts,
    ):
        module.register(app, runtime)

    @app.error
    async def unexpected_error(error, body, respond):
        """Never leave a technician with a silent button: log (team id, no secrets) and say so."""
        team = (body.get("team") or {}).get("id") or body.get("team_id")
        log.error("listener failed for team %s: %s: %s", team, type(error).__name__, error, exc_info=error)
        if respond is not None and respond.response_url:  # App Home clicks have none
            await respond(text=UNEXPECTED, response_type="ephemeral", replace_original=False)
