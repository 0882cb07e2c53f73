"""Every way a technician can type /walk, and the message they get when it is wrong."""

import pytest

from bot.walks.command_text import SearchFlows, ShowList, ShowUsage, StartWalk, parse_walk_command


def test_empty_text_shows_usage():
    assert parse_walk_command("  ") == ShowUsage()


@pytest.mark.parametrize("name", ["mine", "escalations", "proposals", "settings"])
def test_list_words_show_their_list(name):
    assert parse_walk_command(name.upper() if name == "mine" else name) == ShowList(name)


def test_a_ticket_number_alone_asks_for_a_choice_of_flow():
    assert parse_walk_command("12345") == StartWalk("12345", "psa")


def test_a_hash_before_the_ticket_number_is_accepted():
    assert parse_walk_command("#12345 adhoc") == StartWalk("12345", "psa", target="adhoc")


def test_a_flow_slug_starts_that_flow():
    assert parse_walk_command("12345 printer-offline") == StartWalk("12345", "psa", target="printer-offline")


def test_internal_ticket_ids_are_normalised():
    assert parse_walk_command("int-7 ai") == StartWalk("INT-7", "internal", target="ai")


def test_internal_with_text_creates_an_internal_ticket_with_the_problem():
    assert parse_walk_command("internal printer on floor 2 jams", new_internal_id="INT-99") == StartWalk(
        "INT-99", "internal", problem_text="printer on floor 2 jams"
    )


@pytest.mark.parametrize(
    "text, hint",
    [
        ("internal", "Say what is wrong"),
        ("abc", "`abc` is not a ticket number"),
        ("12345 printer offline now", "Too many words"),
        ("12345 Printer_Offline!", "is not a flow name"),
        ("mine please", "takes no arguments"),
    ],
)
def test_bad_arguments_explain_what_is_wrong(text, hint):
    result = parse_walk_command(text)
    assert isinstance(result, ShowUsage)
    assert hint in result.problem


def test_flows_searches_with_the_words_after_it():
    assert parse_walk_command("flows printer offline") == SearchFlows("printer offline")
    assert parse_walk_command("FLOWS") == SearchFlows("")
