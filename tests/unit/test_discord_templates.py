"""Digests, newsletters, calls and reminders from their Discord Markdown templates: inert text, local times, limits."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

import digests.rendering.environment as environment
from core.links import Links
from core.model.digests import DigestItem, DigestView
from core.model.notices import NoticeKind
from digests.rendering.discord import EMBED_LIMIT, markdown_escaped, render_discord, stamp

ENVIRONMENT = environment.template_environment(environment.TEMPLATES)
#: what a person might type to make a message do more than show their words
TRICKS = "**loud** __under__ ~~gone~~ `code` ||hidden|| [click](https://evil.example) @everyone <@123> <t:0:R>"


def a_digest(**changes) -> dict:
    view = dict(
        branch="Fjordby", timezone="Europe/Oslo", frequency="weekly",
        since="2026-05-04T07:00:00+00:00", until="2026-05-11T07:00:00+00:00",
        dreams=[DigestItem("dream:12", "A bench by the fjord", "Somewhere to sit", "d12", count=3)],
        events=[DigestItem("event:3", "Summer party", "", "e3", at="2026-05-12T16:00:00+00:00", place="The library",
                           count=4)])
    view.update(changes)
    return DigestView(**view).to_params()


def inert(shown: str) -> bool:
    """No markdown, link, mention or timestamp survives unescaped."""
    unescaped = re.sub(r"\\.", "", shown)
    return not any(mark in unescaped for mark in ("**", "__", "~~", "`", "||", "[", "<@", "<t:", "@everyone"))


class TestDigest:
    def test_a_digest_has_its_title_its_sections_and_times_each_reader_sees_in_their_own_zone(self):
        written = render_discord(ENVIRONMENT, NoticeKind.DIGEST, a_digest(), "en")

        body = "\n".join(written.parts)
        assert written.title == "Your weekly digest from Fjordby"
        assert "**New dreams**" in body and "**Coming events**" in body
        assert "**A bench by the fjord** · 3 likes" in body
        assert f"<t:{int(datetime.fromisoformat('2026-05-12T16:00:00+00:00').timestamp())}:f>" in body
        assert "The library" in body and "/settings" in body

    def test_with_a_public_address_each_item_links_its_web_page(self):
        links = Links(public_url="https://bank.example.org")
        written = render_discord(ENVIRONMENT, NoticeKind.DIGEST, a_digest(), "en", links)

        body = "\n".join(written.parts)
        assert "[A bench by the fjord](<https://bank.example.org/go/d12>) · 3 likes" in body
        assert "(<https://bank.example.org/go/e3>)" in body

    def test_the_digest_speaks_norwegian(self):
        written = render_discord(ENVIRONMENT, NoticeKind.DIGEST, a_digest(), "nb")

        assert "Fjordby" in written.title and "weekly" not in written.title
        assert "New dreams" not in "\n".join(written.parts)

    def test_what_people_wrote_shows_as_written_and_pings_nobody(self):
        dreams = [DigestItem("dream:1", TRICKS, TRICKS, "d1", count=1)]
        written = render_discord(ENVIRONMENT, NoticeKind.DIGEST, a_digest(branch=TRICKS, dreams=dreams, events=[]),
                                 "en")

        items = [line for line in "\n".join(written.parts).splitlines() if "loud" in line]
        assert items and all(inert(line.removeprefix("• **").removesuffix("** · 1 like").strip(" *"))
                             for line in items)
        assert inert(written.title.removeprefix("Your weekly digest from "))

    def test_a_long_digest_is_cut_between_items_into_parts_an_embed_holds(self):
        dreams = [DigestItem(f"dream:{i}", f"Dream number {i}", "x" * 250, f"d{i}", count=i) for i in range(60)]
        written = render_discord(ENVIRONMENT, NoticeKind.DIGEST, a_digest(dreams=dreams), "en")

        assert len(written.parts) > 1
        assert all(len(part) <= EMBED_LIMIT for part in written.parts)
        assert all(part.lstrip().startswith(("•", "__", "*", "-#")) for part in written.parts[1:])
        assert sum(part.count("Dream number") for part in written.parts) == 60


class TestNewsletterCallAndReminder:
    def test_a_newsletter_comes_with_its_branch_in_the_title_and_its_author_under_it(self):
        written = render_discord(ENVIRONMENT, NoticeKind.NEWSLETTER,
                                 dict(text=f"Coffee on Saturday!\n{TRICKS}", author="Hanne", branch="Fjordby",
                                      image={}), "en")

        assert written.title == "News from Fjordby"
        assert written.parts[0].startswith("Coffee on Saturday!") and written.parts[0].endswith("— Hanne")
        assert inert(written.parts[0])

    def test_a_call_says_how_many_are_in_and_who_it_is_for(self):
        written = render_discord(ENVIRONMENT, NoticeKind.CALL_POSTED,
                                 dict(call_id=4, title="Painters wanted", description="Bring a brush", when="Sunday",
                                      needed=3, competences=["painting", "carpentry"], taken=1, status="open"), "en")

        assert written.title == "🙋 Painters wanted"
        assert "1 of 3 people so far." in written.parts[0]
        assert "painting, carpentry" in written.parts[0] and "Sunday" in written.parts[0]

    def test_a_call_in_norwegian_counts_in_norwegian(self):
        written = render_discord(ENVIRONMENT, NoticeKind.CALL_POSTED,
                                 dict(call_id=4, title="Malere", description="", when="søndag", needed=1,
                                      competences=[], taken=0, status="open"), "nb")

        assert "0 av 1 person så langt." in written.parts[0]

    def test_a_reminder_shows_the_start_as_a_timestamp_and_how_far_off_it_is(self):
        starts = "2026-05-12T16:00:00+00:00"
        written = render_discord(ENVIRONMENT, NoticeKind.EVENT_REMINDER,
                                 dict(event_id=3, title="Summer party", starts_at=starts,
                                      ends_at="2026-05-12T19:00:00+00:00", place="The library", lead_minutes=120,
                                      timezone="Europe/Oslo", branch="Fjordby"), "en")

        assert written.title == "⏰ Summer party"
        assert stamp(starts) in written.parts[0] and stamp(starts, "R") in written.parts[0]
        assert "It starts in 2 hours." in written.parts[0]

    def test_a_kind_without_a_template_is_refused(self):
        with pytest.raises(ValueError):
            render_discord(ENVIRONMENT, NoticeKind.REVIEW_POST, {}, "en")


class TestEscaping:
    @pytest.mark.parametrize("typed", ["# a heading", "- a list", "> a quote", "a_b*c", "see <https://x.example>",
                                       "@here now"])
    def test_markdown_a_person_typed_is_made_inert(self, typed):
        shown = markdown_escaped(typed)

        assert shown != typed
        assert re.sub(r"\\(.)", r"\1", shown).replace("\u200b", "") == typed

    def test_plain_words_stay_as_they_are(self):
        assert markdown_escaped("A bench by the fjord, 3 m long (oak).") == "A bench by the fjord, 3 m long (oak)."
