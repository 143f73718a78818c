"""Dates, times, numbers and money written in each reader's conventions, when the sentence is read."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from html import escape

import pytest

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.formats import CONVENTIONS, Moment, Money, Number, conventions, currency_of
from core.i18n import _, alone, translate
from core.model.bank import amount_shown
from core.model.branches import Branch
from core.model.dreams import Need
from core.model.members import Identity
from tests.unit.circle import make_padriver, new_event

#: 18:00 in Oslo on 12 May 2026 (summer time)
AT = datetime(2026, 5, 12, 16, 0, tzinfo=timezone.utc)
NBSP = "\xa0"


@pytest.mark.parametrize("language, when, day, clock", [
    ("en", "2026-05-12 18:00", "2026-05-12", "18:00"),
    ("nb", "12. mai 2026 kl. 18:00", "12. mai 2026", "18:00"),
    ("da", "12. maj 2026 kl. 18.00", "12. maj 2026", "18.00"),
    ("nl", "12 mei 2026 18:00", "12 mei 2026", "18:00"),
])
def test_a_moment_is_written_in_each_languages_style_and_the_branchs_time_zone(language, when, day, clock):
    shown = {style: translate(alone(Moment(AT, "Europe/Oslo", style)), language) for style in ("when", "day", "clock")}
    assert shown == {"when": when, "day": day, "clock": clock}


@pytest.mark.parametrize("language, long_when", [
    ("en", "Tuesday 12 May, 18:00"),
    ("nb", "tirsdag 12. mai kl. 18:00"),
    ("da", "tirsdag den 12. maj kl. 18.00"),
    ("nl", "dinsdag 12 mei om 18:00"),
])
def test_the_long_form_writes_the_weekday_and_month_out(language, long_when):
    assert translate(alone(Moment(AT, "Europe/Oslo", "long_when")), language) == long_when


def test_the_same_moment_is_read_in_each_readers_time_zone_it_was_given():
    assert translate(alone(Moment(AT, "Europe/Amsterdam", "clock")), "nl") == "18:00"
    assert translate(alone(Moment(AT, "UTC", "clock")), "nl") == "16:00"


@pytest.mark.parametrize("language, written", [
    ("en", "1,234,567"), ("nb", f"1{NBSP}234{NBSP}567"), ("da", "1.234.567"), ("nl", "1.234.567")])
def test_a_number_is_grouped_as_the_language_groups_it(language, written):
    assert translate(_("{n} people", n=Number(1234567)), language).split(" ")[0] == written


@pytest.mark.parametrize("language, currency, written", [
    ("en", "NOK", "NOK1,234.50"), ("nb", "NOK", f"1{NBSP}234,50{NBSP}kr"), ("da", "DKK", f"1.234,50{NBSP}kr."),
    ("nl", "EUR", f"€{NBSP}1.234,50")])
def test_money_is_written_with_its_currency_as_the_language_writes_it(language, currency, written):
    assert translate(alone(Money(Decimal("1234.5"), currency)), language) == written


def test_a_language_without_conventions_is_written_as_english_and_regional_tags_find_their_language():
    assert conventions("de") is CONVENTIONS["en"]
    assert conventions("nb-NO") is conventions("no") is CONVENTIONS["nb"]
    assert conventions("da_DK").locale == "da_DK" and conventions("nl").locale == "nl_NL"


def test_a_branch_counts_in_the_currency_of_its_language():
    assert [Branch("b", "B", language).currency for language in ("en", "nb")] == ["NOK", "NOK"]
    assert [currency_of(language) for language in ("da", "nl", "sv")] == ["DKK", "EUR", "NOK"]


def test_only_an_offer_of_money_is_written_as_money():
    assert translate(alone(amount_shown(Need.MONEY, Decimal("500"), "NOK")), "nb") == f"500,00{NBSP}kr"
    assert translate(alone(amount_shown(Need.VENUE, Decimal("1"), "NOK")), "en") == "1"


def test_a_formatted_value_is_escaped_like_any_other_parameter():
    # bokmål writes money with no-break spaces, which HTML escaping must see and may rewrite
    def to_html(text: str) -> str:
        return escape(text).replace(NBSP, "&nbsp;")

    said = translate(_("You offer {amount}.", amount=Money(Decimal("1234.5"), "NOK")), "nb", to_html)
    assert said == "You offer 1&nbsp;234,50&nbsp;kr."
    tagged = translate(_("At {when}", when=Moment(AT, "Europe/Oslo")), "en", lambda s: f"<b>{s}</b>")
    assert tagged == "At <b>2026-05-12 18:00</b>"


def test_a_formatted_value_read_without_a_language_is_english():
    assert str(Moment(AT, "Europe/Oslo")) == "2026-05-12 18:00" and str(Number(1234)) == "1,234"


async def test_one_invitation_reads_in_each_members_own_language(circle):
    await make_padriver(circle, "anna")
    await make_padriver(circle, "frida")
    async with circle.db() as uow:
        anna = await uow.members.get(circle.anna.id)
        anna.language = "nb"
        await uow.members.save(anna)
        await uow.commit()
    await new_event(circle)
    conversation = Conversation(circle.db, circle.clock, ButtonCodec(b"formats-test-secret"))

    async def read(name: str) -> tuple[str, str]:
        reply = await conversation.take_notices(Identity("test", name), "test")
        return reply.language, "\n".join(translate(line, reply.language) for m in reply.messages for line in m.lines)

    anna_language, to_anna = await read("anna")
    frida_language, to_frida = await read("frida")
    assert (anna_language, frida_language) == ("nb", "en")
    assert "🕒 2026-05-20 18:00 – 20:00" in to_frida and "2026-05-19 12:00" in to_frida
    assert "🕒 20. mai 2026 kl. 18:00 – 20:00" in to_anna and "19. mai 2026 kl. 12:00" in to_anna


def test_a_notice_queued_before_times_travelled_in_utc_still_shows_the_times_it_carries():
    from core.usecases.events import event_moments

    old = event_moments({"starts": "2026-05-20 18:00", "ends": "20:00", "deadline": "2026-05-19 12:00"})
    assert (old.starts, old.ends, old.deadline) == ("2026-05-20 18:00", "20:00", "2026-05-19 12:00")
    new = event_moments({"starts_at": "2026-05-20T16:00:00+00:00", "ends_at": "2026-05-21T08:00:00+00:00",
                         "deadline_at": "2026-05-19T10:00:00+00:00", "timezone": "Europe/Oslo"})
    assert [translate(alone(m), "nl") for m in (new.starts, new.ends, new.deadline)] == [
        "20 mei 2026 18:00", "21 mei 2026 10:00", "19 mei 2026 12:00"]  # an end on another day has its date
