"""What an operator sees of a deployment under way, scraped over HTTP and read with Prometheus's own parser: the
updates a webhook worker handled, each send and 429 of a deliverer against the Bot API stand-in, the outbox's
depth; and a deliverer process serving its metrics and readiness on DREAMBANK_METRICS_LISTEN."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal

import httpx
from prometheus_client.parser import text_string_to_metric_families

import dreambank.metrics
from core.model.branches import Branch
from core.model.members import Identity, Member
from core.model.notices import Notice, NoticeKind
from core.usecases import dreams
from dreambank.bootstrap import build
from dreambank.runner import serve_web
from dreambank.settings import Settings
from tests.e2e.delivery_setup import FIRST_ID, environment, populate, start_deliverer
from tests.e2e.telegram_harness import BOARD_GROUP, set_up_branch, telegram_branch
from tests.e2e.test_telegram_webhook import PUBLIC_URL, free_port, replies_to
from tests.factories import a_draft
from tests.standins.smtp import MailServer
from tests.standins.telegram import BotApiStandIn, FloodLimits

SECRET = "metrics-e2e-secret-0123456789"
NEWSLETTER = dict(newsletter_id=1, text="The bench is built! Come and sit.", image={}, author="Hanne", branch="Fjordby")


def samples(exposition: str, name: str) -> dict[frozenset, float]:
    return {frozenset(s.labels.items()): s.value for family in text_string_to_metric_families(exposition)
            for s in family.samples if s.name == name}


def named(exposition: str) -> str:
    """Every word the metrics say, their values aside: names, help texts, label names and label values (a value is a
    number, and a number such as 1.0010624e+08 may hold a member's id by chance)."""
    return "\n".join(f"{family.name} {family.documentation} " + " ".join(
        f"{sample.name} {' '.join(f'{k}={v}' for k, v in sample.labels.items())}" for sample in family.samples)
        for family in text_string_to_metric_families(exposition))


def value(exposition: str, name: str, **labels: str) -> float:
    return samples(exposition, name).get(frozenset(labels.items()), 0.0)


async def listening(port: int) -> None:
    for _ in range(1200):
        try:
            _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return
        except OSError:
            await asyncio.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


@contextlib.asynccontextmanager
async def web_worker(api: BotApiStandIn, data_dir):
    """`dreambank web` in webhook mode, as one of several stateless workers: the web app and Telegram's webhook,
    no deliverer, no schedule."""
    port = free_port()
    settings = Settings(data_dir=data_dir, secret=SECRET, telegram_token=api.token, telegram_api_url=api.base_url,
                        telegram_webhook_url=PUBLIC_URL, listen=f"127.0.0.1:{port}", telegram_poll_seconds=0.05)
    app = await build(settings)
    stop = asyncio.Event()
    serving = asyncio.create_task(serve_web(app, stop))
    try:
        await listening(port)
        yield app, f"http://127.0.0.1:{port}", settings.webhook_secret()
    finally:
        stop.set()
        await asyncio.wait_for(serving, 15)
        await app.close()


class TestWebWorker:
    async def test_an_update_through_the_webhook_is_counted_and_its_notices_wait_for_a_deliverer(self, tmp_path,
                                                                                                 monkeypatch):
        monkeypatch.setattr(dreambank.metrics, "DEPTH_SECONDS", 0.0)  # each scrape reads the outbox afresh
        async with BotApiStandIn(limits=FloodLimits(scale=100)) as api, web_worker(api, tmp_path) as (app, url, secret):
            users = await set_up_branch(app, api)
            async with httpx.AsyncClient(base_url=url, timeout=10) as http:
                before = (await http.get("/metrics")).text
                update = api.send_text(users["anna"], "/start")
                api.updates_for_webhook()
                status = await api.post_update(f"{url}/telegram/hook", update, secret)
                welcome = await replies_to(api, users["anna"]["id"], 1)
                async with app.uow() as uow:
                    anna = await uow.members.by_identity(Identity("telegram", str(users["anna"]["id"])))
                    await dreams.deposit_dream(uow, app.clock, anna, a_draft())  # the board is told: a notice
                    await uow.commit()
                await asyncio.sleep(1.0)  # time enough for a deliverer, were there one
                after = (await http.get("/metrics")).text
                ready = await http.get("/readyz")

        handled = dict(platform="telegram", outcome="handled")
        assert status == 200 and welcome[0]["text"].startswith("Welcome to the dream bank of Fjordby")
        assert value(before, "dreambank_updates_handled_total", **handled) == 0
        assert value(after, "dreambank_updates_handled_total", **handled) == 1
        assert value(after, "dreambank_update_handling_seconds_count", platform="telegram") == 1
        assert 0 < value(after, "dreambank_update_handling_seconds_sum", platform="telegram") < 10
        assert api.messages_in(BOARD_GROUP) == [], "a web worker sends no notice"
        assert value(after, "dreambank_outbox_pending", platform="telegram") == 1  # the board's post, for Telegram
        assert ready.status_code == 200
        words = named(after)
        assert "Anna" not in words and str(users["anna"]["id"]) not in words, "no one is named in the metrics"


class TestDeliverer:
    async def test_a_429_and_the_send_after_it_are_counted_per_platform(self, tmp_path, monkeypatch):
        monkeypatch.setenv("PTB_TIMEDELTA", "true")
        async with telegram_branch(tmp_path) as tg:
            tg.api.fail_next("sendMessage", status=429, retry_after=1, chat_id=BOARD_GROUP)
            async with tg.app.uow() as uow:
                owner = await uow.members.by_identity(Identity("telegram", str(tg.id("anna"))))
                await dreams.deposit_dream(uow, tg.app.clock, owner, a_draft())
                await uow.commit()
            tg.adapter.delivery.wake()
            await tg.api.wait_for("sendMessage", count=1, chat_id=BOARD_GROUP, timeout=15)
            await tg.idle()
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=tg.app.web_app()),
                                         base_url="http://testserver") as http:
                scraped = (await http.get("/metrics")).text

        to_board = [c.error_code for c in tg.api.calls_to("sendMessage") if c.params["chat_id"] == BOARD_GROUP]
        assert to_board[0] == 429 and to_board[-1] is None
        assert value(scraped, "dreambank_delivery_sends_total", platform="telegram", outcome="rate_limited") == 1
        assert value(scraped, "dreambank_delivery_sends_total", platform="telegram", outcome="sent") == \
            len([c for c in tg.api.calls_to("sendMessage") if c.error_code is None])
        assert value(scraped, "dreambank_outbox_pending", platform="telegram") == 0


class TestDelivererProcess:
    async def test_deliver_serves_its_metrics_and_readiness_on_the_metrics_address(self, tmp_path):
        members = 12
        token = "777001:metrics-token"
        settings = Settings(data_dir=tmp_path)
        broadcast_id = await populate(settings, members)
        port = free_port()
        async with BotApiStandIn(token=token, limits=FloodLimits(scale=10)) as api:
            api.users_bulk(FIRST_ID, members)
            env = environment(settings, api.base_url, token, per_second=300,
                              DREAMBANK_METRICS_LISTEN=f"127.0.0.1:{port}", DREAMBANK_METRICS_TOKEN="scrape-me-4d2b")
            deliverer = await start_deliverer(env)
            try:
                await listening(port)
                await api.wait_for("sendMessage", count=members, timeout=30)
                await asyncio.sleep(0.5)  # the outcomes recorded
                async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
                    refused = await http.get("/metrics")
                    scraped = (await http.get("/metrics", headers={"Authorization": "Bearer scrape-me-4d2b"})).text
                    ready = await http.get("/readyz")
                    alive = await http.get("/healthz")
            finally:
                if deliverer.returncode is None:
                    deliverer.send_signal(signal.SIGTERM)
                _out, err = await asyncio.wait_for(deliverer.communicate(), 30)

        assert broadcast_id and refused.status_code == 401
        assert value(scraped, "dreambank_delivery_sends_total", platform="telegram", outcome="sent") == members
        assert value(scraped, "dreambank_outbox_pending", platform="telegram") == 0
        assert (ready.status_code, alive.status_code) == (200, 200)
        assert deliverer.returncode == 0, err.decode()[-2000:]

    async def test_deliver_sends_the_mail_when_only_mail_is_set_up_and_counts_it(self, tmp_path):
        settings = Settings(data_dir=tmp_path, secret=SECRET)
        app = await build(settings)
        try:
            async with app.uow() as uow:
                branch = await uow.branches.add(Branch("fjordby", "Fjordby"))
                member = await uow.members.add(Member("Anna", branch.id, None, app.clock.now()))
                await uow.outbox.put(Notice(member.id, branch.id, NoticeKind.NEWSLETTER, NEWSLETTER, app.clock.now(),
                                            via="email", address="anna@example.org"))
                await uow.commit()
        finally:
            await app.close()
        port = free_port()
        with MailServer() as mail:
            env = {k: v for k, v in os.environ.items() if not k.startswith("DREAMBANK_")}
            env.update(DREAMBANK_DATA_DIR=str(tmp_path), DREAMBANK_SECRET=SECRET, DREAMBANK_SMTP_URL=mail.url,
                       DREAMBANK_TELEGRAM_POLL_SECONDS="0.05", DREAMBANK_METRICS_LISTEN=f"127.0.0.1:{port}")
            deliverer = await start_deliverer(env)
            try:
                [sent] = await mail.wait_for(1, seconds=60)
                await listening(port)
                await asyncio.sleep(0.5)  # the outcome recorded
                async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
                    scraped = (await http.get("/metrics")).text
            finally:
                if deliverer.returncode is None:
                    deliverer.send_signal(signal.SIGTERM)
                _out, err = await asyncio.wait_for(deliverer.communicate(), 30)

        assert sent["To"] == "anna@example.org" and "The bench is built!" in sent.get_body(("plain",)).get_content()
        assert value(scraped, "dreambank_delivery_sends_total", platform="email", outcome="sent") == 1
        assert value(scraped, "dreambank_outbox_pending", platform="email") == 0
        assert deliverer.returncode == 0, err.decode()[-2000:]
