"""The PSA note says what was tried, what was seen and how the walk ended, once per walk."""

from datetime import UTC, datetime

from bot.engine.state import notes_of, steps_of
from bot.psa.client import marker
from bot.writeback.note_text import WalkRecord, compose_note

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
END = datetime(2026, 11, 25, 9, 14, tzinfo=UTC)
PATH = [
    {"node_id": "online", "node_type": "question", "text": "Is the printer online?", "option_label": "No"},
    {"node_id": "power", "node_type": "instruction", "text": "Power-cycle the printer", "option_label": "Didn't work"},
    {"node_id": "ip", "node_type": "input", "text": "Printer IP?", "option_label": "10.0.0.7", "value": "10.0.0.7"},
]
NOTES = [
    {"node_id": "power", "text": "user says\nit jammed Monday", "source": "thread"},
    {"node_id": "ip", "text": "10.0.0.7", "source": "input"},
]


def record(**overrides):
    values = dict(
        session_kind="flow",
        status="resolved",
        flow_title="Printer offline",
        technician="Jane",
        started_at=START,
        ended_at=END,
        walked_path=steps_of(PATH),
        walk_notes=notes_of(NOTES),
        resolution_notes="Re-added the printer",
        helpful=True,
    )
    values.update(overrides)
    return WalkRecord(**values)


def test_each_step_reads_question_then_answer_with_its_notes():
    text = compose_note(record(), "k1")
    assert "1. Is the printer online? → No" in text
    assert "2. Power-cycle the printer → Didn't work\n   Note: user says it jammed Monday" in text
    assert "3. Printer IP? → 10.0.0.7" in text
    assert text.count("10.0.0.7") == 1  # the input value is not repeated as a note


def test_a_resolved_walk_carries_resolution_helpfulness_and_duration():
    text = compose_note(record(), "k1")
    assert "walkbot walk — resolved\nFlow: Printer offline" in text
    assert "Resolution: Re-added the printer" in text and "Flow helpful: yes" in text
    assert "14 min" in text


def test_an_escalated_walk_carries_category_and_reason():
    text = compose_note(
        record(status="escalated", escalation_reason="tray sensor", escalation_category="hardware_fault"), "k"
    )
    assert "Escalated: [hardware_fault] tray sensor" in text
    assert "Resolution" not in text


def test_the_note_ends_with_the_marker_the_outbox_searches_for():
    assert compose_note(record(), "abc").endswith(marker("abc"))


def test_an_ai_walk_names_its_category():
    assert "AI-guided walk (category: printer)" in compose_note(
        record(session_kind="ai_build", flow_title=None, category="printer"), "k"
    )
