"""The one ASGI app as the composition root builds it: health, Telegram's webhook and the unsubscribe pages
in one application, each surface's routes there only when the deployment configures it."""

from __future__ import annotations

import httpx
import pytest

from dreambank.bootstrap import build
from dreambank.settings import Settings
from web.telegram import SECRET_HEADER

HOOK = "https://bank.example.org/telegram/hook"


@pytest.fixture
async def app(tmp_path):
    built = await build(Settings(data_dir=tmp_path, secret="web-app-tests-secret-0123456789", telegram_token="1:x",
                                 telegram_webhook_url=HOOK, smtp_url="smtp://127.0.0.1:9"))
    try:
        yield built
    finally:
        await built.close()


def client(asgi) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi), base_url="http://testserver")


async def test_health_the_webhook_and_the_unsubscribe_pages_are_served_together(app):
    async with client(app.web_app(app.telegram_adapter())) as http:
        health = await http.get("/healthz")
        forged = await http.post("/telegram/hook", json={"update_id": 1})
        not_an_update = await http.post("/telegram/hook", json={"hello": 1},
                                        headers={SECRET_HEADER: app.settings.webhook_secret()})
        bad_link = await http.get("/unsubscribe/not-a-token", headers={"accept-language": "nb"})

    assert (health.status_code, health.text) == (200, "ok")
    assert forged.status_code == 403 and not_an_update.status_code == 400
    assert bad_link.status_code == 400 and 'lang="nb"' in bad_link.text


async def test_without_a_webhook_or_mail_the_portal_and_health_are_served_and_nothing_else(tmp_path):
    app = await build(Settings(data_dir=tmp_path, secret="web-app-tests-secret-0123456789"))
    try:
        async with client(app.web_app()) as http:
            assert (await http.get("/healthz")).status_code == 200
            assert (await http.get("/")).status_code == 200
            assert (await http.get("/unsubscribe/x")).status_code == 404
            assert (await http.post("/telegram/hook", json={})).status_code in (404, 405)
    finally:
        await app.close()
