"""The mail server stand-in: a fault in its own handlers fails the test that sent the mail."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib
import pytest

from tests.standins.smtp import MailServer, MailServerCrashed


def a_mail(to: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "bank@example.org", to, "Hei"
    mail.set_content("Benken er klar.")
    return mail


def broken(self: MailServer, address: str) -> str | None:
    raise RuntimeError("a fault inside the mail server")


async def test_mail_is_received_and_a_clean_stop_raises_nothing():
    with MailServer() as server:
        await aiosmtplib.send(a_mail("anna@example.org"), hostname="127.0.0.1", port=server.port)

        [mail] = await server.wait_for(1)

    assert mail["To"] == "anna@example.org"


async def test_a_handler_fault_answers_500_and_fails_when_the_server_stops(monkeypatch):
    monkeypatch.setattr(MailServer, "_reply_for", broken)
    server = MailServer().start()

    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
        await aiosmtplib.send(a_mail("anna@example.org"), hostname="127.0.0.1", port=server.port)

    [recipient] = refused.value.recipients
    code, message = recipient.code, recipient.message
    assert code == 500 and "RuntimeError" in message
    with pytest.raises(MailServerCrashed, match="a fault inside the mail server"):
        server.stop()


async def test_a_fault_is_told_beside_the_error_of_a_test_that_failed_already(monkeypatch):
    monkeypatch.setattr(MailServer, "_reply_for", broken)

    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
        with MailServer() as server:
            await aiosmtplib.send(a_mail("anna@example.org"), hostname="127.0.0.1", port=server.port)

    assert any("a fault inside the mail server" in note for note in refused.value.__notes__)
