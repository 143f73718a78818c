"""Where notices cannot go any more, and mail turned on again: decided in core, the same for every channel."""

from core.links import Links, Start, Surfaces, param_of, share_url
from core.model.branches import ChatLink, ChatPurpose
from core.model.notices import Audience, Delivery, Notice, NoticeKind, NoticeStatus
from core.model.preferences import MailTopic, Preferences
from core.usecases.members import unreachable
from core.usecases.preferences import resubscribe, unsubscribe


def a_notice(village, member, kind=NoticeKind.ROLE_GRANTED, **changes) -> Notice:
    return Notice(member.id if member else None, village.branch.id, kind, {"role": "board"}, village.clock.now(),
                  **changes)


class TestUnreachable:
    async def test_a_member_who_blocked_the_bot_is_not_written_to_there_again(self, db, village):
        async with db() as uow:
            blocked = a_notice(village, village.anna)
            await unreachable(uow, village.clock, "test", Delivery(blocked, "anna"), "Forbidden: bot was blocked")
            await uow.outbox.put(a_notice(village, village.anna))
            await uow.outbox.put(a_notice(village, village.frida))
            claimed = await uow.outbox.claim("test", 10, village.clock.now())

        assert [d.chat_id for d in claimed] == ["frida"]

    async def test_a_lost_group_is_unlinked_and_the_branch_admins_are_told(self, db, village):
        board = ChatLink(village.branch.id, ChatPurpose.BOARD, "test", "-100", "The board")
        async with db() as uow:
            await uow.branches.link(board)
            post = a_notice(village, None, audience=Audience.BOARD_CHAT)
            await unreachable(uow, village.clock, "test", Delivery(post, "-100"), "Forbidden: bot was kicked")
            await uow.commit()

        async with db() as uow:
            assert await uow.branches.links(village.branch.id) == []
        told = [n for n in db.notices_for(village.gustav.id) if n.kind is NoticeKind.CHAT_LOST]
        assert len(told) == 1 and told[0].params["reason"] == "Forbidden: bot was kicked"

    async def test_a_bounced_address_is_forgotten_and_mail_waiting_for_it_is_dropped(self, db, village):
        anna = village.anna
        async with db() as uow:
            await uow.preferences.save(Preferences(anna.id, email="anna@example.org", newsletters_by_email=True))
            waiting = a_notice(village, anna, NoticeKind.NEWSLETTER, via="email", address="anna@example.org")
            await uow.outbox.put(waiting)
            await unreachable(uow, village.clock, "email", Delivery(waiting, "Anna@example.org"), "550 5.1.1")
            await uow.commit()

        async with db() as uow:
            assert (await uow.preferences.get(anna.id)).email is None
        assert {n.status for n in db.notices_for(anna.id)} == {NoticeStatus.SUPERSEDED}

    async def test_a_bounce_from_an_old_address_keeps_the_new_one(self, db, village):
        anna = village.anna
        async with db() as uow:
            await uow.preferences.save(Preferences(anna.id, email="anna@new.example.org"))
            old = a_notice(village, anna, NoticeKind.NEWSLETTER, via="email", address="anna@old.example.org")
            await unreachable(uow, village.clock, "email", Delivery(old, "anna@old.example.org"), "550 5.1.1")
            await uow.commit()

        async with db() as uow:
            assert (await uow.preferences.get(anna.id)).email == "anna@new.example.org"


class TestResubscribe:
    async def test_undoing_an_unsubscribe_turns_that_mail_on_again(self, db, village):
        anna = village.anna
        async with db() as uow:
            await uow.preferences.save(Preferences(anna.id, email="anna@example.org", digest_by_email=True))
            await unsubscribe(uow, anna.id, MailTopic.DIGEST)
            restored = await resubscribe(uow, anna.id, MailTopic.DIGEST)
            await uow.commit()

        async with db() as uow:
            assert restored and (await uow.preferences.get(anna.id)).digest_by_email

    async def test_after_stopping_all_mail_only_the_chat_can_add_an_address_again(self, db, village):
        anna = village.anna
        async with db() as uow:
            await uow.preferences.save(Preferences(anna.id, email="anna@example.org", digest_by_email=True))
            await unsubscribe(uow, anna.id, MailTopic.ALL)

            assert not await resubscribe(uow, anna.id, MailTopic.ALL)
            assert not await resubscribe(uow, anna.id, MailTopic.DIGEST)

    async def test_nobody_behind_the_link_is_nothing_to_turn_on(self, db, village):
        async with db() as uow:
            assert not await resubscribe(uow, 999, MailTopic.NEWSLETTERS)


class TestLinks:
    def test_telegram_links_open_the_configured_bot_with_the_start_parameter(self):
        links = Links.telegram("fjordby_bot")

        assert links.url("d12") == "https://t.me/fjordby_bot?start=d12"
        assert links.text("d12") == links.url("d12")
        assert share_url(links.url("d12")) == "https://t.me/share/url?url=https%3A%2F%2Ft.me%2Ffjordby_bot%3Fstart%3Dd12"

    def test_mail_links_to_the_bot_only_when_the_deployment_names_it(self):
        assert Surfaces("fjordby_bot").for_email().url("e3") == "https://t.me/fjordby_bot?start=e3"
        assert Surfaces(None, "https://bank.example.org").for_email().url("e3") is None

    def test_the_console_shows_the_command_to_type(self):
        assert Links.console().text("p5") == "/start p5" and Links.console().url("p5") is None

    def test_web_addresses_come_from_the_public_address_when_there_is_one(self):
        assert Surfaces(public_url="https://bank.example.org/").web("/unsubscribe/x") == \
            "https://bank.example.org/unsubscribe/x"
        assert Surfaces().web("unsubscribe/x") is None

    def test_with_a_public_address_what_is_shared_is_the_web_page_and_the_bot_is_still_opened_by_its_link(self):
        links = Surfaces("fjordby_bot", "https://bank.example.org/").for_telegram("fjordby_bot")

        assert links.page("d12") == links.share("d12") == "https://bank.example.org/go/d12"
        assert links.url("p12") == "https://t.me/fjordby_bot?start=p12"
        assert share_url(links.share("d12")) == "https://t.me/share/url?url=https%3A%2F%2Fbank.example.org%2Fgo%2Fd12"

    def test_without_a_public_address_what_is_shared_is_the_deep_link(self):
        links = Surfaces("fjordby_bot").for_telegram("fjordby_bot")

        assert links.page("d12") is None and links.share("d12") == "https://t.me/fjordby_bot?start=d12"

    def test_the_listen_address_alone_is_never_given_to_others(self):
        surfaces = Surfaces("fjordby_bot", "http://127.0.0.1:8080", local=True)

        assert surfaces.web("unsubscribe/x") == "http://127.0.0.1:8080/unsubscribe/x"
        assert surfaces.shared_url is None
        assert surfaces.for_email().share("e3") == "https://t.me/fjordby_bot?start=e3"

    def test_mail_links_the_web_page_and_keeps_the_bot_beside_it(self):
        links = Surfaces("fjordby_bot", "https://bank.example.org").for_email()

        assert links.share("e3") == links.text("e3") == "https://bank.example.org/go/e3"
        assert links.url("e3") == "https://t.me/fjordby_bot?start=e3"
        assert Surfaces(None, "https://bank.example.org").for_email().share("f4") == "https://bank.example.org/go/f4"
        assert Links.console().text("d1") == "/start d1"


class TestStartParameters:
    def test_each_letter_names_what_it_opens(self):
        assert [Start.read(p) for p in ("d12", "p12", "e3", "f4")] == [
            Start("dream", 12), Start("help", 12), Start("event", 3), Start("project", 4)]
        assert Start.read("f4").param == "f4"

    def test_anything_else_names_nothing(self):
        for param in ("", "d", "x12", "d-1", "d1.5", "d 1", "D12", "d١٢", "d" + "1" * 13, "dream_7"):
            assert Start.read(param) is None, param

    def test_a_cards_kind_has_its_parameter(self):
        assert param_of("dream", 12) == "d12" and param_of("event", 3) == "e3"
        assert param_of("project", 4) == param_of("archive", 4) == "f4"
        assert param_of("call", 2) == "" and param_of("dream", None) == ""
