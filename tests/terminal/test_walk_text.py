"""The terminal's reading of a typed line and its drawing of a step (pure, no database)."""

from bot.engine import Back, Choose, Continue, DidntWork, FollowLink, SubmitInput, view_of
from bot.terminal.walk import (
    AddNoteCommand,
    AskValue,
    EscalateCommand,
    ResolveCommand,
    TakeStep,
    Unrecognised,
    category_of,
    helpful_of,
    parse_command,
    render_step,
)
from tests.engine.walks import do, printer_context, started


def _view(node_id: str, *, stepped: bool = False):
    state = do(started(), Choose, option_id="online").state if stepped else started()
    return view_of(state.evolve(current_node_id=node_id), printer_context())


def test_a_number_picks_that_option():
    assert parse_command("2", _view("ask")) == TakeStep(Choose, {"option_id": "offline"})


def test_an_option_can_be_typed_by_its_label():
    assert parse_command("offline", _view("ask")) == TakeStep(Choose, {"option_id": "offline"})


def test_a_number_outside_the_options_is_refused_with_the_range():
    assert parse_command("4", _view("ask")) == Unrecognised("Pick a number from 1 to 3.")


def test_d_and_f_answer_an_instruction():
    assert parse_command("d", _view("restart")) == TakeStep(Continue)
    assert parse_command("f", _view("restart")) == TakeStep(DidntWork)
    assert parse_command("2", _view("restart")) == TakeStep(DidntWork)


def test_on_an_input_step_typed_text_is_the_value():
    assert parse_command("prn-02", _view("host")) == TakeStep(SubmitInput, {"value": "prn-02"})
    assert parse_command("=b", _view("host")) == TakeStep(SubmitInput, {"value": "b"})
    assert parse_command("1", _view("host")) == AskValue("Printer hostname")
    assert parse_command("8080", _view("host")) == TakeStep(SubmitInput, {"value": "8080"})


def test_letters_are_the_commands_every_step_has():
    view = _view("restart", stepped=True)
    assert parse_command("b", view) == TakeStep(Back)
    assert parse_command("n toner is low", view) == AddNoteCommand("toner is low")
    assert parse_command("r", view) == ResolveCommand()
    assert parse_command("e", view) == EscalateCommand()
    assert parse_command("1", _view("to-spooler")) == TakeStep(FollowLink)


def test_a_note_without_text_says_how_to_write_one():
    assert parse_command("n", _view("ask")) == Unrecognised("Write the note after n: n toner is low")


def test_a_step_is_drawn_with_help_links_and_numbered_answers():
    text = render_step(_view("ask"), flow_title="Printer test")
    assert text.splitlines()[0].startswith("── Step 1 · Printer test ")
    assert "   Look under *Printers & scanners*." in text
    assert "   ↗ Printer KB: https://kb.example.com/printers" in text
    assert "  [1] Online\n  [2] Offline\n  [3] It is a spooler problem" in text
    assert "b back" not in text  # nothing to go back to on the first step


def test_an_instruction_shows_its_letter_shortcuts():
    assert "  [1] It worked (d)\n  [2] Didn't work (f)" in render_step(_view("restart", stepped=True))


def test_categories_are_picked_by_number_key_or_the_suggestion():
    assert category_of("2", None) == "hardware_fault"
    assert category_of("Outside L1 scope", None) == "outside_l1_scope"
    assert category_of("", "needs_admin_access") == "needs_admin_access"


def test_helpful_is_yes_no_or_skipped():
    assert (helpful_of("Y"), helpful_of("no"), helpful_of("")) == (True, False, None)
