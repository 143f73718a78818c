"""What `dreambank run` writes to its log while people use it on Telegram and by email, at DEBUG for every
logger, as text lines or JSON lines: no secret at all, and nothing personal above DEBUG."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import re
import signal
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import typer
from sqlalchemy.engine import make_url

from core.model.members import Identity
from core.usecases.preferences import _hash as code_hash
from dreambank import cli
from dreambank.bootstrap import build
from dreambank.logs import LIBRARY_FLOORS
from dreambank.settings import Settings
from tests.conftest import empty_postgres
from tests.e2e.delivery_setup import DREAMBANK
from tests.e2e.telegram_harness import BANK_CHANNEL, BOARD_GROUP, set_up_branch
from tests.standins.smtp import MailServer, free_port
from tests.standins.telegram import BotApiStandIn, FloodLimits

TOKEN = "4839574812:AAHk3vZ9TqUu1bX0yWlogsecTokenPart2xQ"
SECRET = "log-tests-deployment-secret-5f2b9c71"
WEBHOOK_SECRET = "log-tests-webhook-secret-8d1e4a"
SMTP_USER, SMTP_PASSWORD = "mailer", "smtp-password-3c7f1b"
DB_PASSWORD = "db-password-9a2e6d"
ADDRESS = "anna.nordmann@example.org"
TYPED = ("A reading bench by the library", "Books and a roof for rainy days.")
RECORD_START = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>[A-Z]+) (?P<logger>\S+): ", re.MULTILINE)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request) -> str | None:
    """The embedded SQLite, or PostgreSQL reached with a password, so that there is a database password to keep
    out of the log (the test server trusts 127.0.0.1 and takes any password)."""
    if request.param == "sqlite":
        return None
    postgres_url = request.getfixturevalue("postgres_url")
    await empty_postgres(postgres_url)
    return make_url(postgres_url).set(password=DB_PASSWORD).render_as_string(hide_password=False)


@dataclass
class Bank:
    """`dreambank run` in webhook mode with email, as a process, and the people who talk to it."""

    api: BotApiStandIn
    mail: MailServer
    users: dict[str, dict[str, Any]]
    origin: str
    process: asyncio.subprocess.Process | None = None
    typed: list[str] = field(default_factory=list)

    async def say(self, name: str, text: str) -> list[dict]:
        """`name` writes `text`; the bot's new messages in their chat, once there is one."""
        chat = self.users[name]["id"]
        before = len(self.api.messages_in(chat))
        self.api.send_text(self.users[name], text)
        await self.api.deliver_webhook_updates()
        await self.until(lambda: len(self.api.messages_in(chat)) > before)
        await asyncio.sleep(0.3)  # the rest of the answer
        return self.api.messages_in(chat)[before:]

    async def press(self, name: str, message: dict, label: str) -> None:
        before = len(self.api.calls_to("answerCallbackQuery"))
        self.api.press_button(self.users[name], message, label)
        await self.api.deliver_webhook_updates()
        await self.api.wait_for("answerCallbackQuery", count=before + 1, timeout=20)

    def last(self, name: str) -> dict:
        return self.api.last_message(self.users[name]["id"])

    async def until(self, found, seconds: float = 20) -> Any:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while loop.time() < deadline:
            if self.process is not None and self.process.returncode is not None:
                raise AssertionError(f"dreambank run ended with {self.process.returncode}")
            result = found()
            if result:
                return result
            await asyncio.sleep(0.05)
        raise TimeoutError("the bot did not answer in time")


def button_tokens(api: BotApiStandIn) -> set[str]:
    """The callback_data of every button the bot sent or edited in."""
    tokens = set()
    for call in api.calls:
        markup = call.params.get("reply_markup")
        markup = json.loads(markup) if isinstance(markup, str) else markup or {}
        for row in markup.get("inline_keyboard", []):
            tokens.update(b["callback_data"] for b in row if b.get("callback_data"))
    return tokens


def shown_by_default(logger: str) -> int:
    """The lowest level of this logger's records that a deployment logging at DEBUG shows without being asked
    for the libraries' own debugging output: dreambank's own loggers above DEBUG, the libraries at their floor."""
    top = logger.split(".", 1)[0]
    return LIBRARY_FLOORS.get(top, logging.INFO)


async def member_id(settings: Settings, telegram_id: int) -> int:
    app = await build(settings, migrate=False)
    try:
        async with app.uow() as uow:
            return (await uow.members.by_identity(Identity("telegram", str(telegram_id)))).id
    finally:
        await app.close()


def records(log: str, log_format: str = "text") -> list[tuple[str, str, str]]:
    """(level, logger, whole text with any traceback and every field) of each record in the log; in JSON, every
    line is a record."""
    if log_format == "json":
        lines = [json.loads(line) for line in log.splitlines() if line.strip()]
        return [(line["level"], line["logger"], json.dumps(line, ensure_ascii=False)) for line in lines]
    starts = list(RECORD_START.finditer(log))
    return [(m["level"], m["logger"], log[m.start():starts[i + 1].start() if i + 1 < len(starts) else len(log)])
            for i, m in enumerate(starts)]


async def listening(bank: Bank, port: int) -> None:
    async def accepts() -> bool:
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            return False
        writer.close()
        return True

    for _ in range(600):
        if await accepts():
            return
        await bank.until(lambda: True)
        await asyncio.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


async def settled(bank: Bank, log_path: Path, seconds: float = 20) -> None:
    """Until the schedule has started (its first writes done), so the flow's own writes come after them."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while loop.time() < deadline and "scheduling (" not in log_path.read_text(errors="replace"):
        await bank.until(lambda: True)
        await asyncio.sleep(0.1)


async def use_the_bank(bank: Bank) -> tuple[str, list[str]]:
    """Deposit, vote, like, add an address with a code, follow the mail's link: the email code and the links."""
    await bank.say("anna", "/start")
    await bank.say("anna", "/deposit")
    await bank.say("anna", TYPED[0])
    prompt = (await bank.say("anna", TYPED[1]))[-1]
    await bank.press("anna", prompt, "materials")
    await bank.press("anna", bank.last("anna"), "Done")
    for label in ("Skip", "Yes", "Yes", "Yes", "Deposit my dream"):
        await bank.press("anna", bank.last("anna"), label)
    for name in ("bjorn", "cecilie"):
        post = await bank.until(lambda: bank.api.last_message(BOARD_GROUP))
        await bank.press(name, post, "Approve")
    await bank.press("frida", await bank.until(lambda: bank.api.last_message(BANK_CHANNEL)), "♥ Like")

    await bank.say("anna", f"/email {ADDRESS}")
    [mail] = await bank.mail.wait_for(1, seconds=20)
    body = mail.get_body(("plain",)).get_content()
    code = re.search(r"\b\d{6}\b", body)[0]
    confirmed = await bank.say("anna", f"/email {code}")
    links = re.findall(rf"{re.escape(bank.origin)}/unsubscribe/\S+", body)
    async with httpx.AsyncClient() as http:
        for link in links:
            await http.get(link)
        forged = await http.post(f"{bank.origin}/telegram/hook", json={"update_id": 1},
                                 headers={"X-Telegram-Bot-Api-Secret-Token": "not-the-secret"})
    assert forged.status_code == 403
    assert any("is confirmed" in m["text"] for m in confirmed), confirmed
    return code, links


@pytest.mark.parametrize("log_format", ["text", "json"])
async def test_no_secret_and_nothing_personal_above_debug_reaches_the_log(tmp_path, database_url, log_format):
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "dreambank.log"
    settings = Settings(data_dir=tmp_path, database_url=database_url, secret=SECRET)
    with MailServer(login=(SMTP_USER, SMTP_PASSWORD)) as mail:
        async with BotApiStandIn(token=TOKEN, limits=FloodLimits()) as api:
            app = await build(settings)
            try:
                users = await set_up_branch(app, api)
            finally:
                await app.close()
            env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
            env.update(DREAMBANK_DATA_DIR=str(tmp_path), DREAMBANK_SECRET=SECRET, DREAMBANK_LOG_LEVEL="DEBUG",
                       DREAMBANK_LOG_LEVEL_LIBRARIES="DEBUG", DREAMBANK_LOG_FORMAT=log_format,
                       DREAMBANK_TELEGRAM_TOKEN=TOKEN, DREAMBANK_TELEGRAM_API_URL=api.base_url,
                       DREAMBANK_TELEGRAM_WEBHOOK_URL=f"{origin}/telegram/hook",
                       DREAMBANK_TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET, DREAMBANK_TELEGRAM_LISTEN=f"127.0.0.1:{port}",
                       DREAMBANK_TELEGRAM_POLL_SECONDS="0.05", DREAMBANK_TELEGRAM_USERNAME="fjordby_bot",
                       DREAMBANK_SMTP_URL=f"smtp://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{mail.port}",
                       DREAMBANK_MAIL_PER_SECOND="50")
            if database_url is not None:
                env.update(DREAMBANK_DATABASE_URL=database_url)
            bank = Bank(api, mail, users, origin)
            with log_path.open("wb") as log_file:
                bank.process = await asyncio.create_subprocess_exec(
                    str(DREAMBANK), "run", env=env, cwd=str(tmp_path), stdout=log_file, stderr=log_file)
                try:
                    await bank.until(lambda: api.webhook is not None, seconds=60)
                    await listening(bank, port)
                    await settled(bank, log_path)
                    code, links = await use_the_bank(bank)
                finally:
                    if bank.process.returncode is None:
                        bank.process.send_signal(signal.SIGTERM)
                        try:
                            await asyncio.wait_for(bank.process.wait(), 30)
                        except asyncio.TimeoutError:
                            bank.process.kill()
                            await bank.process.wait()
            tokens = button_tokens(api)
            anna = await member_id(settings, users["anna"]["id"])
    log = log_path.read_text(errors="replace")

    secrets = {"bot token": TOKEN, "token's secret part": TOKEN.split(":")[1], "deployment secret": SECRET,
               "webhook secret": WEBHOOK_SECRET, "SMTP password": SMTP_PASSWORD, "email code": code,
               "SMTP AUTH PLAIN": base64.b64encode(f"\0{SMTP_USER}\0{SMTP_PASSWORD}".encode()).decode(),
               "SMTP AUTH LOGIN": base64.b64encode(SMTP_PASSWORD.encode()).decode(),
               "email code's hash": code_hash(anna, ADDRESS, code), "database password": DB_PASSWORD}
    secrets.update({f"button token {t}": t for t in tokens})
    secrets.update({f"unsubscribe link {n}": link.rsplit("/", 1)[-1] for n, link in enumerate(links)})
    assert mail.logins and all(mail.logins), "the mail went out with the SMTP password"
    assert len(tokens) > 10 and links and len(records(log, log_format)) > 100, "the flow and its logging ran"
    leaked = {what: [line for line in log.splitlines() if value in line][:3]
              for what, value in secrets.items() if value in log}
    assert not leaked, leaked
    personal = [(level, logger) for level, logger, text in records(log, log_format)
                if logging.getLevelName(level) >= shown_by_default(logger) and (
                    ADDRESS in text or any(typed in text for typed in TYPED))]
    assert not personal, f"personal data above DEBUG, or in what a library shows by default: {personal[:5]}"


async def test_a_refused_token_is_said_plainly_without_showing_it(tmp_path):
    wrong = "5839574812:AAHk3vZ9TqUu1bX0yWthisTokenIsNotKnown"
    async with BotApiStandIn(token=TOKEN) as api:  # knows another token: the Bot API refuses this one
        env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
        env.update(DREAMBANK_DATA_DIR=str(tmp_path), DREAMBANK_SECRET=SECRET, DREAMBANK_TELEGRAM_TOKEN=wrong,
                   DREAMBANK_TELEGRAM_API_URL=api.base_url, DREAMBANK_LOG_LEVEL="DEBUG",
                   DREAMBANK_LOG_LEVEL_LIBRARIES="DEBUG", DREAMBANK_TELEGRAM_LISTEN=f"127.0.0.1:{free_port()}")
        creating = await asyncio.create_subprocess_exec(str(DREAMBANK), "branch", "create", "fjordby", "Fjordby",
                                                        env=env, cwd=str(tmp_path))
        await creating.wait()
        running = await asyncio.create_subprocess_exec(str(DREAMBANK), "run", env=env, cwd=str(tmp_path),
                                                       stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            out, err = await asyncio.wait_for(running.communicate(), 60)
        finally:
            if running.returncode is None:
                running.kill()
                await running.wait()

    log = (out + err).decode(errors="replace")
    assert running.returncode == 1 and "Telegram refused the token" in log, log[-2000:]
    assert wrong not in log and wrong.split(":")[1] not in log, log[-2000:]


def test_an_unexpected_crash_is_logged_through_the_filter_not_printed_raw(tmp_path, monkeypatch, caplog, capsys):
    monkeypatch.setenv("DREAMBANK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DREAMBANK_SECRET", SECRET)
    monkeypatch.setenv("DREAMBANK_TELEGRAM_TOKEN", TOKEN)

    async def crash(_app) -> None:
        raise ConnectionError(f"cannot reach https://api.telegram.org/bot{TOKEN}/getMe as {ADDRESS}")

    with pytest.raises(typer.Exit) as ended:
        cli._run(crash)

    shown = caplog.text + capsys.readouterr().err
    assert ended.value.exit_code == 1
    assert "dreambank stopped after an unexpected error" in shown and "ConnectionError: cannot reach" in shown
    assert TOKEN not in shown and TOKEN.split(":")[1] not in shown and ADDRESS not in shown
