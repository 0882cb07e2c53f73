"""Secrets in quoted notes are masked, ordinary words are not; periods read as the docs say."""

from datetime import UTC, datetime

import pytest

from bot.insights.period import BadPeriod, since_from, week_start
from bot.insights.redaction import redact


@pytest.mark.parametrize(
    "note, shown",
    [
        ("Panel shows E05, admin password=hunter2", "Panel shows E05, admin password=[redacted]"),
        ("the password is Summer2024!", "the password is [redacted]"),
        ("pwd: Tr0ub4dor&3", "pwd: [redacted]"),
        ("PIN 4821 for the copier", "PIN [redacted] for the copier"),
        ("API key: abc123", "API key: [redacted]"),
        ("bot token xoxb-123456789012-1234567890123-abcd ok", "bot token [redacted] ok"),
        ("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3", "Bearer [redacted]"),
        ("mapped smb://bob:secret99@nas/share", "mapped smb://[redacted]@nas/share"),
        ("key AKIAIOSFODNN7EXAMPLE in the script", "key [redacted] in the script"),
        ("ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked", "[redacted] leaked"),
    ],
)
def test_secrets_in_notes_are_masked(note, shown):
    assert redact(note) == shown


@pytest.mark.parametrize(
    "note",
    [
        "password is wrong, user reset it",
        "reset the password for the user",
        "keyboard key stuck on the laptop",
        "printer at 192.168.1.50 replies to ping",
        "token expired, signed in again",
    ],
)
def test_ordinary_notes_are_left_alone(note):
    assert redact(note) == note


NOW = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)  # a Thursday


def test_durations_count_back_from_now():
    assert since_from("30d", NOW) == datetime(2026, 10, 27, 15, 30, tzinfo=UTC)
    assert since_from("2w", NOW) == datetime(2026, 11, 12, 15, 30, tzinfo=UTC)
    assert since_from("12h", NOW) == datetime(2026, 11, 26, 3, 30, tzinfo=UTC)


def test_a_date_is_midnight_in_the_accounts_timezone():
    assert since_from("2026-11-01", NOW) == datetime(2026, 11, 1, tzinfo=UTC)
    assert since_from("2026-11-01", NOW, "America/New_York") == datetime(2026, 11, 1, 4, tzinfo=UTC)


def test_the_week_starts_on_monday_midnight_there():
    assert week_start(NOW) == datetime(2026, 11, 23, tzinfo=UTC)
    assert week_start(NOW, "Asia/Tokyo") == datetime(2026, 11, 22, 15, tzinfo=UTC)


@pytest.mark.parametrize("text", ["last tuesday", "30 days", "-3d", "2026-13-01"])
def test_anything_else_is_refused_with_what_to_write(text):
    with pytest.raises(BadPeriod, match="write 30d, 2w, 12h or a date"):
        since_from(text, NOW)
