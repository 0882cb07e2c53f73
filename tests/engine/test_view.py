"""The view model: which buttons each kind of step shows, and what a finished walk shows."""

from bot.engine import Choose, Continue, FollowLink, WalkContext, view_of
from tests.engine.walks import PRINTER, do, printer_context, started


def _buttons(view):
    return [(b.intent, b.label, b.argument, b.primary) for b in view.node.buttons]


def _at(node_id):
    return view_of(started().evolve(current_node_id=node_id), printer_context())


def test_a_question_shows_one_choose_button_per_option_with_its_id():
    assert _buttons(_at("ask")) == [
        ("choose", "Online", "online", False),
        ("choose", "Offline", "offline", False),
        ("choose", "It is a spooler problem", "other", False),
    ]


def test_a_question_view_carries_help_and_links():
    view = _at("ask")
    assert view.node.help == "Look under *Printers & scanners*."
    assert [(lk.title, lk.url) for lk in view.node.links] == [("Printer KB", "https://kb.example.com/printers")]


def test_an_instruction_with_a_failed_path_shows_it_worked_and_didnt_work():
    assert _buttons(_at("restart")) == [("continue", "It worked", "", True), ("didnt_work", "Didn't work", "", False)]


def test_an_instruction_without_a_failed_path_shows_done_only():
    assert _buttons(_at("ping")) == [("continue", "Done", "", True)]


def test_an_input_step_asks_for_its_value():
    view = _at("host")
    assert _buttons(view) == [("enter_value", "Enter Printer hostname", "", True)]
    assert view.node.input_label == "Printer hostname"


def test_a_link_step_offers_continue():
    assert _buttons(_at("to-spooler")) == [("follow_link", "Continue", "", True)]


def test_a_resolve_step_offers_resolve_ticket():
    assert _buttons(_at("fixed")) == [("resolve", "Resolve ticket", "", True)]


def test_an_escalate_step_offers_escalate_and_suggests_its_category():
    view = _at("esc")
    assert _buttons(view) == [("escalate", "Escalate", "", True)]
    assert view.node.suggested_category == "hardware_fault"


def test_an_adhoc_walk_offers_record_a_step():
    view = view_of(started("adhoc", WalkContext()), WalkContext())
    assert _buttons(view) == [("record_step", "Record a step", "", True)]


def test_back_is_offered_only_after_a_step():
    assert _at("ask").can_back is False
    assert do(started(), Choose, option_id="online").view.can_back is True


def test_the_view_names_the_flow_the_current_step_belongs_to():
    state = do(do(started(), Choose, option_id="other").state, FollowLink).state
    assert view_of(state, printer_context()).flow_slug == "spooler-test"
    assert _at("ask").flow_slug == PRINTER.slug


def test_step_number_counts_answered_steps():
    state = do(do(started(), Choose, option_id="online").state, Continue).state
    assert view_of(state, printer_context()).step_number == 3
