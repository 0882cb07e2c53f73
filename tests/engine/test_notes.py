"""Notes: attach to the current step, survive redelivery, can be edited and deleted; they never bump the revision."""

from bot.engine import Choose, DeleteNote, EditNote, Resolve, apply
from tests.engine.walks import at, do, note, printer_context, started


def test_a_note_attaches_to_the_current_step():
    state = do(started(), Choose, option_id="online").state
    outcome = note(state, " toner is low ", "1700000000.000100")
    assert outcome.changed is True
    assert tuple(n.to_dict() for n in outcome.state.walk_notes) == (
        {
            "node_id": "restart",
            "text": "toner is low",
            "author": "U_NOTE",
            "source": "thread",
            "source_id": "1700000000.000100",
            "at": at(30).isoformat(),
        },
    )


def test_a_note_does_not_bump_the_revision_so_the_card_stays_current():
    state = do(started(), Choose, option_id="online").state
    assert note(state, "toner is low", "1.1").state.revision == state.revision


def test_a_redelivered_note_is_a_no_op():
    once = note(started(), "toner is low", "1.1").state
    again = note(once, "toner is low", "1.1")
    assert again.changed is False
    assert again.state is once
    assert len(again.state.walk_notes) == 1


def test_a_blank_note_is_ignored():
    outcome = note(started(), "   ", "1.1")
    assert outcome.changed is False
    assert outcome.state.walk_notes == ()


def test_editing_a_note_replaces_its_text_and_marks_it_edited():
    state = note(started(), "toner is low", "1.1").state
    outcome = apply(state, EditNote(source_id="1.1", text="toner is empty", at=at(40)), printer_context())
    (edited,) = outcome.state.walk_notes
    assert (edited.text, edited.edited_at, edited.node_id) == ("toner is empty", at(40).isoformat(), "ask")


def test_editing_an_unknown_note_changes_nothing():
    state = note(started(), "toner is low", "1.1").state
    outcome = apply(state, EditNote(source_id="9.9", text="x", at=at()), printer_context())
    assert outcome.changed is False


def test_deleting_a_note_removes_it():
    state = note(note(started(), "first", "1.1").state, "second", "1.2").state
    outcome = apply(state, DeleteNote(source_id="1.1"), printer_context())
    assert [n.text for n in outcome.state.walk_notes] == ["second"]


def test_notes_are_accepted_after_the_walk_ends():
    resolved = do(started(), Resolve, notes="fixed", helpful=True).state
    outcome = note(resolved, "user confirmed next morning", "2.1")
    assert outcome.changed is True
    assert outcome.state.status == "resolved"
