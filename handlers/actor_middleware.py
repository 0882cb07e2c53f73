"""Who is acting, once per request: a Bolt middleware puts the ``Actor`` (account, user, role) in the context.

It runs for actions, views and commands, so each of those listeners simply takes ``actor`` (and
``clicker``, who sent it, unread) as arguments. The hot step buttons (an answer, Done, Didn't work,
Back, a link) get ``actor=None``: their one transaction resolves the clicker itself, so a click
costs no extra round trip. Events are left alone: their payloads name people in different places
(a thread reply's author, a profile change's subject), and each event listener reads its own.

The workspace is the one Bolt authorised (the team of the token it found), never a team id the payload names:
a sender from another workspace is refused, so a payload can't act on another installation's account.

When the sender can't be served, the middleware acks and replies itself, so Slack never shows
the user an error and no listener runs.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.response import BoltResponse

from bot.rendering import action_ids as ids
from bot.runtime import Runtime
from bot.walks.actors import ActorRefused, Clicker, actor_for

# Interactive payloads that carry ``team`` and ``user`` objects (events are not among them).
INTERACTIVE = frozenset({"block_actions", "view_submission", "view_closed", "shortcut", "message_action"})

NO_SENDER = "Slack did not say who sent this, so walkbot ignored it. Try again from Slack."
# A request whose sender belongs to another workspace than the installation Bolt authorised it for (a Slack
# Connect guest, a modal opened from another organisation): it never acts on, nor creates rows in, that account.
OTHER_WORKSPACE = (
    "walkbot here belongs to another workspace, so it can't act for you. "
    "If your own workspace uses walkbot, use it from there."
)

# Step buttons whose use case resolves the clicker inside the step's own transaction (the hot path).
RESOLVED_IN_STEP = frozenset({ids.CONTINUE, ids.DIDNT_WORK, ids.FOLLOW_LINK, ids.BACK})


def resolved_in_step(body: dict[str, Any]) -> bool:
    if body.get("type") != "block_actions":
        return False
    action_id = ((body.get("actions") or [{}])[0]).get("action_id") or ""
    return action_id in RESOLVED_IN_STEP or action_id == ids.CHOOSE or action_id.startswith(ids.CHOOSE + ":")


def sender_of(body: dict[str, Any]) -> tuple[str, str] | None:
    """(team id, Slack user id) of a command or interactive payload; None for anything else (events)."""
    if body.get("command"):
        return body.get("team_id") or "", body.get("user_id") or ""
    if body.get("type") in INTERACTIVE:
        user = body.get("user") or {}
        team = (body.get("team") or {}).get("id") or user.get("team_id") or ""
        return team, user.get("id") or ""
    return None


def authorized_team(context) -> str | None:
    """The workspace Bolt authorised the request for: the team of the token it found (``auth.test`` of the one
    bot token, or of the installation the OAuth store returned), else the team it looked that token up by."""
    authorized = context.authorize_result
    return (authorized.team_id if authorized is not None else None) or context.team_id


class PutActorInContext(AsyncMiddleware):
    """The middleware as a Bolt middleware class: Bolt calls it with the request itself, where a function
    middleware would first have every one of Bolt's listener arguments built for it (``ack``, ``respond``,
    ``say``, ``complete``… on each request, about a tenth of a click's dispatch)."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def async_process(self, *, req, resp, next) -> BoltResponse | None:  # noqa: A002
        body, context = req.body, req.context
        sender = sender_of(body)
        if sender is None:
            return await next()
        sent_from, user_id = sender
        team_id = authorized_team(context) or sent_from
        try:
            if not team_id or not user_id:
                raise ActorRefused(NO_SENDER)
            if sent_from and sent_from != team_id:
                raise ActorRefused(OTHER_WORKSPACE)
            context["clicker"] = Clicker(team_id, user_id)
            context["actor"] = None if resolved_in_step(body) else await actor_for(self.runtime, team_id, user_id)
        except ActorRefused as refused:
            response = await context.ack()
            await _tell(context.respond if body.get("response_url") else None, context.client, user_id, str(refused))
            return response
        return await next()


def register(app: AsyncApp, runtime: Runtime) -> None:
    app.middleware(PutActorInContext(runtime))


async def _tell(respond, client, user_id: str, message: str) -> None:
    """Ephemerally where the request came from; a modal or App Home has no response URL, so its sender gets a DM."""
    if respond is not None and respond.response_url:  # a modal or an App Home click has none
        await respond(text=message, response_type="ephemeral", replace_original=False)
    elif user_id:
        await client.chat_postMessage(channel=user_id, text=message)
