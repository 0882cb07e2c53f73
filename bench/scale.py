"""Request cost against history: each request path timed with a few walks and with N past walks, in turn.

    .venv/bin/python bench/scale.py                    # N = 1,000,000 past walks in the account
    .venv/bin/python bench/scale.py --sessions 100000 --samples 30

Two walkbots run as in tests/harness (real handlers, Bolt and aiohttp server, the local PostgreSQL, fake Slack
and fake ConnectWise over HTTP), each on a throwaway database of its own: one with a few walks, one with the same
few walks and N past walks in its account. In each, one engineer who also walks tickets (U_ENG1) has a few active
walks and a queue's page of escalated ones (50, so the lists draw their 20 items on both walkbots). Each path is
timed ``--samples`` times on each walkbot, one request at a time, the two walkbots in turn (a load that comes and
goes on a shared machine weighs on both sides of the ratio alike), from the signed request until Slack received
its effect:

  thread reply -> note     an event in a walk card's thread, until the captured note's reaction
  /walk TICKET -> intake   a slash command for a new ConnectWise ticket, until the intake card is posted
  click -> card update     an option click on a walk card, until its chat.update
  /walk mine               until the ephemeral list is posted to the response_url
  /walk escalations        likewise, the engineers' queue
  App Home                 app_home_opened of an engineer, until views.publish
  App Home (admin)         an admin's app_home_opened, until the Home is published with their lists
  this week's Insights     the same, until it is published again with this week's Insights (counted in the database)
  pick up an escalation    an engineer's Pick up on a handoff card, until the walk's thread says so
  30-day report            the figures of ``walkbot report --since 30d`` for the account, computed in the database
                           (target: under 2 s at 1,000,000 walks)
  Send me the report       an admin's App Home click, until the HTML report and flow maps are uploaded to their DM

The history is bench/history.py's: ``--sessions`` past walks in the second walkbot's account, started evenly
over the last ``--span-days`` (default 730: about 41,000 walks in any 30 days at 1,000,000), over the shipped
flows in three versions and many path shapes (5% escalated, the rest mostly resolved, some abandoned, a few
active; one INSERT ... SELECT per table), ANALYZEd before the timings. Printed: p50/p99 of each path with a few
walks and with N, and their ratios; then the load-independent figure, what each path's SQL reads: after the
timings every path is fired once more on each walkbot with its statements recorded and replayed under
``EXPLAIN (ANALYZE, BUFFERS)`` (shared buffers hit+read and rows examined per statement, few walks against N;
bench/statement_cost.py). ``--no-timing`` prints only that.

Extend it with ``register_path(name, run)``: ``run(scene)`` fires one request and returns the
seconds until its effect (firing it inside ``scene.request()``, or through ``scene.until_call`` /
``scene.until_response``, so its SQL is recorded); it is then timed on both walkbots like the others.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import logging
import os
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make bot/, storage/ and tests/ importable
    sys.path.insert(0, str(ROOT))

from bench.clicks import percentile, walk_card_click, warm_up  # noqa: E402
from bench.history import SPAN_DAYS, seed_history  # noqa: E402
from bench.statement_cost import (  # noqa: E402
    PathCost,
    StatementRecorder,
    record_path,
    replay,
    write_plans,  # noqa: E402
)
from bench.statement_cost import report as report_statements  # noqa: E402
from bot.insights.report import report_for  # noqa: E402
from bot.rendering import action_ids  # noqa: E402
from bot.rendering.insights import SEND_REPORT  # noqa: E402
from bot.reports.figures import concurrent_figures  # noqa: E402
from storage.queries.accounts import account_for_team as _account_for_team  # noqa: E402
from storage.queries.escalations import QUEUE_PAGE  # noqa: E402
from tests.fakes.psa_connectwise import FakeConnectWise  # noqa: E402
from tests.harness.app import RunningWalkbot, start_walkbot  # noqa: E402
from tests.harness.driver import SlackDriver, plain_text_input, static_select  # noqa: E402
from tests.harness.fake_slack import FakeSlack, SlackCall  # noqa: E402

USER = "U_ENG1"  # an engineer (walkbot_env's WALKBOT_ENGINEERS) who walks tickets too
ADMIN = "U_ADMIN"  # walkbot_env's WALKBOT_ADMINS: gets the insights report
CHANNEL = "C_HELPDESK"
FLOW = "printer-offline"
ACTIVE_WALKS = 5
# Enough escalated walks to fill the queue's page, so /walk escalations and the engineer's App Home read and draw
# as many items with a few walks as with a million (the history escalates 5% of its walks).
ESCALATED_WALKS = QUEUE_PAGE
EFFECT_TIMEOUT = 15.0
REPORT_TIMEOUT = 120.0  # "Send me the report" lays out every reported flow's map twice (PNG and SVG)


@dataclass
class Card:
    channel: str
    ts: str


@dataclass
class Scene:
    """What a request path needs: the served walkbot, a signed-request driver, the fakes, the walks."""

    running: RunningWalkbot
    driver: SlackDriver
    fake: FakeSlack
    connectwise: FakeConnectWise
    cards: list[Card] = field(default_factory=list)  # the user's active walks
    tickets: Any = field(default_factory=lambda: itertools.count(70000))
    report_walks: int = 0  # walks the last 30-day report covered
    recorder: StatementRecorder | None = None  # records the SQL of a request while a path's statements are taken
    database_url: str = ""
    account_id: Any = None
    turn: Any = field(default_factory=lambda: itertools.count())

    def next_card(self) -> Card:
        return self.cards[next(self.turn) % len(self.cards)]

    def new_ticket(self) -> int:
        ticket = next(self.tickets)
        self.connectwise.add_ticket(
            ticket, f"Printer offline {ticket}", description="The printer shows offline.", company="Acme Dental"
        )
        return ticket

    async def until_call(
        self,
        fire: Callable[[], Awaitable[Any]],
        matches: Callable[[SlackCall], bool],
        wait: float = EFFECT_TIMEOUT,
    ) -> float:
        """Fire a request; seconds until the fake Slack receives a call ``matches`` accepts."""
        arrived: asyncio.Future[float] = asyncio.get_running_loop().create_future()

        def on_call(call: SlackCall) -> None:
            if not arrived.done() and call.ok and matches(call):
                arrived.set_result(call.at)

        unsubscribe = self.fake.subscribe(on_call)
        try:
            async with self.request():
                sent = time.perf_counter()
                await fire()
                return await asyncio.wait_for(arrived, wait) - sent
        finally:
            unsubscribe()

    async def until_response(self, fire: Callable[[], Awaitable[Any]]) -> float:
        """Fire a request; seconds until walkbot posts to its response_url."""
        before = len(self.fake.response_log)
        async with self.request():
            sent = time.perf_counter()
            await fire()
            await self.fake.wait_for_response(before + 1, timeout=EFFECT_TIMEOUT)
            return time.perf_counter() - sent

    def request(self) -> contextlib.AbstractAsyncContextManager[None]:
        """Around the request a path times: its SQL is recorded there when the path's statements are taken."""
        return self.recorder.request() if self.recorder is not None else contextlib.nullcontext()


RequestPath = Callable[[Scene], Awaitable[float]]
PATHS: dict[str, RequestPath] = {}
MAX_SAMPLES: dict[str, int] = {}  # paths that take seconds are timed fewer times


def register_path(name: str, run: RequestPath, *, max_samples: int | None = None) -> None:
    """Add a request path to time before and after the history (``run(scene)`` -> seconds)."""
    PATHS[name] = run
    if max_samples is not None:
        MAX_SAMPLES[name] = max_samples


# ---- the request paths ----------------------------------------------------------------------------


async def thread_reply_to_note(scene: Scene) -> float:
    card = scene.next_card()
    ts = scene.driver.ts()
    return await scene.until_call(
        lambda: scene.driver.thread_reply(card.channel, card.ts, "Customer says it worked yesterday.", USER, ts),
        lambda call: call.method == "reactions.add" and call.args.get("timestamp") == ts,
    )


async def walk_ticket_to_intake(scene: Scene) -> float:
    ticket = scene.new_ticket()
    return await scene.until_call(
        lambda: scene.driver.slash(str(ticket), user_id=USER, channel_id=CHANNEL),
        lambda call: call.method == "chat.postMessage" and f"#{ticket}" in str(call.args.get("blocks")),
    )


async def click_to_card_update(scene: Scene) -> float:
    card = scene.next_card()
    click = walk_card_click(scene.fake.message(card.channel, card.ts))
    if click is None:
        raise RuntimeError(f"walk card {card.ts} has nothing to click")
    return await scene.until_call(
        lambda: scene.driver.click(
            click.action_id,
            click.value,
            user_id=USER,
            channel_id=card.channel,
            message_ts=card.ts,
            block_id=click.block_id,
        ),
        lambda call: call.method == "chat.update" and call.args.get("ts") == card.ts,
    )


async def walk_mine(scene: Scene) -> float:
    return await scene.until_response(lambda: scene.driver.slash("mine", user_id=USER, channel_id=CHANNEL))


async def walk_escalations(scene: Scene) -> float:
    return await scene.until_response(lambda: scene.driver.slash("escalations", user_id=USER, channel_id=CHANNEL))


async def app_home(scene: Scene) -> float:
    return await scene.until_call(
        lambda: scene.driver.app_home_opened(USER),
        lambda call: call.method == "views.publish" and call.args.get("user_id") == USER,
    )


async def admin_app_home(scene: Scene) -> float:
    """An admin's App Home, until it is published with their lists (this week's Insights follow)."""
    return await scene.until_call(
        lambda: scene.driver.app_home_opened(ADMIN),
        lambda call: call.method == "views.publish" and call.args.get("user_id") == ADMIN,
    )


async def admin_insights(scene: Scene) -> float:
    """An admin's App Home, until it is published again with this week's Insights counted."""
    return await scene.until_call(
        lambda: scene.driver.app_home_opened(ADMIN),
        lambda call: (
            call.method == "views.publish"
            and call.args.get("user_id") == ADMIN
            and "Insights — this week" in str(call.args.get("view"))
        ),
    )


async def pick_up(scene: Scene) -> float:
    """An engineer's Pick up on a handoff card, until the thread says who picked it up (walks escalated untimed)."""
    card = await start_walk(scene)
    handoff = await escalate(scene, card)
    button = next(
        e
        for b in handoff.args["blocks"]
        if b.get("type") == "actions"
        for e in b.get("elements", [])
        if e.get("action_id") == action_ids.PICK_UP
    )
    return await scene.until_call(
        lambda: scene.driver.click(
            action_ids.PICK_UP,
            button["value"],
            user_id=USER,
            channel_id=handoff.args["channel"],
            message_ts=handoff.response["ts"],
        ),
        lambda call: (
            call.method == "chat.postMessage"
            and call.args.get("thread_ts") == card.ts
            and "picked up this escalation" in str(call.args.get("text"))
        ),
    )


async def thirty_day_report(scene: Scene) -> float:
    """Every figure of a 30-day report (flows, versions, nodes, drop-offs, customers, boards, technicians)."""
    async with scene.request():
        sent = time.perf_counter()
        async with scene.running.runtime.db.begin() as db:
            account = await _account_for_team(db, scene.fake.team_id)
            figures = await report_for(
                db,
                account.id,
                since="30d",
                now=datetime.now(UTC),
                with_technicians=True,
                read_figures=concurrent_figures(scene.running.runtime.db),  # as "Send me the report" reads them
            )
        elapsed = time.perf_counter() - sent
    scene.report_walks = sum(f.outcomes.walks for f in figures.flows) + sum(k.outcomes.walks for k in figures.kinds)
    return elapsed


async def send_me_the_report(scene: Scene) -> float:
    before = len(scene.fake.calls_to("files.completeUploadExternal"))
    return await scene.until_call(
        lambda: scene.driver.click_in_home(SEND_REPORT, "30", user_id=ADMIN),
        lambda call: (
            call.method == "files.completeUploadExternal"
            and len(scene.fake.calls_to("files.completeUploadExternal")) > before
        ),
        wait=REPORT_TIMEOUT,
    )


register_path("thread reply -> note", thread_reply_to_note)
register_path("/walk TICKET -> intake card", walk_ticket_to_intake)
register_path("click -> card update", click_to_card_update)
register_path("/walk mine", walk_mine)
register_path("/walk escalations", walk_escalations)
register_path("App Home", app_home)
register_path("App Home (admin)", admin_app_home)
register_path("App Home: this week's Insights", admin_insights)
register_path("pick up an escalation", pick_up)
register_path("30-day report", thirty_day_report)
register_path("Send me the report", send_me_the_report, max_samples=5)


# ---- a few walks ----------------------------------------------------------------------------------


async def start_walk(scene: Scene) -> Card:
    """``/walk TICKET printer-offline`` as the user; the walk card it posted."""
    ticket = scene.new_ticket()
    posted: asyncio.Future[SlackCall] = asyncio.get_running_loop().create_future()

    def on_call(call: SlackCall) -> None:
        if not posted.done() and call.method == "chat.postMessage" and call.ok and _is_walk_card(call):
            posted.set_result(call)

    unsubscribe = scene.fake.subscribe(on_call)
    try:
        status, body = await scene.driver.slash(f"{ticket} {FLOW}", user_id=USER, channel_id=CHANNEL)
        if status != 200:
            raise RuntimeError(f"/walk {ticket} {FLOW} answered {status}: {body}")
        call = await asyncio.wait_for(posted, EFFECT_TIMEOUT)
    finally:
        unsubscribe()
    return Card(call.response["channel"], call.response["ts"])


def _is_walk_card(call: SlackCall) -> bool:
    return not call.args.get("thread_ts") and any(
        str(element.get("action_id", "")).startswith("walk_")
        for block in call.args.get("blocks") or []
        if isinstance(block, dict) and block.get("type") == "actions"
        for element in block.get("elements", [])
    )


async def escalate(scene: Scene, card: Card) -> SlackCall:
    """Escalate a walk the way a technician does: the Escalate button, then the modal; the handoff card posted."""
    blocks = (scene.fake.message(card.channel, card.ts) or {}).get("blocks", [])
    button = next(
        e
        for b in blocks
        if b.get("type") == "actions"
        for e in b.get("elements", [])
        if e.get("action_id") == action_ids.ESCALATE
    )
    before = len(scene.fake.calls_to("views.open"))
    await scene.driver.click(
        button["action_id"], button["value"], user_id=USER, channel_id=card.channel, message_ts=card.ts
    )
    await scene.fake.wait_for("views.open", count=before + 1, timeout=EFFECT_TIMEOUT)
    handoffs = len(scene.fake.calls)
    await scene.driver.submit_view(
        action_ids.ESCALATE_VIEW,
        user_id=USER,
        values={
            "category": {"category": static_select("hardware_fault")},
            "reason": {"reason": plain_text_input("Still offline after a power cycle.")},
        },
    )
    posted = await scene.fake.wait_for(
        "chat.postMessage",
        count=1,
        timeout=EFFECT_TIMEOUT,
        where=lambda c: c.args.get("channel") == "C_ENGINEERS" and scene.fake.calls.index(c) >= handoffs,
    )
    return posted[-1]


async def few_walks(scene: Scene) -> None:
    for _ in range(ESCALATED_WALKS):
        await escalate(scene, await start_walk(scene))
    for _ in range(ACTIVE_WALKS):
        scene.cards.append(await start_walk(scene))


# ---- the run --------------------------------------------------------------------------------------


async def time_paths(few: Scene, many: Scene, samples: int, warmup: int) -> tuple[dict, dict]:
    """Each path's samples on the two walkbots taken in turn (which goes first alternates), so whatever load the
    machine carries at a moment weighs on both sides of the ratio alike."""
    before: dict[str, list[float]] = {}
    after: dict[str, list[float]] = {}
    for name, run in PATHS.items():
        for _ in range(warmup):
            await run(few)
            await run(many)
        before[name], after[name] = [], []
        for i in range(min(samples, MAX_SAMPLES.get(name, samples))):
            for scene, into in ((few, before), (many, after)) if i % 2 == 0 else ((many, after), (few, before)):
                into[name].append(await run(scene))
    return before, after


async def statement_costs(scene: Scene) -> dict[str, PathCost]:
    """Each path fired once more, its SQL recorded, then replayed under EXPLAIN (ANALYZE, BUFFERS)."""
    assert scene.recorder is not None
    costs = {}
    for name, run in PATHS.items():
        sent = await record_path(scene.recorder, lambda run=run: run(scene))
        costs[name] = await replay(scene.database_url, sent)
    return costs


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


REPORT_TARGET_SECONDS = 2.0  # issue 16: a 30-day report for one account at 1,000,000 walks


def report(before: dict[str, list[float]], after: dict[str, list[float]], sessions: int, report_walks: int) -> None:
    ms = 1000.0
    print(
        f"\n{'request path':30}{'few walks p50/p99 ms':>24}{f'{sessions:,} walks p50/p99 ms':>28}{'ratio p50/p99':>16}"
    )
    for name in PATHS:
        b, a = before[name], after[name]
        b50, b99, a50, a99 = (percentile(b, 50), percentile(b, 99), percentile(a, 50), percentile(a, 99))
        print(
            f"{name:30}{f'{b50 * ms:.1f} / {b99 * ms:.1f}':>24}{f'{a50 * ms:.1f} / {a99 * ms:.1f}':>28}"
            f"{f'{a50 / b50:.2f} / {a99 / b99:.2f}':>16}"
        )
    if "30-day report" in after:
        a = after["30-day report"]
        a50, a99 = percentile(a, 50), percentile(a, 99)
        verdict = "under" if a50 < REPORT_TARGET_SECONDS else "OVER"
        print(
            f"\n30-day report at {sessions:,} walks ({report_walks:,} started in the period): p50 {a50:.2f} s, "
            f"p99 {a99:.2f} s, {verdict} the {REPORT_TARGET_SECONDS:.0f} s target"
        )


@contextlib.asynccontextmanager
async def scene_on(database_url: str) -> AsyncIterator[Scene]:
    """A walkbot served on ``database_url`` (migrated, the sample flows imported) with its own fake Slack and
    ConnectWise, warmed up, the engineer's few walks started."""
    from bot.flows.library import import_flow_files
    from storage.queries.accounts import account_for_team

    async with FakeSlack() as fake:
        connectwise = FakeConnectWise()
        await connectwise.start()
        running = await start_walkbot(database_url, fake, env=connectwise.env())
        recorder = StatementRecorder(running.runtime.engine)
        try:
            async with running.runtime.db.begin() as db:
                account = await account_for_team(db, fake.team_id)
                imported = await import_flow_files(db, account.id, sorted((ROOT / "flows").glob("*.yaml")))
                if imported.errors:
                    raise RuntimeError(f"sample flows did not import: {imported.errors}")
            async with SlackDriver(running.url, running.signing_secret, fake.team_id, fake) as driver:
                scene = Scene(running, driver, fake, connectwise, recorder=recorder)
                scene.database_url, scene.account_id = database_url, account.id
                await warm_up(driver)
                await few_walks(scene)
                yield scene
        finally:
            recorder.close()
            await running.close()
            await connectwise.stop()


async def main(args: argparse.Namespace) -> None:
    from storage.migrate import upgrade
    from tests.conftest import create_throwaway_database, drop_database

    few_url = create_throwaway_database("walkbot_scale_few")
    many_url = create_throwaway_database("walkbot_scale")
    try:
        for url in (few_url, many_url):
            await asyncio.to_thread(upgrade, url)
        async with scene_on(few_url) as few, scene_on(many_url) as many:
            print(f"writing {args.sessions:,} past walks into the second walkbot's account…")
            started = time.perf_counter()
            await asyncio.to_thread(seed_history, many_url, many.account_id, args.sessions, span_days=args.span_days)
            print(f"history written and analyzed in {time.perf_counter() - started:.0f} s")
            print(f"load average {load_average()} (1, 5, 15 min)")
            before, after = await time_paths(few, many, args.samples, args.warmup) if args.timing else ({}, {})
            print(f"load average {load_average()}")
            costs_before, costs_after = await statement_costs(few), await statement_costs(many)
        if args.timing:
            report(before, after, args.sessions, many.report_walks)
        report_statements(costs_before, costs_after, args.sessions)
        if args.plans:
            write_plans(args.plans, costs_before, costs_after)
            print(f"statements and plans written to {args.plans}")
    finally:
        drop_database(few_url)
        drop_database(many_url)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=1_000_000, help="past walks to write (default 1,000,000)")
    parser.add_argument(
        "--span-days", type=int, default=SPAN_DAYS, help=f"days the history spreads over (default {SPAN_DAYS})"
    )
    parser.add_argument("--samples", type=int, default=40, help="timed requests per path and phase (default 40)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per path first (default 3)")
    parser.add_argument(
        "--no-timing",
        dest="timing",
        action="store_false",
        help="only the SQL each path runs and what it reads (buffers, rows), no timed samples",
    )
    parser.add_argument("--plans", metavar="FILE", help="write every statement in full with its plans (JSON)")
    parser.add_argument("--only", action="append", metavar="TEXT", help="time only paths whose name contains TEXT")
    args = parser.parse_args(argv)
    if args.only:
        for name in [n for n in PATHS if not any(text in n for text in args.only)]:
            del PATHS[name]
    if args.sessions < 1 or args.samples < 1 or args.warmup < 0 or args.span_days < 1:
        parser.error("--sessions, --samples and --span-days must be at least 1, --warmup at least 0")
    return args


if __name__ == "__main__":
    logging.basicConfig(level=os.environ.get("WALKBOT_LOG_LEVEL", "ERROR"))
    logging.getLogger("slack_bolt").setLevel(logging.ERROR)
    asyncio.run(main(parse_args()))
