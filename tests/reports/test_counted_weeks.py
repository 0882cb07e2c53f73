"""How long the admins' App Home shows a count of this week's Insights before an open counts again."""

import uuid
from datetime import UTC, datetime, timedelta

from bot.insights.period import week_start
from bot.rendering.insights import HomeInsights
from bot.reports.weekly import RECOUNT_AFTER, CountedWeek, CountedWeeks

ACCOUNT = uuid.UUID(int=1)
TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def _counted(at: datetime, timezone: str | None = None) -> CountedWeek:
    return CountedWeek(timezone, week_start(at, timezone), HomeInsights((), (), at, RECOUNT_AFTER))


def test_a_count_is_shown_until_it_is_recount_after_old():
    weeks = CountedWeeks()
    counted = _counted(TUESDAY)
    weeks.keep(ACCOUNT, counted, TUESDAY)
    assert weeks.recent(ACCOUNT, TUESDAY + RECOUNT_AFTER - timedelta(seconds=1)) is counted
    assert weeks.recent(ACCOUNT, TUESDAY + RECOUNT_AFTER) is None


def test_another_accounts_count_is_not_shown():
    weeks = CountedWeeks()
    weeks.keep(ACCOUNT, _counted(TUESDAY), TUESDAY)
    assert weeks.recent(uuid.UUID(int=2), TUESDAY) is None


def test_a_new_week_in_the_accounts_timezone_is_counted_afresh():
    sunday_night = datetime(2026, 12, 6, 23, 58, tzinfo=UTC)  # Monday already in Berlin
    weeks = CountedWeeks()
    weeks.keep(ACCOUNT, _counted(sunday_night - timedelta(minutes=1), "UTC"), sunday_night)
    weeks.keep(uuid.UUID(int=2), _counted(sunday_night - timedelta(minutes=1), "Europe/Berlin"), sunday_night)
    assert weeks.recent(ACCOUNT, sunday_night + timedelta(minutes=1)) is not None  # Sunday 23:59 in UTC
    assert weeks.recent(ACCOUNT, sunday_night + timedelta(minutes=3)) is None  # Monday 00:01 in UTC
    assert weeks.recent(uuid.UUID(int=2), sunday_night) is not None  # counted on Monday 00:57 Berlin time


def test_a_clock_set_back_counts_again():
    weeks = CountedWeeks()
    weeks.keep(ACCOUNT, _counted(TUESDAY), TUESDAY)
    assert weeks.recent(ACCOUNT, TUESDAY - timedelta(seconds=1)) is None


def test_counts_out_of_date_are_forgotten_when_another_is_kept():
    weeks = CountedWeeks()
    for n in range(1, 4):
        weeks.keep(uuid.UUID(int=n), _counted(TUESDAY), TUESDAY)
    later = TUESDAY + RECOUNT_AFTER
    weeks.keep(ACCOUNT, _counted(later), later)
    assert len(weeks) == 1
