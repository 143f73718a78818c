"""Fresh starts of `dreambank run` on SQLite against the Bot API stand-in, measured: for the e2e test and the
`benchmarks.starts` command.

Each start gets an empty data folder, a branch, six people on Telegram and a newsletter scheduled a few
seconds before the end, then runs `dreambank run` as a process (webhook or long polling) with the schedule's
sync every second while people write to the bot, and stops it with SIGTERM.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx

from core.model.newsletters import Newsletter
from core.model.members import Identity
from core.model.notices import Recipients
from dreambank.bootstrap import build
from dreambank.settings import Settings
from tests.e2e.delivery_setup import DREAMBANK
from tests.e2e.telegram_harness import PEOPLE, set_up_branch
from tests.standins.telegram import BotApiStandIn, FloodLimits

SECRET = "start-tests-secret-0123456789abcdef"
PUBLIC_URL = "https://bank.example.org/telegram/hook"
#: how late the newsletter may reach the people and still count as on time (the machine may be busy)
ON_TIME_SECONDS = 3.0
TROUBLE = ("Traceback", "database is locked")
MISSED, ON_TIME = "The newsletter due before the start", "The newsletter due while serving"


@dataclass
class Start:
    """What one start did."""

    mode: str
    exit_code: int | None = None
    died_early: bool = False
    trouble: list[str] = field(default_factory=list)
    #: the newsletter due before the process started came (a missed run runs at start)
    missed_came: bool = False
    #: seconds after its time the newsletter scheduled while serving reached the first person; None: never
    newsletter_late: float | None = None
    asked: int = 0
    answered: int = 0
    reply_seconds: list[float] = field(default_factory=list)
    healthz_seconds: list[float] = field(default_factory=list)
    log: str = ""

    @property
    def on_time(self) -> bool:
        return self.newsletter_late is not None and self.newsletter_late <= ON_TIME_SECONDS

    @property
    def ok(self) -> bool:
        return (not self.died_early and self.exit_code == 0 and not self.trouble and self.missed_came
                and self.on_time and self.answered == self.asked)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def prepare(data_dir: Path, api: BotApiStandIn, send_at: datetime, marker: str) -> None:
    """What `dreambank branch create` and a community manager would have made: the branch, its people, and a
    newsletter to everyone at `send_at`."""
    app = await build(Settings(data_dir=data_dir, secret=SECRET))
    try:
        await set_up_branch(app, api)
    finally:
        await app.close()
    await schedule_newsletter(data_dir, send_at, marker)


async def schedule_newsletter(data_dir: Path, send_at: datetime, marker: str) -> None:
    """A newsletter to everyone at `send_at`, written as a second process on the same SQLite file would."""
    app = await build(Settings(data_dir=data_dir, secret=SECRET), migrate=False)
    try:
        async with app.uow() as uow:
            [branch] = await uow.branches.all()
            author = await uow.members.by_identity(Identity("telegram", str(PEOPLE["gustav"][0])))
            await uow.newsletters.add(Newsletter(branch.id, author.id, marker, Recipients("all"),
                                                 datetime.now(timezone.utc), {}, send_at))
            await uow.commit()
    finally:
        await app.close()


def environment(data_dir: Path, api: BotApiStandIn, mode: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
    env.update(DREAMBANK_DATA_DIR=str(data_dir), DREAMBANK_SECRET=SECRET, DREAMBANK_LOG_LEVEL="WARNING",
               DREAMBANK_TELEGRAM_TOKEN=api.token, DREAMBANK_TELEGRAM_API_URL=api.base_url,
               DREAMBANK_TELEGRAM_POLL_SECONDS="0.2", DREAMBANK_TELEGRAM_PER_SECOND="300",
               DREAMBANK_TELEGRAM_PER_CHAT_PER_SECOND="50", DREAMBANK_TELEGRAM_PER_GROUP_PER_MINUTE="600",
               DREAMBANK_SCHEDULE_SYNC_SECONDS="1", DREAMBANK_TELEGRAM_LISTEN=f"127.0.0.1:{port}")
    if mode == "webhook":
        env["DREAMBANK_TELEGRAM_WEBHOOK_URL"] = PUBLIC_URL
    return env


async def one_start(data_dir: Path, mode: str, seconds: float, per_second: float = 4.0) -> Start:
    """Start `dreambank run` afresh in `data_dir`, let people write to it for `seconds`, stop it; what it did."""
    assert mode in ("webhook", "polling")
    result = Start(mode)
    port = free_port()
    async with BotApiStandIn(max_poll_seconds=0.5, limits=FloodLimits(scale=50)) as api:
        await prepare(data_dir, api, datetime.now(timezone.utc), MISSED)
        log_path = data_dir / "run.log"
        with log_path.open("wb") as log:
            process = await asyncio.create_subprocess_exec(
                str(DREAMBANK), "run", env=environment(data_dir, api, mode, port), cwd=str(data_dir),
                stdout=log, stderr=asyncio.subprocess.STDOUT)
            try:
                await _drive(api, process, result, data_dir, port, seconds, per_second)
            finally:
                result.exit_code = await _stop(process)
        result.log = log_path.read_text(errors="replace")
    result.trouble = [line for line in result.log.splitlines() if any(t in line for t in TROUBLE)]
    return result


async def _drive(api: BotApiStandIn, process: asyncio.subprocess.Process, result: Start, data_dir: Path,
                 port: int, seconds: float, per_second: float) -> None:
    mode = result.mode
    users = [api.user(tid, name.capitalize(), language_code=lang) for name, (tid, _roles, lang) in PEOPLE.items()]
    hook = f"http://127.0.0.1:{port}/telegram/hook"
    secret = Settings(secret=SECRET).webhook_secret()
    waiting: dict[int, tuple[int, float]] = {}  # chat id: (bot messages before, when asked)
    async with httpx.AsyncClient(timeout=10) as http:
        await _ready(api, http, process, mode, port)
        until = time.monotonic() + seconds  # serving time, counted from when it is ready
        send_at = datetime.now(timezone.utc) + timedelta(seconds=max(seconds - 3.0, 2.0))
        await schedule_newsletter(data_dir, send_at, ON_TIME)  # the schedule must notice it while serving
        turn, next_ask = 0, time.monotonic()
        while time.monotonic() < until:
            if process.returncode is not None:
                result.died_early = True
                return
            now = time.monotonic()
            if now >= next_ask:
                user = users[turn % len(users)]
                turn += 1
                if user["id"] not in waiting:
                    waiting[user["id"]] = (len(api.messages_in(user["id"])), now)
                    result.asked += 1
                    api.send_text(user, "/help" if turn % 2 else "/start")
                    if mode == "webhook":
                        for update in api.updates_for_webhook():
                            with contextlib.suppress(httpx.TransportError):
                                await api.post_update(hook, update, secret)
                next_ask = now + 1 / per_second
            if mode == "webhook":
                asked = time.monotonic()
                try:
                    if (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                        result.healthz_seconds.append(time.monotonic() - asked)
                except httpx.TransportError:
                    pass  # a process that died is noticed above
            _answers(api, waiting, result)
            said = [m.get("text", "") for u in users for m in api.messages_in(u["id"])]
            result.missed_came = result.missed_came or any(MISSED in text for text in said)
            if result.newsletter_late is None and any(ON_TIME in text for text in said):
                result.newsletter_late = (datetime.now(timezone.utc) - send_at).total_seconds()
            await asyncio.sleep(0.05)
        for _ in range(100):  # the last questions get a moment to be answered
            _answers(api, waiting, result)
            if not waiting:
                break
            await asyncio.sleep(0.05)


def _answers(api: BotApiStandIn, waiting: dict[int, tuple[int, float]], result: Start) -> None:
    for chat_id, (before, asked) in list(waiting.items()):
        if len(api.messages_in(chat_id)) > before:
            result.answered += 1
            result.reply_seconds.append(time.monotonic() - asked)
            del waiting[chat_id]


async def _ready(api: BotApiStandIn, http: httpx.AsyncClient, process: asyncio.subprocess.Process, mode: str,
                 port: int) -> None:
    """Until the bot polls, or its webhook is set and its endpoint answers."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.returncode is None:
        if mode == "polling" and api.calls_to("getUpdates"):
            return
        if mode == "webhook" and api.webhook:
            try:
                if (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
        await asyncio.sleep(0.05)


async def _stop(process: asyncio.subprocess.Process) -> int | None:
    """SIGTERM, and SIGKILL if it does not end within 20 s: nothing outlives the start."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 20)
        except asyncio.TimeoutError:
            process.kill()
            await process.wait()
            return None
    return process.returncode


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
