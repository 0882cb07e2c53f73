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


def test_an_autotask_ticket_number_is_accepted_as_typed():
    assert parse_walk_command("t20240311.0042 adhoc") == StartWalk(
        "T20240311.0042", "psa", target="adhoc", source_psa="autotask"
    )


@pytest.mark.parametrize(
    "link, ticket_id, psa",
    [
        ("https://na.myconnectwise.net/v4_6_release/ConnectWise.aspx?locale=en_US&routeTo=ServiceFV&recid=12345", "12345", "connectwise"),
        ("<https://na.myconnectwise.net/v4_6_release/services/system_io/Service/fv_sr100_request.rails?service_recid=777&amp;companyName=acme>", "777", "connectwise"),
        ("https://ww5.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID=4242", "4242", "autotask"),
        ("https://ww5.autotask.net/Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketNumber=T20240311.0042", "T20240311.0042", "autotask"),
        ("https://ww14.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?workspace=False&ticketId=88", "88", "autotask"),
        ("<https://acme.halopsa.com/tickets?id=5150|Ticket 5150>", "5150", "halo"),
    ],
)  # fmt: skip
def test_a_pasted_ticket_link_from_any_psa_is_its_ticket(link, ticket_id, psa):
    assert parse_walk_command(link) == StartWalk(ticket_id, "psa", source_psa=psa)


def test_a_link_that_names_no_ticket_is_explained():
    result = parse_walk_command("https://acme.halopsa.com/dashboard")
    assert isinstance(result, ShowUsage) and "paste the ticket's link" in result.problem
