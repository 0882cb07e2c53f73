"""Click load benchmark: walkbot against the floor (the least any Bolt app must do per click).

    .venv/bin/python bench/clicks.py --walks 20 --concurrency 8 --clicks 200

Both apps are served the same way (bot.app.create_app + bot.server.create_web_app, the same Web API
client and retry handlers) on a throwaway database on the local PostgreSQL, with the fake Slack from
tests/harness, and get the same load: ``--concurrency`` clients firing signed option clicks at
``--walks`` cards, each card clicked again only after the previous click's chat.update arrived (a
click on a card that has not changed yet would be a stale click, not load). The floor app acks, runs
one UPDATE and one chat.update per click. Printed per app: clicks/s, ack latency (time to the HTTP
200), click-to-card-update latency (until the fake Slack received the chat.update of that card), and
SQL statements per click; then walkbot's throughput as a ratio of the floor's.

By default everything runs in one process and one event loop (driver, fake Slack, app), so absolute
numbers include the load generator's own cost. With ``--serve``, each app runs as it does in
production instead: walkbot as ``walkbot serve`` (``--processes N`` of them, clicks spread over them
as a load balancer would), the floor as its own process built the same way (``serve-floor``), both
with the same server settings and database pool, while this process only drives the load and plays
Slack. ``--profile FILE`` then runs the (first) walkbot process under py-spy (pip install py-spy;
folded stacks of CPU samples) or else pyinstrument, and writes its profile there. SQL statements are counted only in-process. The ratio is the figure to compare.

    .venv/bin/python bench/clicks.py --serve --walks 40 --concurrency 20 --clicks 600
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import math
import os
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

THIS = Path(__file__).resolve()
ROOT = THIS.parent.parent
if str(ROOT) not in sys.path:  # run as a script: make bot/, storage/ and tests/ importable
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import psycopg  # noqa: E402
from slack_bolt.adapter.aiohttp import to_bolt_request as stock_bolt_request  # noqa: E402
from slack_sdk.web.async_client import AsyncWebClient  # noqa: E402
from sqlalchemy import event, text  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine  # noqa: E402

from bot.rendering import action_ids  # noqa: E402
from tests.fakes.psa_connectwise import FakeConnectWise  # noqa: E402
from tests.harness.app import SIGNING_SECRET, RunningWalkbot, serve, start_walkbot, walkbot_env  # noqa: E402
from tests.harness.driver import SlackDriver  # noqa: E402
from tests.harness.fake_slack import FakeSlack, SlackCall  # noqa: E402

UPDATE_TIMEOUT = 10.0  # a click whose card never changes within this counts as missed, not as latency


@dataclass(frozen=True)
class Click:
    action_id: str
    value: str
    block_id: str = "b"


@dataclass
class ClickTarget:
    """A card under load, and how to pick its next click from the card as Slack shows it now."""

    channel: str
    message_ts: str
    user_id: str
    next_click: Callable[[dict[str, Any] | None], Click | None]  # None: this card is done


@dataclass
class Stats:
    name: str
    clicks: int = 0
    seconds: float = 0.0
    ack: list[float] = field(default_factory=list)
    update: list[float] = field(default_factory=list)
    non_200: int = 0
    missed_updates: int = 0
    replies: int = 0  # ephemeral replies to the clicker: a stale click, a refusal, an apology
    logged_errors: int = 0  # ERROR log records (a listener that raised, a failed Slack call)
    lost_updates: int = 0  # cards whose final content is not their latest stored state
    rate_limited: int = 0  # Web API calls the fake Slack answered 429 (realistic mode)
    statements: int = 0
    server_cpu: float = -1.0  # CPU seconds the serving processes used during the load (--serve), all together
    driver_cpu: float = -1.0  # CPU seconds this process used during the load: the load generator and the fake Slack
    database: DatabaseUse | None = None  # what the load cost PostgreSQL (this benchmark's database only)

    @property
    def clicks_per_second(self) -> float:
        return self.clicks / self.seconds if self.seconds else 0.0


@dataclass
class Target:
    """An app under load: where Slack sends requests, and what the benchmark uses to set it up."""

    urls: list[str]  # one per serving process; clicks are spread over them
    signing_secret: str
    engine: AsyncEngine  # the app's own engine in-process (statements counted), else the benchmark's
    client: AsyncWebClient  # Slack Web API client, for posting the floor's cards
    close: Callable[[], Awaitable[None]]
    in_process: bool = True
    pids: list[int] = field(default_factory=list)  # the serving processes (--serve), for their CPU time


def in_process(running: RunningWalkbot) -> Target:
    return Target([running.url], running.signing_secret, running.runtime.engine, running.bolt.client, running.close)


# ---- load ---------------------------------------------------------------------------------------


async def run_load(
    name: str,
    fake: FakeSlack,
    driver: SlackDriver | list[SlackDriver],
    targets: list[ClickTarget],
    clicks: int,
    concurrency: int,
) -> Stats:
    """Fire ``clicks`` clicks from ``concurrency`` clients, one in flight per card at a time.

    With several drivers (one per serving process) the clicks go to them in turn."""
    drivers = driver if isinstance(driver, list) else [driver]
    sent_count = 0
    stats = Stats(name)
    loop = asyncio.get_running_loop()
    waiting: dict[tuple[str, str], asyncio.Future[float]] = {}

    def on_call(call: SlackCall) -> None:
        if call.method == "chat.update" and call.ok:
            future = waiting.pop((call.args.get("channel"), call.args.get("ts")), None)
            if future is not None and not future.done():
                future.set_result(call.at)

    queue: asyncio.Queue[ClickTarget | None] = asyncio.Queue()
    for target in targets:
        queue.put_nowait(target)
    budget = clicks
    alive = len(targets)

    def stop_all() -> None:
        for _ in range(concurrency):
            queue.put_nowait(None)

    async def client() -> None:
        nonlocal budget, alive, sent_count
        while (target := await queue.get()) is not None:
            click = target.next_click(fake.message(target.channel, target.message_ts))
            if click is None or budget <= 0:
                alive -= 1
                if alive == 0 or budget <= 0:
                    stop_all()
                continue
            budget -= 1
            key = (target.channel, target.message_ts)
            waiting[key] = updated = loop.create_future()
            sent_count += 1
            to = drivers[sent_count % len(drivers)]
            sent = time.perf_counter()
            status, _ = await to.click(
                click.action_id,
                click.value,
                user_id=target.user_id,
                channel_id=target.channel,
                message_ts=target.message_ts,
                block_id=click.block_id,
            )
            stats.ack.append(time.perf_counter() - sent)
            stats.clicks += 1
            if status != 200:
                stats.non_200 += 1
            try:
                stats.update.append(await asyncio.wait_for(updated, UPDATE_TIMEOUT) - sent)
            except TimeoutError:
                stats.missed_updates += 1
                waiting.pop(key, None)
            if budget <= 0:
                stop_all()
            queue.put_nowait(target)

    unsubscribe = fake.subscribe(on_call)
    started = time.perf_counter()
    try:
        await asyncio.gather(*(client() for _ in range(concurrency)))
    finally:
        unsubscribe()
    stats.seconds = time.perf_counter() - started
    return stats


def count_statements(engine: AsyncEngine) -> Callable[[], int]:
    """Count every SQL statement sent on the engine's pooled connections, at the driver: SQLAlchemy's and those
    the click's hot path sends through psycopg itself (storage/driver.py), which SQLAlchemy's events never see.
    Returns a function reading the count so far. (BEGIN and COMMIT are not statements a cursor sends.)"""
    count = 0

    class CountingCursor(psycopg.AsyncCursor):
        async def execute(self, *args: Any, **kwargs: Any) -> Any:
            nonlocal count
            count += 1
            return await super().execute(*args, **kwargs)

        async def executemany(self, *args: Any, **kwargs: Any) -> None:
            nonlocal count
            count += 1
            await super().executemany(*args, **kwargs)

    def counting_cursors(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.driver_connection.cursor_factory = CountingCursor

    event.listen(engine.sync_engine.pool, "checkout", counting_cursors)
    return lambda: count


@contextlib.contextmanager
def count_logged_errors() -> Iterator[Callable[[], int]]:
    """Count ERROR (and worse) log records from any logger while the block runs."""
    handler = _CountingHandler(logging.ERROR)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: handler.count
    finally:
        root.removeHandler(handler)


class _CountingHandler(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


async def warm_up(driver: SlackDriver) -> None:
    """An unhandled event: makes Bolt run its one-time auth.test before the clock starts."""
    await driver.event({"type": "app_mention", "user": "U_BENCH", "text": "hi", "ts": driver.ts(), "channel": "C0"})


# ---- the floor ----------------------------------------------------------------------------------

FLOOR_ACTION = "floor_click"


def register_floor(app, runtime) -> None:
    """Ack, one UPDATE, one chat.update: nothing a click handler can do with less. Served with Bolt's own
    aiohttp adapter (``stock_bolt_request``), so the floor stays stock Bolt: walkbot's faster form decoding
    (``bot.slack_requests``) is walkbot's."""

    @app.action(FLOOR_ACTION)
    async def click(ack, body, client):
        await ack()
        channel, ts = body["container"]["channel_id"], body["container"]["message_ts"]
        async with runtime.engine.begin() as conn:
            clicks = await conn.scalar(
                text(
                    "UPDATE bench_floor_cards SET clicks = clicks + 1 WHERE channel = :c AND ts = :t RETURNING clicks"
                ),
                {"c": channel, "t": ts},
            )
        await client.chat_update(channel=channel, ts=ts, text=f"clicked {clicks} times", blocks=_floor_blocks(clicks))


def _floor_blocks(clicks: int) -> list[dict[str, Any]]:
    button = {
        "type": "button",
        "action_id": FLOOR_ACTION,
        "value": str(clicks),
        "text": {"type": "plain_text", "text": "+1"},
    }
    return [{"type": "actions", "block_id": "floor", "elements": [button]}]


async def setup_floor_cards(target: Target, n: int) -> list[ClickTarget]:
    async with target.engine.begin() as conn:
        await conn.execute(text("CREATE TABLE IF NOT EXISTS bench_floor_cards (channel text, ts text, clicks int)"))
        await conn.execute(
            text("CREATE UNIQUE INDEX IF NOT EXISTS bench_floor_cards_key ON bench_floor_cards (channel, ts)")
        )
    targets = []
    for i in range(n):
        posted = await target.client.chat_postMessage(channel="C_HELPDESK", text="floor", blocks=_floor_blocks(0))
        async with target.engine.begin() as conn:
            await conn.execute(
                text("INSERT INTO bench_floor_cards VALUES (:c, :t, 0)"), {"c": posted["channel"], "t": posted["ts"]}
            )
        targets.append(ClickTarget(posted["channel"], posted["ts"], f"U_TECH{i % 8}", _click_floor))
    return targets


def _click_floor(card: dict[str, Any] | None) -> Click | None:
    return Click(FLOOR_ACTION, "+1", "floor")


async def start_floor(database_url: str, fake: FakeSlack) -> Target:
    """The floor app, built and served exactly like walkbot but with one listener."""
    from bot.app import create_app
    from bot.config import Settings
    from bot.runtime import build_runtime
    from bot.server import create_web_app

    settings = Settings.from_env(walkbot_env(fake))
    runtime = await build_runtime(settings, database_url=database_url)
    bolt = create_app(runtime, register_floor)
    runner, url = await serve(
        create_web_app(runtime, bolt, background=None, bolt_request=stock_bolt_request, early_ack=False)
    )
    return in_process(RunningWalkbot(url=url, runtime=runtime, bolt=bolt, settings=settings, runner=runner))


async def serve_floor(port: int) -> None:
    """``clicks.py serve-floor``: the floor as its own process, served the way ``walkbot serve`` serves walkbot."""
    from aiohttp import web

    from bot.app import create_app
    from bot.config import Settings
    from bot.runtime import build_runtime
    from bot.server import create_web_app

    settings = Settings.from_env()
    runtime = await build_runtime(settings)
    bolt = create_app(runtime, register_floor)
    runner = web.AppRunner(
        create_web_app(runtime, bolt, background=None, bolt_request=stock_bolt_request, early_ack=False)
    )
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await runtime.close()


# ---- walkbot ------------------------------------------------------------------------------------


FLOWS = sorted((ROOT / "flows").glob("*.yaml"))
BENCH_FLOW = "printer-offline"  # a question tree: every card has an option to choose, or Back
FIRST_TICKET = 50000


def _is_walk_card(call: SlackCall) -> bool:
    """A chat.postMessage that posted a walk card (its buttons are walk_* actions)."""
    return any(
        str(element.get("action_id", "")).startswith("walk_")
        for block in call.args.get("blocks") or []
        if isinstance(block, dict) and block.get("type") == "actions"
        for element in block.get("elements", [])
    )


async def start_walkbot_on_connectwise(database_url: str, fake: FakeSlack, connectwise: FakeConnectWise) -> Target:
    """Walkbot with every listener, reading tickets from a fake ConnectWise (a /walk needs a PSA ticket)."""
    return in_process(await start_walkbot(database_url, fake, env=connectwise.env()))


async def setup_walkbot_walks(
    target: Target, driver: SlackDriver, connectwise: FakeConnectWise, n: int
) -> list[ClickTarget]:
    """Publish the sample flows, open ``n`` walks on ConnectWise tickets with signed ``/walk``, return their cards."""
    from bot.flows.library import import_flow_files
    from storage.database import create_session_factory
    from storage.queries.accounts import account_for_team

    async with create_session_factory(target.engine).begin() as session:
        account = await account_for_team(session, driver.team_id)
        published = await import_flow_files(session, account.id, FLOWS)
        if published.errors:
            raise RuntimeError(f"sample flows did not import: {published.errors}")
    targets = []
    for i in range(n):
        ticket = FIRST_TICKET + i
        connectwise.add_ticket(ticket, f"Printer offline {i}", description="The printer shows offline.")
        user = f"U_TECH{i % 8}"
        status, body = await driver.slash(f"{ticket} {BENCH_FLOW}", user_id=user)
        if status != 200:
            raise RuntimeError(f"/walk {ticket} {BENCH_FLOW} answered {status}: {body}")
        cards = await driver.fake.wait_for("chat.postMessage", count=i + 1, where=_is_walk_card)
        post = cards[i]
        targets.append(ClickTarget(post.response["channel"], post.response["ts"], user, walk_card_click))
    return targets


def walk_card_click(card: dict[str, Any] | None) -> Click | None:
    """The next click on a walk card: its first option (or Continue), else Back, so a walk never ends.

    Option buttons carry their option id in the action id (``walk_choose:<option id>``).
    """
    buttons = [
        (block.get("block_id", "b"), element)
        for block in (card or {}).get("blocks", [])
        if block.get("type") == "actions"
        for element in block.get("elements", [])
        if element.get("type") == "button"
    ]
    for wanted in (action_ids.CHOOSE, action_ids.CONTINUE, action_ids.BACK):
        for block_id, button in buttons:
            action_id = button.get("action_id", "")
            if action_id == wanted or action_id.startswith(f"{wanted}:"):
                return Click(action_id, button.get("value", ""), block_id)
    return None


# ---- separate processes -------------------------------------------------------------------------

SERVE_TIMEOUT = 60.0  # for a process to answer /healthz (imports, migrations check, pool)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_env(database_url: str, fake: FakeSlack, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment both apps' processes get: the same for walkbot and the floor."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WALKBOT_", "SLACK_", "PSA_", "CW_"))}
    env.update(walkbot_env(fake, extra))
    env.update({"DATABASE_URL": database_url, "WALKBOT_LOG_LEVEL": "ERROR", "PYTHONPATH": str(ROOT)})
    return env


async def start_processes(
    commands: list[list[str]], ports: list[int], env: dict[str, str], database_url: str, fake: FakeSlack
) -> Target:
    """Start one process per command and wait until each answers /healthz on its port."""
    from storage.database import create_engine

    processes = [
        await asyncio.create_subprocess_exec(*command, env=env, cwd=str(ROOT), start_new_session=True)
        for command in commands
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    engine = create_engine(database_url, pool_size=2)
    http = aiohttp.ClientSession()
    client = AsyncWebClient(token=fake.token, base_url=fake.base_url, session=http)

    async def close() -> None:
        for process in processes:
            if process.returncode is None:
                with contextlib.suppress(ProcessLookupError):  # the whole group: a profiler and what it runs
                    os.killpg(process.pid, signal.SIGINT)
        for process in processes:
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()
        await http.close()
        await engine.dispose()

    try:
        deadline = time.monotonic() + SERVE_TIMEOUT
        for url, process in zip(urls, processes, strict=True):
            while True:
                if process.returncode is not None:
                    raise RuntimeError(
                        f"{' '.join(commands[processes.index(process)])} exited with {process.returncode}"
                    )
                with contextlib.suppress(aiohttp.ClientError):
                    async with http.get(f"{url}/healthz") as response:
                        if response.status == 200:
                            break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} did not answer /healthz within {SERVE_TIMEOUT:.0f} s")
                await asyncio.sleep(0.2)
    except BaseException:
        await close()
        raise
    return Target(urls, SIGNING_SECRET, engine, client, close, in_process=False, pids=[p.pid for p in processes])


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes and their children so far (Linux /proc), in seconds.
    Under a profiler the process started is the profiler: its children (the app) are counted, itself too."""
    total = 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in _with_children(pids):
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


@dataclass
class DatabaseUse:
    """What a load cost PostgreSQL, counted for the benchmark's own database, so other databases' work on the
    same server (another project's tests) does not count: the CPU time of its backends (those still connected
    at the end; a connection opened and closed during the load is counted in ``sessions``, not in ``cpu``),
    the connections opened, and the WAL written."""

    cpu: float = 0.0
    sessions: int = 0
    wal_bytes: int = 0

    @classmethod
    async def read(cls, engine: AsyncEngine) -> tuple[DatabaseUse, dict[int, float]]:
        async with engine.connect() as conn:
            pids = (
                await conn.scalars(
                    text(
                        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                )
            ).all()
            sessions = await conn.scalar(
                text("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
            )
            wal = await conn.scalar(text("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn"))
        by_pid = {pid: cpu_seconds([pid]) for pid in pids}
        return cls(sum(by_pid.values()), int(sessions or 0), int(wal or 0)), by_pid

    @classmethod
    async def since(cls, engine: AsyncEngine, before: tuple[DatabaseUse, dict[int, float]]) -> DatabaseUse:
        """The use between ``before`` and now; a backend that started in between counts from zero. The WAL
        figure is the whole server's (WAL is shared): read it on a machine where nothing else writes."""
        start, start_by_pid = before
        now, by_pid = await cls.read(engine)
        cpu = sum(seconds - start_by_pid.get(pid, 0.0) for pid, seconds in by_pid.items())
        return cls(cpu, now.sessions - start.sessions, now.wal_bytes - start.wal_bytes)


def _with_children(pids: list[int]) -> list[int]:
    found, todo = [], list(pids)
    while todo:
        pid = todo.pop()
        found.append(pid)
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
    return found


def walkbot_command(port: int, profile: str | None) -> list[str]:
    """``walkbot serve``; with ``profile``, under cProfile on CPU time (a FILE ending in .prof), else under
    py-spy (CPU samples, raw folded stacks) or pyinstrument."""
    bin_dir = Path(sys.executable).parent
    command = [str(bin_dir / "walkbot"), "serve", "--port", str(port)]
    if profile and profile.endswith(".prof"):  # cProfile on CPU time (bench/cpu_profile.py)
        return [sys.executable, str(THIS.parent / "cpu_profile.py"), "-o", profile, "--", *command[1:]]
    return profiled(command, profile)


def profiled(command: list[str], profile: str | None) -> list[str]:
    """``command`` under py-spy (CPU samples, raw folded stacks) or else pyinstrument, writing ``profile``."""
    bin_dir = Path(sys.executable).parent
    if profile and (bin_dir / "py-spy").exists():
        return [str(bin_dir / "py-spy"), "record", "-o", profile, "-f", "raw", "-r", "200", "--", *command]
    if profile:
        script = command[1:] if command[0] == sys.executable else command
        return [sys.executable, "-m", "pyinstrument", "-o", profile, *script]
    return command


async def serve_walkbot_processes(
    database_url: str, fake: FakeSlack, connectwise: FakeConnectWise, count: int, profile: str | None
) -> Target:
    ports = [free_port() for _ in range(count)]
    commands = [walkbot_command(port, profile if i == 0 else None) for i, port in enumerate(ports)]
    return await start_processes(
        commands, ports, process_env(database_url, fake, connectwise.env()), database_url, fake
    )


async def serve_floor_process(database_url: str, fake: FakeSlack, profile: str | None = None) -> Target:
    port = free_port()
    command = profiled([sys.executable, str(THIS), "serve-floor", "--port", str(port)], profile)
    return await start_processes([command], [port], process_env(database_url, fake), database_url, fake)


# ---- the run ------------------------------------------------------------------------------------


async def measure(
    name: str,
    start: Callable[[], Awaitable[Target]],
    setup: Callable[[Target, SlackDriver, int], Awaitable[list[ClickTarget]]],
    fake: FakeSlack,
    args: argparse.Namespace,
) -> Stats | None:
    fake.reset()
    try:
        target = await start()
    except ModuleNotFoundError as exc:
        if exc.name != "handlers":
            raise
        print(f"{name}: skipped (needs handlers)")
        return None
    statements = count_statements(target.engine) if target.in_process else None
    drivers = [SlackDriver(url, target.signing_secret, fake.team_id, fake) for url in target.urls]
    try:
        for driver in drivers:
            await warm_up(driver)
        try:
            cards = await setup(target, drivers[0], args.walks)
        except NotImplementedError as exc:
            print(f"{name}: skipped ({exc})")
            return None
        await asyncio.sleep(0.2)  # let setup's last writes (a card's recorded ts) land before counting
        async with target.engine.begin() as conn:  # statistics, as autovacuum keeps them on a database in use
            await conn.execute(text("ANALYZE"))  # committed: a rolled-back ANALYZE keeps only the row counts
        database_before = await DatabaseUse.read(target.engine)  # before counting: its statements are not clicks'
        before = statements() if statements else 0
        replies_before = len(fake.response_log)
        cpu_before = cpu_seconds(target.pids) if target.pids else 0.0
        driver_cpu_before = time.process_time()
        with count_logged_errors() as logged_errors:
            stats = await run_load(name, fake, drivers, cards, args.clicks, args.concurrency)
            stats.driver_cpu = time.process_time() - driver_cpu_before
            await asyncio.sleep(0.2)  # let the last listeners' statements land before reading the count
        if target.pids:
            stats.server_cpu = cpu_seconds(target.pids) - cpu_before
        stats.statements = statements() - before if statements else -1
        stats.database = await DatabaseUse.since(target.engine, database_before)
        stats.replies = len(fake.response_log) - replies_before
        stats.logged_errors = logged_errors()
        stats.rate_limited = sum(1 for c in fake.calls if c.status == 429)
        stats.lost_updates = await lost_updates(name, target, fake, cards)
        return stats
    finally:
        for driver in drivers:
            await driver.close()
        await target.close()


async def lost_updates(name: str, target: Target, fake: FakeSlack, cards: list[ClickTarget]) -> int:
    """Cards whose final content in Slack is not their stored state, once retries have settled."""
    quiet_since, seen = time.monotonic(), len(fake.calls)
    while time.monotonic() - quiet_since < 1.5:  # no Web API call for 1.5 s: retries are done
        await asyncio.sleep(0.25)
        if len(fake.calls) != seen:
            quiet_since, seen = time.monotonic(), len(fake.calls)
    async with target.engine.connect() as conn:
        if name == "floor":
            rows = await conn.execute(text("SELECT channel, ts, clicks FROM bench_floor_cards"))
            stored = {(c, t): f"clicked {n} times" for c, t, n in rows}
            shown = {key: (fake.message(*key) or {}).get("text") for key in stored}
        else:
            rows = await conn.execute(text("SELECT channel_id, message_ts, revision FROM l1_walk_sessions"))
            stored = {(c, t): r for c, t, r in rows if c and t}
            shown = {key: _card_revision(fake.message(*key)) for key in stored}
    return sum(
        1 for card in cards if shown.get((card.channel, card.message_ts)) != stored.get((card.channel, card.message_ts))
    )


def _card_revision(message: dict[str, Any] | None) -> int | None:
    """The revision a walk card's buttons carry (``session|revision|argument``)."""
    for block in (message or {}).get("blocks", []):
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            parts = str(element.get("value", "")).split("|")
            if len(parts) == 3 and parts[1].isdigit():
                return int(parts[1])
    return None


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def report(results: list[Stats]) -> None:
    ms = 1000.0
    rows = [
        ("clicks", lambda s: f"{s.clicks}"),
        ("clicks/s", lambda s: f"{s.clicks_per_second:.1f}"),
        ("ack p50 / p99 ms", lambda s: f"{percentile(s.ack, 50) * ms:.1f} / {percentile(s.ack, 99) * ms:.1f}"),
        (
            "card update p50 / p99 ms",
            lambda s: f"{percentile(s.update, 50) * ms:.1f} / {percentile(s.update, 99) * ms:.1f}",
        ),
        (
            "SQL statements / click",
            lambda s: f"{s.statements / s.clicks:.1f}" if s.clicks and s.statements >= 0 else "-",
        ),
        (
            "server CPU ms / click",
            lambda s: f"{s.server_cpu / s.clicks * ms:.2f}" if s.clicks and s.server_cpu >= 0 else "-",
        ),
        (
            "benchmark's own CPU ms / click",
            lambda s: (
                f"{s.driver_cpu / s.clicks * ms:.2f} ({s.driver_cpu / s.seconds:.0%})"
                if s.clicks and s.seconds and s.driver_cpu >= 0
                else "-"
            ),
        ),
        (
            "database CPU ms / click",
            lambda s: f"{s.database.cpu / s.clicks * ms:.2f}" if s.clicks and s.database else "-",
        ),
        ("database connections opened", lambda s: f"{s.database.sessions}" if s.database else "-"),
        ("WAL bytes / click", lambda s: f"{s.database.wal_bytes / s.clicks:.0f}" if s.clicks and s.database else "-"),
        ("non-200 acks", lambda s: f"{s.non_200}"),
        ("clicks without card update", lambda s: f"{s.missed_updates}"),
        ("ephemeral replies", lambda s: f"{s.replies}"),
        ("logged errors", lambda s: f"{s.logged_errors}"),
        ("lost updates (final card stale)", lambda s: f"{s.lost_updates}"),
        ("Slack 429 answers", lambda s: f"{s.rate_limited}"),
    ]
    print(f"{'':28}" + "".join(f"{s.name:>20}" for s in results))
    for label, cell in rows:
        print(f"{label:28}" + "".join(f"{cell(s):>20}" for s in results))
    by_name = {s.name: s for s in results}
    if "floor" in by_name and "walkbot" in by_name and by_name["floor"].clicks_per_second:
        walkbot, floor = by_name["walkbot"], by_name["floor"]
        ratio = walkbot.clicks_per_second / floor.clicks_per_second
        print(f"\nwalkbot throughput = {ratio:.2f} x floor")
        for label, values in (("ack", "ack"), ("card update", "update")):
            ours, theirs = percentile(getattr(walkbot, values), 99), percentile(getattr(floor, values), 99)
            if theirs:
                print(f"walkbot {label} p99 = {ours / theirs:.2f} x floor")
        if walkbot.server_cpu > 0 and floor.server_cpu > 0 and walkbot.clicks and floor.clicks:
            cpu = (walkbot.server_cpu / walkbot.clicks) / (floor.server_cpu / floor.clicks)
            print(f"walkbot server CPU per click = {cpu:.2f} x floor")


async def main(args: argparse.Namespace) -> None:
    from storage.migrate import upgrade
    from tests.conftest import create_throwaway_database, drop_database

    database_url = create_throwaway_database("walkbot_bench")
    try:
        await asyncio.to_thread(upgrade, database_url)
        results = []
        async with FakeSlack() as fake:
            if args.slack_limits:
                per_method, per_channel = args.slack_limits
                # Scaled from Slack's documented shape (per method per workspace, per method per channel).
                fake.enforce_rate_limits(
                    per_method={"chat.update": (per_method, 1.0)}, per_channel={"chat.update": (per_channel, 1.0)}
                )
            if args.only in ("both", "floor"):
                floor = await measure(
                    "floor",
                    (lambda: serve_floor_process(database_url, fake, args.profile_floor))
                    if args.serve
                    else (lambda: start_floor(database_url, fake)),
                    lambda target, _driver, n: setup_floor_cards(target, n),
                    fake,
                    args,
                )
                results.append(floor)
            if args.only in ("both", "walkbot"):
                connectwise = FakeConnectWise()
                await connectwise.start()
                try:
                    walkbot = await measure(
                        "walkbot",
                        (lambda: serve_walkbot_processes(database_url, fake, connectwise, args.processes, args.profile))
                        if args.serve
                        else (lambda: start_walkbot_on_connectwise(database_url, fake, connectwise)),
                        lambda target, driver, n: setup_walkbot_walks(target, driver, connectwise, n),
                        fake,
                        args,
                    )
                finally:
                    await connectwise.stop()
                results.append(walkbot)
        report([r for r in results if r is not None])
    finally:
        drop_database(database_url)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--walks", type=int, default=20, help="cards under load (default 20)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clicking clients (default 8)")
    parser.add_argument("--clicks", type=int, default=200, help="clicks per app (default 200)")
    parser.add_argument("--only", choices=("both", "floor", "walkbot"), default="both")
    parser.add_argument("--serve", action="store_true", help="each app as its own process, as in production")
    parser.add_argument("--processes", type=int, default=1, help="walkbot serve processes with --serve (default 1)")
    parser.add_argument(
        "--slack-limits",
        nargs=2,
        type=int,
        metavar=("PER_SECOND", "PER_CHANNEL_PER_SECOND"),
        help="realistic mode: the fake Slack answers chat.update over these rates with 429 and Retry-After",
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="with --serve: profile walkbot into FILE (py-spy, else pyinstrument; cProfile on CPU time for FILE.prof)",
    )
    parser.add_argument("--profile-floor", metavar="FILE", help="with --serve: profile the floor (py-spy) into FILE")
    args = parser.parse_args(argv)
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    if min(args.walks, args.concurrency, args.clicks) < 1:
        parser.error("--walks, --concurrency and --clicks must be at least 1")
    return args


if __name__ == "__main__":
    logging.basicConfig(level=os.environ.get("WALKBOT_LOG_LEVEL", "ERROR"))
    logging.getLogger("slack_bolt").setLevel(logging.ERROR)
    if sys.argv[1:2] == ["serve-floor"]:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve_floor(int(sys.argv[sys.argv.index("--port") + 1])))
    else:
        asyncio.run(main(parse_args()))
