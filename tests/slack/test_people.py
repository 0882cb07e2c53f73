"""People are named by their Slack display names, resolved once with users.info and cached on the users row."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import SessionEvent, User
from tests.harness.driver import SlackDriver
from tests.slack.test_psa_e2e import deliver, resolve, walk_one_step

from .steps import eventually


async def user_row(db, slack_user_id: str) -> User:
    async with db() as session:
        return await session.scalar(select(User).where(User.slack_user_id == slack_user_id))


async def test_the_psa_note_names_the_technician_by_display_name_not_slack_id(
    tech, fake_slack, connectwise, psa_walkbot, db
):
    fake_slack.set_user("U_TECH", real_name="Tina Technician", display_name="Tina")
    channel, ts, _, blocks = await walk_one_step(tech, fake_slack)
    await resolve(tech, fake_slack, channel, ts, blocks)
    await deliver(psa_walkbot)

    [note] = connectwise.posted_notes(12345)
    assert "Technician: Tina ·" in note["text"]
    assert "U_TECH" not in note["text"]


async def test_the_profile_is_asked_once_and_cached_with_real_name_and_email(
    tech, fake_slack, connectwise, psa_walkbot, db
):
    fake_slack.set_user("U_TECH", real_name="Tina Technician", display_name="Tina")
    channel, ts, _, blocks = await walk_one_step(tech, fake_slack)
    await resolve(tech, fake_slack, channel, ts, blocks)
    await tech.slash("12345 printer-offline")
    await fake_slack.wait_for("chat.postMessage", count=3)

    asked = [c for c in fake_slack.calls_to("users.info") if c.args.get("user") == "U_TECH"]
    row = await user_row(db, "U_TECH")
    assert len(asked) == 1
    assert (row.display_name, row.real_name, row.email) == ("Tina", "Tina Technician", "u_tech@example.com")
    assert row.profile_checked_at is not None


async def test_an_empty_display_name_falls_back_to_the_real_name(tech, fake_slack, connectwise, psa_walkbot, db):
    fake_slack.set_user("U_TECH", real_name="Tina Technician", display_name="")
    channel, ts, _, blocks = await walk_one_step(tech, fake_slack)
    await resolve(tech, fake_slack, channel, ts, blocks)
    await deliver(psa_walkbot)

    assert "Technician: Tina Technician ·" in connectwise.posted_notes(12345)[0]["text"]


async def test_without_the_users_read_scope_the_walk_still_ends_and_is_written_back(
    tech, fake_slack, connectwise, psa_walkbot, db
):
    fake_slack.scopes.discard("users:read")
    channel, ts, _, blocks = await walk_one_step(tech, fake_slack)
    await resolve(tech, fake_slack, channel, ts, blocks)
    await deliver(psa_walkbot)

    assert any(c.response.get("error") == "missing_scope" for c in fake_slack.calls_to("users.info"))
    assert len(connectwise.posted_notes(12345)) == 1
    assert (await user_row(db, "U_TECH")).profile_checked_at is None  # asked again once the app is reinstalled


async def test_a_deactivated_user_loses_their_role_and_their_walk_opens_to_take_over(
    tech: SlackDriver, fake_slack, psa_walkbot, db
):
    status, _ = await tech.slash("12345 adhoc", user_id="U_ENG1")
    assert status == 200
    rows = await eventually(db, lambda rows: len(rows) == 1 and rows[0].message_ts is not None)
    assert (await user_row(db, "U_ENG1")).role == "engineer"

    user = fake_slack.set_user("U_ENG1", real_name="Eli Engineer", display_name="Eli", deleted=True)
    status, _ = await tech.user_change(user)
    assert status == 200

    note = await fake_slack.wait_for("chat.postMessage", where=lambda c: "deactivated" in c.args.get("text", ""))
    row = await user_row(db, "U_ENG1")
    async with db() as session:
        events = list(await session.scalars(select(SessionEvent).where(SessionEvent.session_id == rows[0].id)))
    assert (row.role, row.deleted, row.display_name) == ("l1", True, "Eli")
    assert note[0].args["thread_ts"] == rows[0].message_ts and "Eli was deactivated" in note[0].args["text"]
    assert [e.kind for e in events] == ["technician_left"]
