"""The harness itself, proven against a tiny Bolt app served exactly as walkbot is (bot.app + bot.server)."""

from __future__ import annotations

import json

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from tests.harness.app import RunningWalkbot, start_walkbot
from tests.harness.driver import SlackDriver, plain_text_input, radio_buttons
from tests.harness.fake_slack import FakeSlack

CARD_BLOCKS = [
    {"type": "section", "block_id": "node", "text": {"type": "mrkdwn", "text": "Is the printer on?"}},
    {
        "type": "actions",
        "block_id": "options",
        "elements": [
            {
                "type": "button",
                "action_id": "tiny_option",
                "value": "yes",
                "text": {"type": "plain_text", "text": "Yes"},
            }
        ],
    },
]


def register_tiny_listeners(app, runtime) -> None:
    """A miniature walkbot: /walk posts a card, a click updates it, a modal submit posts its values."""

    @app.command("/walk")
    async def walk(ack, command, client, respond):
        await ack()
        if command["text"] == "help":
            await respond(response_type="ephemeral", text="usage: /walk TICKET")
            return
        try:
            await client.chat_postMessage(channel=command["channel_id"], text="walk card", blocks=CARD_BLOCKS)
        except SlackApiError as err:
            await respond(response_type="ephemeral", text=f"failed: {err.response['error']}")

    @app.action("tiny_option")
    async def choose(ack, body, client):
        await ack()
        await client.chat_update(
            channel=body["container"]["channel_id"],
            ts=body["container"]["message_ts"],
            text=f"answered {body['actions'][0]['value']} by {body['user']['id']}",
            blocks=[],
        )

    @app.view("tiny_resolve")
    async def resolve(ack, view, body, client):
        await ack()
        values = view["state"]["values"]
        notes = values["notes"]["notes_input"]["value"]
        helpful = values["helpful"]["helpful_choice"]["selected_option"]["value"]
        await client.chat_postMessage(
            channel="C_HELPDESK", text=f"resolved: {notes} helpful={helpful} meta={view['private_metadata']}"
        )

    @app.event("message")
    async def note(event, client):
        await client.reactions_add(channel=event["channel"], timestamp=event["ts"], name="memo")


@pytest.fixture
async def tiny(database_url: str, fake_slack: FakeSlack):
    running = await start_walkbot(database_url, fake_slack, register_listeners=register_tiny_listeners)
    try:
        yield running
    finally:
        await running.close()


@pytest.fixture
async def driver(tiny: RunningWalkbot, fake_slack: FakeSlack):
    async with SlackDriver(tiny.url, tiny.signing_secret, fake=fake_slack) as d:
        yield d


async def test_a_signed_slash_command_is_acked_and_its_message_recorded_with_decoded_blocks(driver, fake_slack):
    status, _ = await driver.slash("12345")

    assert status == 200
    (post,) = await fake_slack.wait_for("chat.postMessage")
    assert post.token == fake_slack.token
    assert post.args["channel"] == "C_HELPDESK"
    assert post.args["blocks"][0]["text"]["text"] == "Is the printer on?"
    assert fake_slack.message("C_HELPDESK", post.response["ts"])["blocks"] == CARD_BLOCKS


async def test_a_request_with_a_bad_signature_is_rejected_with_401(driver, fake_slack):
    status, _ = await driver.slash("12345", bad_signature=True)

    assert status == 401
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_a_request_older_than_five_minutes_is_rejected_with_401(driver, fake_slack):
    status, _ = await driver.slash("12345", timestamp_offset=-600)

    assert status == 401
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_a_click_on_the_card_updates_that_message(driver, fake_slack):
    await driver.slash("12345")
    (post,) = await fake_slack.wait_for("chat.postMessage")

    status, _ = await driver.click(
        "tiny_option", "yes", message_ts=post.response["ts"], channel_id=post.response["channel"]
    )

    assert status == 200
    (update,) = await fake_slack.wait_for("chat.update")
    assert (update.args["channel"], update.args["ts"]) == (post.response["channel"], post.response["ts"])
    assert fake_slack.message("C_HELPDESK", post.response["ts"])["text"] == "answered yes by U_TECH"


async def test_a_modal_submission_carries_its_values_and_private_metadata(driver, fake_slack):
    status, _ = await driver.submit_view(
        "tiny_resolve",
        values={
            "notes": {"notes_input": plain_text_input("cable")},
            "helpful": {"helpful_choice": radio_buttons("yes")},
        },
        private_metadata="session-7",
    )

    assert status == 200
    (post,) = await fake_slack.wait_for("chat.postMessage")
    assert post.args["text"] == "resolved: cable helpful=yes meta=session-7"


async def test_a_rate_limited_call_is_retried_after_retry_after_and_succeeds(driver, fake_slack):
    fake_slack.rate_limit("chat.postMessage", retry_after=0)

    await driver.slash("12345")

    first, second = await fake_slack.wait_for("chat.postMessage", count=2)
    assert (first.status, first.response["error"]) == (429, "ratelimited")
    assert second.ok
    assert len(fake_slack.messages) == 1


async def test_a_server_error_is_retried_once(driver, fake_slack):
    fake_slack.server_error("chat.postMessage")

    await driver.slash("12345")

    first, second = await fake_slack.wait_for("chat.postMessage", count=2)
    assert (first.status, second.ok) == (500, True)


async def test_an_injected_error_reaches_the_app_and_its_respond_is_captured(driver, fake_slack):
    fake_slack.fail("chat.postMessage", "not_in_channel")

    await driver.slash("12345")

    (response,) = await fake_slack.wait_for_response()
    assert response["text"] == "failed: not_in_channel"
    assert fake_slack.responses_to(driver.last_response_name) == [response]
    assert fake_slack.messages == {}


async def test_respond_posts_to_the_commands_response_url(driver, fake_slack):
    await driver.slash("help")

    (response,) = await fake_slack.wait_for_response()
    assert (response["text"], response["response_type"]) == ("usage: /walk TICKET", "ephemeral")
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_a_thread_reply_event_reaches_the_app_and_a_second_reaction_is_refused_like_slack(driver, fake_slack):
    status, _ = await driver.thread_reply(
        "C_HELPDESK", "1700000000.000100", "checked the cable", ts="1710000001.000001"
    )

    assert status == 200
    (reaction,) = await fake_slack.wait_for("reactions.add")
    assert reaction.args | {"team_id": None} == {
        "channel": "C_HELPDESK",
        "timestamp": "1710000001.000001",
        "name": "memo",
        "team_id": None,
    }
    client = AsyncWebClient(token=fake_slack.token, base_url=fake_slack.base_url)
    with pytest.raises(SlackApiError, match="already_reacted"):
        await client.reactions_add(channel="C_HELPDESK", timestamp="1710000001.000001", name="memo")


async def test_url_verification_echoes_the_challenge(driver):
    status, body = await driver.url_verification("abc123")

    assert (status, json.loads(body)) == (200, {"challenge": "abc123"})


async def test_a_wrong_token_is_refused_with_invalid_auth(fake_slack):
    client = AsyncWebClient(token="xoxb-wrong", base_url=fake_slack.base_url)

    with pytest.raises(SlackApiError, match="invalid_auth"):
        await client.auth_test()
    assert fake_slack.last("auth.test").token == "xoxb-wrong"


async def test_form_encoded_json_fields_and_get_query_arguments_are_decoded(fake_slack):
    client = AsyncWebClient(token=fake_slack.token, base_url=fake_slack.base_url)

    fake_slack.add_member("U_TECH")
    await client.api_call("chat.postMessage", data={"channel": "C1", "text": "t", "blocks": json.dumps(CARD_BLOCKS)})
    user = await client.users_info(user="U_TECH")

    assert fake_slack.last("chat.postMessage").args["blocks"] == CARD_BLOCKS
    assert fake_slack.last("users.info").args == {"user": "U_TECH"}
    assert user["user"]["profile"]["display_name"] == "u_tech"


async def test_wait_for_names_the_calls_it_saw_when_it_gives_up(fake_slack):
    with pytest.raises(AssertionError, match="1 call\\(s\\) to chat.update"):
        await fake_slack.wait_for("chat.update", timeout=0.05)


async def test_users_info_knows_only_members_of_the_workspace(fake_slack):
    client = AsyncWebClient(token=fake_slack.token, base_url=fake_slack.base_url)
    fake_slack.set_user("U_JANE", real_name="Jane Doe", display_name="jane")

    jane = await client.users_info(user="U_JANE")
    with pytest.raises(SlackApiError, match="user_not_found"):
        await client.users_info(user="U_NOBODY")

    assert (jane["user"]["profile"]["display_name"], jane["user"]["profile"]["email"]) == ("jane", "u_jane@example.com")


async def test_users_info_without_the_scope_is_refused_and_email_needs_its_own_scope(fake_slack):
    client = AsyncWebClient(token=fake_slack.token, base_url=fake_slack.base_url)
    fake_slack.set_user("U_JANE")
    fake_slack.scopes.discard("users:read.email")

    without_email = await client.users_info(user="U_JANE")
    fake_slack.scopes.discard("users:read")
    with pytest.raises(SlackApiError) as refused:
        await client.users_info(user="U_JANE")

    assert "email" not in without_email["user"]["profile"]
    assert refused.value.response["error"] == "missing_scope"
    assert refused.value.response["needed"] == "users:read"


async def test_files_info_answers_for_known_files_only(fake_slack):
    client = AsyncWebClient(token=fake_slack.token, base_url=fake_slack.base_url)
    fake_slack.add_file("F1", name="screenshot.png")

    found = await client.files_info(file="F1")
    with pytest.raises(SlackApiError, match="file_not_found"):
        await client.files_info(file="F2")

    assert found["file"]["name"] == "screenshot.png"
