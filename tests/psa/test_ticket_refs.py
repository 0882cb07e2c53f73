"""Finding the ticket a Slack message is about: links first, then T-numbers, then #12345."""

from bot.psa.ticket_refs import TicketRef, find_ticket_ref


def test_a_message_with_a_halo_link_names_that_ticket():
    text = "Customer chased again <https://acme.halopsa.com/tickets?id=5150|#5150> can someone look?"
    assert find_ticket_ref(text) == TicketRef("5150", "halo")


def test_an_autotask_number_in_a_sentence_is_found():
    assert find_ticket_ref("Dana called about T20240311.0042 again") == TicketRef("T20240311.0042", "autotask")


def test_a_hash_number_in_a_sentence_is_found_but_not_an_html_entity_or_a_time():
    assert find_ticket_ref("see #12345 (printer)") == TicketRef("12345")
    assert find_ticket_ref("price &#163; at 10:30, room 12") is None


def test_a_message_without_a_ticket_finds_none():
    assert find_ticket_ref("lunch at 12?") is None and find_ticket_ref("") is None
