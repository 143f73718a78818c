"""Webhook mode: `dreambank run` serving Telegram's posts over ASGI, as one worker or several."""

from __future__ import annotations

import asyncio
import socket
from contextlib import AsyncExitStack, asynccontextmanager

import pytest

from core.chat.buttons import Action
from core.model.members import Identity
from core.usecases import dreams
from dreambank.bootstrap import build
from dreambank.runner import run
from dreambank.settings import Settings
from tests.conftest import empty_postgres
from tests.e2e.telegram_harness import BOARD_GROUP, set_up_branch
from tests.factories import a_draft
from tests.standins.telegram import BotApiStandIn, FloodLimits

PUBLIC_URL = "https://bank.example.org/telegram/hook"
DEPOSITS = 40


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@asynccontextmanager
async def worker(api: BotApiStandIn, data_dir, database_url: str | None):
    """One `dreambank run` process's worth: its own engine and application, on a port of its own."""
    port = free_port()
    settings = Settings(data_dir=data_dir, database_url=database_url, secret="webhook-tests-secret-0123456789",
                        telegram_token=api.token, telegram_api_url=api.base_url, telegram_webhook_url=PUBLIC_URL,
                        listen=f"127.0.0.1:{port}", telegram_poll_seconds=0.05, telegram_per_second=3000,
                        telegram_per_chat_per_second=100, telegram_per_group_per_minute=6000)
    app = await build(settings)
    stop = asyncio.Event()
    running = asyncio.create_task(run(app, stop))
    try:
        await _listening(port)
        yield app, f"http://127.0.0.1:{port}/telegram/hook", settings.webhook_secret()
    finally:
        stop.set()
        await asyncio.wait_for(running, 15)
        await app.close()


async def _listening(port: int) -> None:
    for _ in range(200):
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


async def replies_to(api: BotApiStandIn, chat_id: int, count: int) -> list[dict]:
    for _ in range(200):
        if len(api.messages_in(chat_id)) >= count:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)
    return api.messages_in(chat_id)


class TestOneWorker:
    async def test_telegram_is_told_the_url_and_secret_and_updates_are_answered(self, tmp_path):
        async with BotApiStandIn(limits=FloodLimits(scale=100)) as api, worker(api, tmp_path, None) as (app, url, secret):
            users = await set_up_branch(app, api)
            update = api.send_text(users["anna"], "/start")
            api.updates_for_webhook()

            status = await api.post_update(url, update, secret)
            answer = (await replies_to(api, users["anna"]["id"], 1))[0]

            hook = api.calls_to("setWebhook")[-1].params
            assert (hook["url"], hook["secret_token"]) == (PUBLIC_URL, secret)
            assert status == 200 and answer["text"].startswith("Welcome to the dream bank of Fjordby, Anna!")

    async def test_a_press_is_answered_in_the_webhook_response_and_not_by_a_request(self, tmp_path):
        async with (BotApiStandIn(limits=FloodLimits(scale=100)) as api,
                    worker(api, tmp_path, None) as (app, url, secret)):
            users = await set_up_branch(app, api)
            anna = users["anna"]
            shown = {"message_id": 1, "date": 1, "chat": {"id": anna["id"], "type": "private"}, "text": "The bank",
                     "from": {"id": int(api.token.split(":")[0]), "is_bot": True, "first_name": "Bank"}}
            press = api.press(anna, shown, app.codec.encode(Action.BANK, 1), strict=False)
            api.updates_for_webhook()

            status = await api.post_update(url, press, secret)

            answers = [c for c in api.calls if c.method == "answerCallbackQuery"]
            query = press["callback_query"]["id"]
            assert status == 200 and query in api.callback_answers  # the button stopped spinning
            assert [(c.in_response, c.ok, str(c.params["callback_query_id"])) for c in answers] == [(True, True, query)]
            assert api.messages_in(anna["id"])  # and the press was replied to in the chat, by a request

    async def test_a_post_without_the_secret_is_refused_and_changes_nothing(self, tmp_path):
        async with BotApiStandIn(limits=FloodLimits(scale=100)) as api, worker(api, tmp_path, None) as (app, url, _secret):
            users = await set_up_branch(app, api)
            update = api.send_text(users["anna"], "/deposit")
            api.updates_for_webhook()

            forged = await api.post_update(url, update, "not-the-secret")
            missing = await api.post_update(url, update, None)
            await asyncio.sleep(0.3)

            assert (forged, missing) == (403, 403)
            assert api.messages_in(users["anna"]["id"]) == []


@pytest.mark.postgres
class TestSeveralWorkers:
    async def test_two_workers_on_one_database_answer_a_duplicate_once_and_post_once(self, tmp_path, postgres_url):
        await empty_postgres(postgres_url)
        async with BotApiStandIn(limits=FloodLimits(scale=100)) as api, AsyncExitStack() as stack:
            app_a, url_a, secret = await stack.enter_async_context(worker(api, tmp_path / "a", postgres_url))
            _app_b, url_b, _ = await stack.enter_async_context(worker(api, tmp_path / "b", postgres_url))
            users = await set_up_branch(app_a, api)
            anna = users["anna"]["id"]

            start = api.send_text(users["anna"], "/start")
            api.updates_for_webhook()
            statuses = await asyncio.gather(api.post_update(url_a, start, secret), api.post_update(url_b, start, secret))
            welcomed = await replies_to(api, anna, 1)
            for text in ("/deposit", "A bench", "By the sea"):
                update = api.send_text(users["anna"], text)
                api.updates_for_webhook()
                await api.post_update(url_a if text != "A bench" else url_b, update, secret)
                await replies_to(api, anna, len(api.messages_in(anna)) + 1)

            async with app_a.uow() as uow:
                owner = await uow.members.by_identity(Identity("telegram", str(anna)))
            for n in range(DEPOSITS):  # one by one, so both workers' delivery loops have work to race for
                async with app_a.uow() as uow:
                    await dreams.deposit_dream(uow, app_a.clock, owner, a_draft(f"Swings {n}"))
                    await uow.commit()
                await asyncio.sleep(0.05)
            await api.wait_for("sendMessage", count=DEPOSITS, chat_id=BOARD_GROUP)
            await asyncio.sleep(1.5)  # both workers' delivery loops have had time to look

            assert statuses == [200, 200] and len([m for m in welcomed if "Welcome" in m["text"]]) == 1
            assert "step 3 of 7" in api.last_message(anna)["text"]  # the dialog moved from worker to worker
            assert len([c for c in api.calls_to("sendMessage") if c.params["chat_id"] == BOARD_GROUP]) == DEPOSITS
