"""Walks for the storage tests: an ad-hoc walk to click, and a click's read and write as the click path makes them."""

from storage.driver import driver_connection
from storage.queries import accounts, sessions


async def adhoc_walk(db, team: str = "T1", **columns):
    """An ad-hoc walk of U1 on ticket 1 (at node n1 unless ``columns`` say otherwise)."""
    async with db.begin() as s:
        account = await accounts.account_for_team(s, team)
        tech = await accounts.user_for_slack_id(s, account.id, "U1")
        walk = await sessions.create_session(
            s,
            account_id=account.id,
            created_by_user_id=tech.id,
            ticket_id="1",
            ticket_kind="psa",
            session_kind="adhoc",
            **{"current_node_id": "n1", **columns},
        )
    return account, tech, walk


async def clicked(engine, walk, team="T1", user="U1"):
    """The walk as a click of ``user`` reads it (``sessions.clicked_walk``)."""
    async with driver_connection(engine) as conn:
        return await sessions.clicked_walk(conn, team, user, walk.id)


async def write_click(engine, read, values):
    async with driver_connection(engine) as conn:
        return await sessions.write_click(conn, read, values)
