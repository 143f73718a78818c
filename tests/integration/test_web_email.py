"""A member gives, confirms and forgets their email address on the settings page over HTTP, on SQLite and PostgreSQL,
with the deployment wired as `dreambank run` wires it and the code read from the mail a real SMTP exchange
(aiosmtpd on 127.0.0.1) brings: an address that cannot be one and a wrong code are refused beside their box and
change nothing else; a form without its token changes nothing; the code is in no address asked for and no log."""

from __future__ import annotations

import asyncio
import logging
import re

import httpx

from core.model.branches import Branch
from core.model.members import Identity, Member
from core.usecases.sign_in import sign_in_link
from dreambank.bootstrap import build
from dreambank.mailing import deliver_mail
from dreambank.settings import Settings
from tests.integration.portal_setup import csrf_of
from tests.standins.smtp import MailServer

ORIGIN = "http://bank.example.org"
CODE = re.compile(r"^ {4}(\d{6})\s*$", re.M)


async def test_an_address_given_on_the_settings_page_is_confirmed_with_the_mailed_code_then_forgotten(
        tmp_path, deployment_database, caplog):
    caplog.set_level(logging.DEBUG)
    asked: list[str] = []

    async def seen(request: httpx.Request) -> None:
        asked.append(str(request.url))

    with MailServer() as mail:
        settings = Settings(data_dir=tmp_path, secret="web-email-secret-0123456789abcdef", smtp_url=mail.url,
                            public_url=ORIGIN, **({"database_url": deployment_database} if deployment_database else {}))
        app = await build(settings)
        try:
            async with app.uow() as uow:
                branch = await uow.branches.add(Branch("fjordby", "Fjordby", "en"))
                anna = await uow.members.add(Member("Anna", branch.id, "en", app.clock.now()), Identity("test", "anna"))
                await uow.commit()
            async with app.uow() as uow:
                token = await sign_in_link(uow, app.clock, anna)
                await uow.commit()

            async def preferences():
                async with app.uow() as uow:
                    return await uow.preferences.get(anna.id)

            stop = asyncio.Event()
            delivering = asyncio.create_task(deliver_mail(app, stop))
            try:
                async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app.web_app()), base_url=ORIGIN,
                                             event_hooks={"request": [seen]}) as http:
                    link = await http.get(f"/signin/{token}")
                    assert (await http.post(f"/signin/{token}", data={"csrf": csrf_of(link)})).status_code == 303
                    empty = await http.get("/fjordby/settings")
                    csrf = csrf_of(empty)
                    bad = await http.post("/fjordby/settings/email", data={"csrf": csrf, "address": "anna at home"})
                    bad_kept = await preferences()
                    unsigned = await http.post("/fjordby/settings/email", data={"address": "anna@example.org"})
                    unsigned_kept = await preferences()
                    given = await http.post("/fjordby/settings/email", data={"csrf": csrf,
                                                                            "address": "anna@Example.ORG"})
                    waiting = await http.get(given.headers["location"])
                    [letter] = await mail.wait_for(1, seconds=20)
                    [code] = CODE.findall(letter.get_body(("plain",)).get_content())
                    wrong = await http.post("/fjordby/settings/email/code",
                                            data={"csrf": csrf, "code": "%06d" % ((int(code) + 1) % 1_000_000)})
                    wrong_kept = await preferences()
                    unsigned_code = await http.post("/fjordby/settings/email/code", data={"code": code})
                    confirmed = await http.post("/fjordby/settings/email/code", data={"csrf": csrf, "code": code})
                    shown = await http.get(confirmed.headers["location"])
                    confirmed_kept = await preferences()
                    unsigned_forget = await http.post("/fjordby/settings/email/forget", data={"csrf": "x" + csrf})
                    still = await preferences()
                    forgotten = await http.post("/fjordby/settings/email/forget", data={"csrf": csrf})
                    after = await http.get(forgotten.headers["location"])
                    gone = await preferences()
            finally:
                stop.set()
                await asyncio.wait_for(delivering, 30)
        finally:
            await app.close()

    assert empty.status_code == 200 and "The bank has no email address of yours." in empty.text
    assert 'action="/fjordby/settings/email"' in empty.text and "/email name@example.org" not in empty.text
    assert "First add your email address, in the form on this page." in empty.text
    assert bad.status_code == 422 and 'id="address-problem"' in bad.text and 'value="anna at home"' in bad.text
    assert "That does not look like an email address. Type it like this: name@example.org" in bad.text
    assert 'aria-describedby="address-problem"' in bad.text and bad_kept.pending_email is None
    assert unsigned.status_code == 403 and unsigned_kept.pending_email is None
    assert given.status_code == 303 and given.headers["location"] == "/fjordby/settings"
    assert "A code is on its way to anna@example.org. Type it in the box for the code below." in waiting.text
    assert 'action="/fjordby/settings/email/code"' in waiting.text
    assert "The code mailed to anna@example.org" in waiting.text
    assert str(letter["To"]) == "anna@example.org" and "/email" not in letter.get_body(("plain",)).get_content()
    assert "Type this code on the settings page" in letter.get_body(("plain",)).get_content()
    assert "on the web pages of Fjordby" in letter.get_body(("plain",)).get_content()
    assert wrong.status_code == 422 and 'id="code-problem"' in wrong.text
    assert 'aria-describedby="code-problem"' in wrong.text and code not in wrong.text
    assert "That code is not right. Check the mail sent to anna@example.org and try again." in wrong.text
    assert wrong_kept.email is None and wrong_kept.code_tries == 1
    assert unsigned_code.status_code == 403
    assert confirmed.status_code == 303 and confirmed_kept.email == "anna@example.org"
    assert "anna@example.org is confirmed" in shown.text and "Your email address: anna@example.org" in shown.text
    assert 'action="/fjordby/settings/email/forget"' in shown.text
    assert unsigned_forget.status_code == 403 and still.email == "anna@example.org"
    assert forgotten.status_code == 303 and after.status_code == 200
    assert "Your email address is forgotten; no more mail comes from the bank." in after.text
    assert gone.email is None and gone.pending_email is None and not gone.newsletters_by_email
    logged = [r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")]  # not the stand-in's own
    assert asked and not any(code in url for url in asked) and logged and not any(code in line for line in logged)

