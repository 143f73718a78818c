"""A sign-in link asked for on the portal arrives by mail through a real SMTP exchange (aiosmtpd on 127.0.0.1),
from the deployment as `dreambank run` wires it, and the link in the mail signs the member in over real HTTP,
once; on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import re

import httpx

from core.model.branches import Branch
from core.model.members import Identity, Member
from core.model.preferences import Preferences
from dreambank.bootstrap import build
from dreambank.mailing import deliver_mail
from dreambank.settings import Settings
from tests.integration.portal_setup import csrf_of
from tests.standins.smtp import MailServer
from tests.standins.telegram.server import LocalServer
from web.portal.session import SESSION_COOKIE

#: plain HTTP, as the stand-in portal is served: the cookies it sets are then sent back over it
PUBLIC = "http://bank.example.org"


async def test_a_link_asked_for_on_the_portal_comes_by_mail_and_signs_in_once(tmp_path, deployment_database):
    with MailServer() as mail:
        settings = Settings(data_dir=tmp_path, secret="mail-sign-in-secret-0123456789", smtp_url=mail.url,
                            public_url=PUBLIC, **({"database_url": deployment_database} if deployment_database else {}))
        app = await build(settings)
        try:
            async with app.uow() as uow:
                branch = await uow.branches.add(Branch("fjordby", "Fjordby", "en"))
                anna = await uow.members.add(Member("Anna", branch.id, "en", app.clock.now()),
                                             Identity("test", "anna"))
                await uow.preferences.save(Preferences(anna.id, email="anna@example.org"))
                await uow.commit()
            server = LocalServer(app.web_app())
            await server.start()
            stop = asyncio.Event()
            delivering = asyncio.create_task(deliver_mail(app, stop))
            try:
                async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
                    form = await http.get("/signin")
                    asked = await http.post("/signin/email", data={"csrf": csrf_of(form),
                                                                   "address": "anna@example.org"})
                    [letter] = await mail.wait_for(1, seconds=20)
                    text = letter.get_body(("plain",)).get_content()
                    [url] = re.findall(rf"{re.escape(PUBLIC)}/signin/[A-Za-z0-9_-]+", text)
                    path = url.removeprefix(PUBLIC)
                    opened = await http.get(path)
                    pressed = await http.post(path, data={"csrf": csrf_of(opened)})
                    cookie = pressed.cookies.get(SESSION_COOKIE)
                async with httpx.AsyncClient(base_url=server.url, cookies={SESSION_COOKIE: cookie or ""}) as http:
                    bank = await http.get("/fjordby/")
                async with httpx.AsyncClient(base_url=server.url) as http:  # someone else who saw the mail
                    again = await http.post(path, data={"csrf": csrf_of(await http.get(path))})
            finally:
                stop.set()
                await asyncio.wait_for(delivering, 30)
                await server.stop()
        finally:
            await app.close()

    assert asked.status_code == 200 and "on its way" in asked.text
    assert str(letter["To"]) == "anna@example.org" and mail.envelopes[0][1] == ["anna@example.org"]
    assert pressed.status_code == 303 and pressed.headers["location"] == "/fjordby/" and cookie
    assert "Signed in as Anna" in bank.text
    assert again.status_code == 400 and "used already" in again.text and SESSION_COOKIE not in again.cookies
