"""Email end to end: the delivery engine sends through EmailChannel to a real SMTP server (aiosmtpd), and the
unsubscribe link in the mail works over real HTTP (uvicorn), on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from dataclasses import dataclass
from types import SimpleNamespace

import aiosmtplib
import httpx
import pytest
import sqlalchemy as sa
import uvicorn
from starlette.applications import Starlette

from bots.email.channel import EmailChannel, failure
from bots.email.smtp import SmtpServer
from bots.email.tokens import UnsubscribeTokens
from core.clock import SystemClock
from core.model.branches import Branch
from core.model.digests import DigestItem, DigestView
from core.model.members import Member
from core.model.notices import Notice, NoticeKind, NoticeStatus
from core.model.preferences import MailTopic, Preferences
from digests.delivery.channels import Rejected, Transient, Unreachable
from digests.delivery.engine import DeliveryEngine, EngineSettings
from core.links import Surfaces
from digests.rendering.environment import TEMPLATES, template_environment
from web import pages, unsubscribe
from storage.tables import NoticeRow
from tests.standins.smtp import MailServer, free_port
# the same databases as the integration tests: their fixtures, and the hook that runs each test on both
from tests.integration.conftest import database_url, pytest_generate_tests, uow_factory  # noqa: F401

CLOCK = SystemClock()
SECRET = b"email-tests-secret-0123456789"
TEMPLATES_ENV = template_environment(TEMPLATES, pages.TEMPLATES)
SENDER = "Fjordby dreambank <dreambank@bank.example.org>"
MARKUP = '<b>x</b> & "q"'
FAST = EngineSettings(batch=20, workers=4, max_tries=3, backoff_seconds=0.05, idle_seconds=0.02, flush_seconds=0.01)
ONE_CLICK = {"content-type": "application/x-www-form-urlencoded"}


class Lease:
    async def hold(self) -> bool:
        return True

    async def release(self) -> None:
        pass


@pytest.fixture
def mail_server():
    with MailServer() as server:
        yield server


@asynccontextmanager
async def web(db):
    """The unsubscribe routes served by uvicorn on 127.0.0.1, as `dreambank run` serves the webhook."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(Starlette(routes=unsubscribe.routes(db, UnsubscribeTokens(SECRET),
                                                                                      TEMPLATES_ENV)), host="127.0.0.1",
                                           port=port, log_level="warning", lifespan="off"))
    serving = asyncio.create_task(server.serve())
    while not server.started:
        if serving.done():
            serving.result()
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving


@dataclass
class World:
    db: object
    branch: Branch
    public_url: str
    mail: MailServer

    async def member(self, name: str, address: str, language: str | None = None) -> Member:
        """A member whose confirmed address gets the digest, newsletters and reminders."""
        async with self.db() as uow:
            member = await uow.members.add(Member(name, self.branch.id, language, CLOCK.now()))
            await uow.preferences.save(Preferences(member.id, email=address, digest_by_email=True,
                                                   newsletters_by_email=True, reminders_by_email=True))
            await uow.commit()
        return member

    async def notify(self, member: Member, kind: NoticeKind, params: dict, address: str) -> None:
        async with self.db() as uow:
            await uow.outbox.put(Notice(member.id, self.branch.id, kind, params, CLOCK.now(), via="email",
                                        address=address))
            await uow.commit()

    def channel(self) -> EmailChannel:
        return EmailChannel(CLOCK, TEMPLATES_ENV, Surfaces("fjordby_bot", self.public_url), UnsubscribeTokens(SECRET),
                            self.mail.url, SENDER, per_second=200)

    async def deliver(self, seconds: float = 15, channel: EmailChannel | None = None) -> None:
        """Run the engine with an EmailChannel until nothing waits in the outbox (and close a channel it made)."""
        own = channel is None
        channel = channel or self.channel()
        engine = DeliveryEngine(self.db, channel, CLOCK, Lease(), FAST)
        stop = asyncio.Event()
        running = asyncio.create_task(engine.run(stop))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        try:
            while loop.time() < deadline:
                await asyncio.sleep(0.05)
                async with self.db() as uow:
                    waiting = await uow.session.scalar(sa.select(sa.func.count()).select_from(NoticeRow).where(
                        NoticeRow.status.in_([NoticeStatus.PENDING.value, NoticeStatus.SENDING.value])))
                if not waiting and engine.idle:
                    break
        finally:
            stop.set()
            await running
            if own:
                await channel.close()

    async def notices(self) -> list[SimpleNamespace]:
        async with self.db() as uow:
            found = (await uow.session.scalars(sa.select(NoticeRow).order_by(NoticeRow.id))).all()
            return [SimpleNamespace(**r.model_dump()) for r in found]

    async def preferences(self, member: Member) -> Preferences:
        async with self.db() as uow:
            return await uow.preferences.get(member.id)


@pytest.fixture
async def world(uow_factory, mail_server):  # noqa: F811 - the fixture imported above
    async with uow_factory() as uow:
        branch = await uow.branches.add(Branch("fjordby", "Fjordby", timezone="Europe/Oslo"))
        await uow.commit()
    async with web(uow_factory) as public_url:
        yield World(uow_factory, branch, public_url, mail_server)


def a_digest(title: str = "A bench by the fjord") -> dict:
    return DigestView("Fjordby", "Europe/Oslo", "weekly", "2026-05-04T07:00:00+00:00", "2026-05-11T07:00:00+00:00",
                      dreams=[DigestItem("dream:12", title, "Somewhere to sit", "d12", count=3)],
                      events=[DigestItem("event:3", "Summer party", "", "e3", at="2026-05-12T16:00:00+00:00",
                                         place="The library", count=4)]).to_params()


NEWSLETTER = dict(newsletter_id=1, text="The bench is built! Come and sit.", image={}, author="Hanne", branch="Fjordby")


def unsubscribe_link(mail) -> str:
    return str(mail["List-Unsubscribe"]).strip().strip("<>")


class TestSending:
    async def test_a_digest_arrives_as_text_and_html_with_inlined_styles_and_one_click_headers(self, world):
        anna = await world.member("Anna", "anna@example.org")
        await world.notify(anna, NoticeKind.DIGEST, a_digest(MARKUP), "anna@example.org")

        await world.deliver()

        [mail] = await world.mail.wait_for(1)
        assert mail["Subject"] == "Your weekly digest from Fjordby" and mail["To"] == "anna@example.org"
        assert mail["From"] == SENDER and mail["Auto-Submitted"] == "auto-generated" and mail["Date"]
        assert mail.get_content_type() == "multipart/alternative"
        text, html = [part.get_content() for part in mail.iter_parts()]
        assert [p.get_content_type() for p in mail.iter_parts()] == ["text/plain", "text/html"]
        assert f"* {MARKUP} (3 likes)" in text and "Tuesday 12 May, 18:00 · The library" in text
        assert "&lt;b&gt;x&lt;/b&gt; &amp;" in html and "<b>x</b>" not in html
        assert "<style" not in html and 'style="' in html and "https://t.me/fjordby_bot?start=d12" in html
        assert f'href="{world.public_url}/go/d12"' in html and f"{world.public_url}/go/d12" in text
        link = unsubscribe_link(mail)
        assert link.startswith(f"{world.public_url}/unsubscribe/") and link in text and link in html
        assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        [notice] = await world.notices()
        assert notice.status == "sent" and notice.channel == "email"
        assert notice.message_id == str(mail["Message-ID"])[:64] and "@bank.example.org>" in mail["Message-ID"]

    async def test_several_mails_go_out_over_one_connection(self, world):
        people = [await world.member(f"P{i}", f"p{i}@example.org") for i in range(5)]
        for i, person in enumerate(people):
            await world.notify(person, NoticeKind.NEWSLETTER, NEWSLETTER, f"p{i}@example.org")

        await world.deliver()

        assert len(await world.mail.wait_for(5)) == 5 and world.mail.connections == 1

    async def test_a_connection_the_server_closed_is_opened_again_for_the_next_mail(self, world):
        anna = await world.member("Anna", "anna@example.org")
        channel = world.channel()
        try:
            await world.notify(anna, NoticeKind.NEWSLETTER, NEWSLETTER, "anna@example.org")
            await world.deliver(channel=channel)
            world.mail.restart()
            await world.notify(anna, NoticeKind.NEWSLETTER, NEWSLETTER, "anna@example.org")
            await world.deliver(channel=channel)
        finally:
            await channel.close()

        assert len(await world.mail.wait_for(2)) == 2 and world.mail.connections == 2
        assert [n.status for n in await world.notices()] == ["sent", "sent"]

    async def test_a_mail_in_the_member_language(self, world):
        bjorn = await world.member("Bjørn", "bjorn@example.org", language="nb")
        await world.notify(bjorn, NoticeKind.DIGEST, a_digest(), "bjorn@example.org")

        await world.deliver()

        [mail] = await world.mail.wait_for(1)
        assert "tirsdag 12. mai kl. 18:00" in mail.get_body(("plain",)).get_content()
        assert 'lang="nb"' in mail.get_body(("html",)).get_content()


class TestUnsubscribing:
    async def test_the_link_in_the_mail_stops_that_mail_and_the_page_can_undo_it(self, world):
        anna = await world.member("Anna", "anna@example.org")
        await world.notify(anna, NoticeKind.DIGEST, a_digest(), "anna@example.org")
        await world.deliver()
        [mail] = await world.mail.wait_for(1)

        async with httpx.AsyncClient() as http:
            page = await http.get(unsubscribe_link(mail))
            stopped = await world.preferences(anna)
            undone = await http.post(unsubscribe_link(mail) + "/undo")
        restored = await world.preferences(anna)

        assert page.status_code == 200 and "You will no longer get the digest by email." in page.text
        assert 'action="' in page.text and "Subscribe again" in page.text
        assert page.headers["cache-control"] == "no-store"
        assert not stopped.digest_by_email and stopped.newsletters_by_email and stopped.email == "anna@example.org"
        assert undone.status_code == 200 and "The digest comes by email again." in undone.text
        assert restored.digest_by_email

    async def test_a_mail_program_unsubscribes_with_one_post(self, world):
        anna = await world.member("Anna", "anna@example.org")
        await world.notify(anna, NoticeKind.NEWSLETTER, NEWSLETTER, "anna@example.org")
        await world.deliver()
        [mail] = await world.mail.wait_for(1)

        async with httpx.AsyncClient() as http:
            answer = await http.post(unsubscribe_link(mail), content="List-Unsubscribe=One-Click", headers=ONE_CLICK)
            again = await http.post(unsubscribe_link(mail), content="List-Unsubscribe=One-Click", headers=ONE_CLICK)
            wrong = await http.post(unsubscribe_link(mail), content="something=else", headers=ONE_CLICK)
        chosen = await world.preferences(anna)

        assert (answer.status_code, again.status_code, wrong.status_code) == (200, 200, 400)
        assert not chosen.newsletters_by_email and chosen.digest_by_email and chosen.reminders_by_email

    async def test_a_forged_or_changed_token_gets_a_kind_400_and_changes_nothing(self, world):
        anna = await world.member("Anna", "anna@example.org")
        real = UnsubscribeTokens(SECRET).make(anna.id, MailTopic.ALL)
        forged = UnsubscribeTokens(b"another secret").make(anna.id, MailTopic.ALL)
        changed = real[:-2] + ("AA" if not real.endswith("AA") else "BB")

        async with httpx.AsyncClient(base_url=world.public_url) as http:
            answers = [await http.get(f"/unsubscribe/{token}", headers={"accept-language": "nb-NO,en;q=0.5"})
                       for token in (forged, changed, "nonsense")]
            posted = await http.post(f"/unsubscribe/{forged}", content="List-Unsubscribe=One-Click",
                                     headers=ONE_CLICK)

        assert [a.status_code for a in answers] == [400, 400, 400] and posted.status_code == 400
        assert all('lang="nb"' in a.text and "<h1>" in a.text for a in answers)
        assert (await world.preferences(anna)).email == "anna@example.org"

    async def test_the_code_mail_link_forgets_the_unconfirmed_address_and_nothing_else(self, world):
        cecilie = await world.member("Cecilie", "cecilie@example.org", language="nb")
        async with world.db() as uow:  # someone typed another address as hers: the code goes there
            chosen = await uow.preferences.get(cecilie.id)
            chosen.pending_email, chosen.code_hash, chosen.code_sent_at = "not-cecilie@example.org", "x", CLOCK.now()
            await uow.preferences.save(chosen)
            await uow.commit()
        await world.notify(cecilie, NoticeKind.EMAIL_CODE, dict(code="042917", branch="Fjordby", minutes=30),
                           "not-cecilie@example.org")
        await world.deliver()
        [mail] = await world.mail.wait_for(1)

        async with httpx.AsyncClient() as http:
            page = await http.get(unsubscribe_link(mail))
            undone = await http.post(unsubscribe_link(mail) + "/undo")
        chosen = await world.preferences(cecilie)

        assert page.status_code == 200 and 'lang="nb"' in page.text
        assert "Subscribe again" not in page.text
        assert chosen.pending_email is None and chosen.code_hash is None
        assert chosen.email == "cecilie@example.org" and chosen.newsletters_by_email, "her own address is kept"
        assert undone.status_code == 200


    async def test_a_link_checker_looking_with_head_changes_nothing(self, world):
        anna = await world.member("Anna", "anna@example.org")
        link = f"{world.public_url}/unsubscribe/{UnsubscribeTokens(SECRET).make(anna.id, MailTopic.DIGEST)}"

        async with httpx.AsyncClient() as http:
            answer = await http.head(link)

        assert answer.status_code == 200 and (await world.preferences(anna)).digest_by_email


class TestRefusals:
    async def test_a_mailbox_refused_with_550_is_forgotten_and_the_notice_failed(self, world):
        gone = await world.member("Gone", "gone@example.org")
        here = await world.member("Here", "here@example.org")
        world.mail.refuse("gone@example.org", "550 5.1.1 <gone@example.org>: Recipient address rejected")
        await world.notify(gone, NoticeKind.NEWSLETTER, NEWSLETTER, "gone@example.org")
        await world.notify(here, NoticeKind.NEWSLETTER, NEWSLETTER, "here@example.org")

        await world.deliver()

        first, second = await world.notices()
        assert first.status == "failed" and first.last_error.startswith("unreachable: 550")
        assert second.status == "sent" and [str(m["To"]) for m in world.mail.received] == ["here@example.org"]
        assert (await world.preferences(gone)).email is None
        assert (await world.preferences(here)).email == "here@example.org"

    async def test_a_bounce_does_not_forget_an_address_the_member_has_changed_since(self, world):
        anna = await world.member("Anna", "new@example.org")
        world.mail.refuse("old@example.org", "550 5.1.1 No such user")
        await world.notify(anna, NoticeKind.NEWSLETTER, NEWSLETTER, "old@example.org")

        await world.deliver()

        [notice] = await world.notices()
        assert notice.status == "failed" and (await world.preferences(anna)).email == "new@example.org"

    async def test_a_421_is_tried_again_and_the_mail_goes_out(self, world):
        anna = await world.member("Anna", "anna@example.org")
        world.mail.refuse("anna@example.org", "421 4.3.2 Service not available, try again later", times=1)
        await world.notify(anna, NoticeKind.DIGEST, a_digest(), "anna@example.org")

        await world.deliver()

        [notice] = await world.notices()
        assert notice.status == "sent" and notice.attempts == 2
        assert len(world.mail.refusals) == 1 and len(world.mail.to("anna@example.org")) == 1
        assert (await world.preferences(anna)).email == "anna@example.org"

    async def test_a_notice_whose_mail_cannot_be_written_is_refused_for_good(self, world):
        anna = await world.member("Anna", "anna@example.org")
        await world.notify(anna, NoticeKind.EVENT_REMINDER, {"event_id": 3}, "anna@example.org")

        await world.deliver()

        [notice] = await world.notices()
        assert notice.status == "failed" and notice.last_error.startswith("refused: the mail could not be written")
        assert world.mail.received == []


class TestWithoutADatabase:
    def test_a_token_says_who_and_what_and_a_tampered_one_is_rejected(self):
        tokens = UnsubscribeTokens(SECRET)
        token = tokens.make(42, MailTopic.REMINDERS)

        assert tokens.read(token) == tokens.read(token) and tokens.read(token).member_id == 42
        assert tokens.read(token).topic is MailTopic.REMINDERS
        assert tokens.read(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
        assert UnsubscribeTokens(b"another secret").read(token) is None
        assert tokens.read("") is None and tokens.read("a.b") is None

    def test_smtp_urls(self):
        assert SmtpServer.parse("smtp://user%40x:p%3Ass@mail.example.org:587?starttls=true") == SmtpServer(
            "mail.example.org", 587, "user@x", "p:ss", False, True)
        assert SmtpServer.parse("smtps://mail.example.org") == SmtpServer("mail.example.org", 465, None, None,
                                                                          True, False)
        assert SmtpServer.parse("smtp://localhost").port == 25 and SmtpServer.parse("smtp://localhost").starttls is None
        with pytest.raises(ValueError):
            SmtpServer.parse("http://mail.example.org")

    @pytest.mark.parametrize(("error", "meaning"), [
        (aiosmtplib.SMTPRecipientsRefused([aiosmtplib.SMTPRecipientRefused(550, "No such user", "a@x")]), Unreachable),
        (aiosmtplib.SMTPRecipientsRefused([aiosmtplib.SMTPRecipientRefused(450, "Mailbox busy", "a@x")]), Transient),
        (aiosmtplib.SMTPDataError(550, "5.1.1 The email account that you tried to reach does not exist"), Unreachable),
        (aiosmtplib.SMTPDataError(554, "5.7.1 Message rejected as spam"), Rejected),
        (aiosmtplib.SMTPDataError(421, "4.7.0 Try again later"), Transient),
        (aiosmtplib.SMTPAuthenticationError(535, "5.7.8 Bad credentials"), Transient),
        (aiosmtplib.SMTPServerDisconnected("gone"), Transient),
        (aiosmtplib.SMTPConnectTimeoutError("slow"), Transient),
        (ConnectionRefusedError(111, "refused"), Transient),
    ])
    def test_what_smtp_errors_mean_for_the_engine(self, error, meaning):
        assert isinstance(failure(error), meaning)
