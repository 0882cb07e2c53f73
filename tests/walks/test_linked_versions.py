"""A walk that follows a link keeps walking the linked flow's version it entered, even after a republish."""

from datetime import UTC, datetime

from bot.engine import Choose, FollowLink
from bot.flows.library import publish_flow
from bot.flows.model import Flow
from bot.walks.stepping import begin_walk, flow_context, take_step
from storage.queries.accounts import account_for_team, user_for_slack_id
from storage.queries.trees import latest_version


def vpn(question: str) -> Flow:
    return Flow.from_dict(
        {
            "slug": "vpn",
            "title": "VPN",
            "start": "q",
            "nodes": [
                {"id": "q", "type": "question", "text": question,
                 "options": [{"id": "y", "label": "Yes", "next": "ok"}, {"id": "n", "label": "No", "next": "ok"}]},
                {"id": "ok", "type": "resolve", "text": "Connected."},
            ],
        }
    )  # fmt: skip


WIFI = Flow.from_dict(
    {
        "slug": "wifi",
        "title": "Wi-Fi",
        "start": "go",
        "nodes": [{"id": "go", "type": "link", "text": "Now check the VPN.", "flow": "vpn"}],
    }
)


def at() -> datetime:
    return datetime.now(UTC)


async def test_the_linked_version_entered_is_kept_after_the_linked_flow_is_republished(db):
    async with db.begin() as session:
        account = await account_for_team(session, "T_LINKS")
        user = await user_for_slack_id(session, account.id, "U1")
        await publish_flow(session, account.id, vpn("Is the VPN client installed? (v1)"), source=None)
        await publish_flow(session, account.id, WIFI, source=None)
        wifi_tree = await latest_version(session, account.id, "wifi")
        first = await begin_walk(
            session,
            await flow_context(session, account.id, WIFI),
            session_kind="flow",
            account_id=account.id,
            created_by_user_id=user.id,
            ticket_id="1",
            ticket_kind="psa",
            flow_id=wifi_tree.id,
        )
    walk_id = first.session.id
    async with db.begin() as session:
        followed = await take_step(session, account.id, walk_id, FollowLink(revision=0, actor="U1", at=at()))
    assert followed.outcome.view.node.text == "Is the VPN client installed? (v1)"
    assert followed.session.walked_path[-1]["flow_version"]

    async with db.begin() as session:  # an author republishes the linked flow mid-walk
        _, version, published = await publish_flow(session, account.id, vpn("Rewritten question (v2)"), source=None)
    assert (version, published) == (2, True)

    async with db.begin() as session:
        answered = await take_step(session, account.id, walk_id, Choose(revision=1, actor="U1", at=at(), option_id="y"))
    assert answered.session.walked_path[-1]["text"] == "Is the VPN client installed? (v1)"
    assert answered.outcome.view.node.type == "resolve"
