"""Core's messages on Discord: views as embeds and components with core's tokens, inert typed text, and
every text within Discord's limits whatever core hands over."""

import json
from dataclasses import replace
from datetime import datetime, timezone

import discord
import pytest

from bots.discord.render import (LIMITS, SELECT_PREFIX, START_PREFIX, Drawn, Outgoing, pressed_token, render,
                                 start_param)
from core.chat.buttons import ButtonCodec
from core.chat.dreams import NOTICES as DREAM_NOTICES
from core.chat.layout import as_message
from core.chat.replies import Attachment, Button, Message
from core.dialogs import engine
from core.dialogs.catalogue import FORMS
from core.i18n import _
from core.links import Links
from core.model.digests import DigestView
from core.model.notices import NoticeKind
from core.views.actions import Action
from core.views.model import Act, Card, Choice, Entry, Fact, Listing, Note, Question, paged, turns

CODEC = ButtonCodec(b"d" * 32)
NOW = datetime(2027, 5, 17, 12, 0, tzinfo=timezone.utc)


def components(out: Outgoing) -> list[dict]:
    return out.components()


def custom_ids(out: Outgoing) -> list[str]:
    return [c["custom_id"] for row in components(out) for c in row["components"] if "custom_id" in c]


def button_labels(out: Outgoing) -> list[list[str]]:
    return [[c["label"] for c in row["components"] if c["type"] == 2] for row in components(out)]


def within_limits(out: Outgoing) -> None:
    """What Discord checks before it takes a message, read from the JSON discord.py sends."""
    assert len(out.content) <= LIMITS["content"]
    assert out.content or out.embeds or out.view is not None or out.file is not None
    total = 0
    for embed in out.embeds:
        data = embed.to_dict()
        assert len(data.get("title", "")) <= LIMITS["embed_title"]
        assert len(data.get("description", "")) <= LIMITS["embed_description"]
        assert len(data.get("fields", [])) <= LIMITS["embed_fields"]
        for f in data.get("fields", []):
            assert 0 < len(f["name"]) <= LIMITS["field_name"] and 0 < len(f["value"]) <= LIMITS["field_value"]
        assert len(data.get("footer", {}).get("text", "")) <= LIMITS["footer"]
        total += len(embed)
    assert total <= LIMITS["embed_total"]
    rows = components(out)
    assert len(rows) <= LIMITS["rows"]
    for row in rows:
        assert row["type"] == 1 and 0 < len(row["components"]) <= LIMITS["row_buttons"]
        for c in row["components"]:
            if c["type"] == 2:
                assert 0 < len(c["label"]) <= LIMITS["button_label"]
                assert ("url" in c) != ("custom_id" in c)
            else:
                assert c["type"] == 3 and len(row["components"]) == 1
                assert 0 < len(c["options"]) <= LIMITS["select_options"]
                for o in c["options"]:
                    assert 0 < len(o["label"]) <= LIMITS["option_label"]
                    assert len(o.get("description") or "") <= LIMITS["option_description"]
                    assert len(o["value"]) <= LIMITS["option_value"]
            assert len(c.get("custom_id", "")) <= LIMITS["custom_id"]
    ids = [c["custom_id"] for row in rows for c in row["components"] if "custom_id" in c]
    assert len(ids) == len(set(ids)), "custom_ids are unique within a message"


def card(**changes) -> Card:
    fields = dict(kind="dream", id=12, title=_("💭 {title} (no. {id})", title="Bench by the fjord", id=12),
                  state="in the bank", fields=(Fact(_("Needs"), "time, money"),), body=("A bench to sit on.",),
                  actions=((Act.to(Action.LIKE, "Like", 12), Act.to(Action.PLEDGE, "Help", 12, refused=_("No."))),
                           (Act.to(Action.WITHDRAW, "Withdraw", 12),)))
    fields.update(changes)
    return Card(**fields)


class TestCard:
    def test_a_card_is_one_embed_with_its_facts_and_the_allowed_acts_carry_core_tokens(self):
        message = as_message(card(), CODEC)

        [out] = render(message, "en")

        [embed] = out.embeds
        assert embed.title == "💭 Bench by the fjord (no. 12)"
        assert embed.description == "A bench to sit on."
        assert [(f.name, f.value, f.inline) for f in embed.fields] == [("Needs", "time, money", True)]
        assert embed.footer.text == "State: in the bank" and embed.colour is not None
        assert out.content == ""
        assert button_labels(out) == [["Like"], ["Withdraw"]]  # the refused "Help" is not offered
        assert custom_ids(out) == [b.token for row in message.buttons for b in row]
        assert [CODEC.decode(i).action for i in custom_ids(out)] == [Action.LIKE, Action.WITHDRAW]

    def test_the_card_speaks_the_members_language(self):
        [out] = render(as_message(card(), CODEC), "nb")

        assert out.embeds[0].title == "💭 Bench by the fjord (nr. 12)"
        assert out.embeds[0].fields[0].name == "Behov"

    def test_what_people_typed_is_escaped_and_pings_nobody(self):
        typed = "@everyone **free** <@123456789012345678> _beer_ # now"
        message = as_message(card(title=typed, body=(typed,), fields=(Fact("Who", typed),)), CODEC)

        [out] = render(message, "en")

        data = out.embeds[0].to_dict()
        for shown in (data["title"], data["description"], data["fields"][0]["value"]):
            assert "@everyone" not in shown and "<@123456789012345678>" not in shown
            assert "\\*\\*free\\*\\*" in shown and "\\_beer\\_" in shown
        mentions = out.kwargs()["allowed_mentions"].to_dict()
        assert mentions == {"parse": []}

    def test_a_picture_by_address_is_shown_and_a_platform_file_id_is_not(self):
        by_url = render(as_message(card(image={"url": "https://example.org/b.jpg"}), CODEC), "en")[0]
        by_id = render(as_message(card(image={"platform": "telegram", "file_id": "AgAD"}), CODEC), "en")[0]

        assert by_url.embeds[0].image.url == "https://example.org/b.jpg"
        assert by_id.embeds[0].image.url is None

    def test_with_a_public_address_the_title_of_a_dream_an_event_or_a_project_links_its_web_page(self):
        links = Links(public_url="https://bank.example.org")
        shown = {kind: render(as_message(card(kind=kind, id=4), CODEC), "en", links=links)[0].embeds[0].url
                 for kind in ("dream", "event", "project", "archive", "call")}

        assert shown == {"dream": "https://bank.example.org/go/d4", "event": "https://bank.example.org/go/e4",
                         "project": "https://bank.example.org/go/f4", "archive": "https://bank.example.org/go/f4",
                         "call": None}
        assert render(as_message(card(), CODEC), "en")[0].embeds[0].url is None
        assert render(as_message(card(), CODEC), "en", links=Links.telegram("bot"))[0].embeds[0].url is None

    def test_an_address_longer_than_discord_takes_is_left_out(self):
        links = Links(public_url="https://bank.example.org/" + "x" * 600)

        assert render(as_message(card(), CODEC), "en", links=links)[0].embeds[0].url is None

    def test_a_huge_card_is_cut_to_every_limit_and_keeps_its_buttons(self):
        long = "word " * 3000
        facts = tuple(Fact(f"Fact {i} " + "x" * 300, long) for i in range(30))
        actions = tuple(tuple(Act.to(Action.LIKE, "y" * 120, i * 10 + j) for j in range(7)) for i in range(7))
        message = as_message(card(title="t" * 400, state="s" * 3000, fields=facts, body=(long, long), actions=actions),
                             CODEC)

        out = render(message, "en")

        for part in out:
            within_limits(part)
        assert out[0].embeds[0].title.endswith("…") and out[0].embeds[0].description.endswith("…")
        tokens = sorted(b.token for row in message.buttons for b in row)
        assert sorted(i for part in out for i in custom_ids(part)) == tokens


class TestListing:
    def listing(self, count: int, page: int = 1, *, opened: bool = True) -> Message:
        items, page, pages = paged(list(range(1, count + 1)), page)
        previous, following = turns(Action.BANK, page, pages)
        entries = tuple(Entry(f"Dream {i}", "in the bank",
                              Act.to(Action.OPEN_DREAM, f"Dream {i}", i) if opened else None) for i in items)
        return as_message(Listing(_("The bank"), entries, _("The bank is empty."), page, pages, count,
                                  previous, following), CODEC)

    def test_entries_are_numbered_and_a_select_opens_one_by_its_token(self):
        message = self.listing(23, page=2)

        [out] = render(message, "en")

        embed = out.embeds[0]
        assert embed.title == "The bank" and embed.footer.text == "Page 2 of 3"
        assert embed.description.splitlines()[0] == "**11.** Dream 11 — in the bank"
        select_row, turn_row = components(out)
        [select] = select_row["components"]
        assert select["custom_id"].startswith(SELECT_PREFIX) and select["max_values"] == 1
        assert [o["label"] for o in select["options"]][:2] == ["11. Dream 11", "12. Dream 12"]
        assert [CODEC.decode(o["value"]).args for o in select["options"]] == [(str(i),) for i in range(11, 21)]
        assert [c["label"] for c in turn_row["components"]] == ["‹ Previous", "Next ›"]
        assert [CODEC.decode(c["custom_id"]).args for c in turn_row["components"]] == [("1",), ("3",)]

    def test_an_empty_listing_says_so_without_components(self):
        [out] = render(self.listing(0), "en")

        assert out.embeds[0].description == "The bank is empty." and out.view is None

    def test_entries_that_open_nothing_are_listed_but_not_offered(self):
        [out] = render(self.listing(3, opened=False), "en")

        assert out.embeds[0].description.count("Dream") == 3 and out.view is None


class TestQuestions:
    def test_a_yes_no_question_is_one_row_of_two_buttons_under_the_question(self):
        question = Question((_("Is the dream non-profit?"),), options=(
            Act.to(Action.DIALOG, _("Yes"), "ab12", 3, "y"), Act.to(Action.DIALOG, _("No"), "ab12", 3, "n")),
            actions=((Act.to(Action.DIALOG, _("Cancel"), "ab12", 3, "c"),),), kind="yes_no")

        [out] = render(as_message(question, CODEC), "nb")

        assert out.embeds[0].title == "Is the dream non-profit?"
        assert button_labels(out) == [["Ja", "Nei"], ["Avbryt"]]

    def test_many_options_are_a_select_and_the_ticked_ones_are_marked(self):
        options = tuple(Act.to(Action.DIALOG, f"Option {i}", "ab12", 3, str(i), pressed=i == 2) for i in range(7))
        question = Question(("Pick some",), options=options, kind="choices")

        [out] = render(as_message(question, CODEC), "en")

        [[select]] = [row["components"] for row in components(out)]
        assert len(select["options"]) == 7
        assert [o["label"] for o in select["options"] if o.get("emoji")] == ["✓ Option 2"]

    def test_a_choice_marks_what_is_chosen(self):
        choice = Choice(_("Which language would you like?"),
                        (Act.to(Action.LANGUAGE, "English", "en"), Act.to(Action.LANGUAGE, "Norsk bokmål", "nb")),
                        frozenset({"nb"}))

        [out] = render(as_message(choice, CODEC), "en")

        [[english, norsk]] = [row["components"] for row in components(out)]
        assert norsk["style"] == discord.ButtonStyle.success.value
        assert english["style"] != norsk["style"]

    def test_a_real_deposit_question_offers_the_whole_form_in_a_modal(self):
        state = engine.start(FORMS["deposit"], 1, NOW)

        message = as_message(engine.prompt(FORMS["deposit"], state), CODEC)
        [out] = render(message, "en")

        ids = custom_ids(out)
        assert ids[0] == f"dreambank:form:{state.instance}:1"
        assert ids[1:] == [b.token for row in message.buttons for b in row]


class TestWithoutView:
    def test_lines_are_text_with_a_bold_first_line_and_buttons_below(self):
        message = Message.of(_("Thank you!"), "Next *step*", buttons=[[Button("My dreams", "m.1.abc")]])

        [out] = render(message, "en")

        assert out.content == "**Thank you!**\nNext \\*step\\*" and out.embeds == ()
        assert custom_ids(out) == ["m.1.abc"]

    def test_a_note_is_plain_text(self):
        note = Note.of(_("Thank you!"), actions=[[Act.to(Action.MINE, _("My dreams"))]])

        [out] = render(as_message(note, CODEC), "en")

        assert out.content == "**Thank you!**" and button_labels(out) == [["My dreams"]]

    def test_long_text_is_split_at_line_ends_and_only_the_last_part_has_the_buttons(self):
        story = "\n".join(f"Line {i}: " + "word " * 30 for i in range(60))
        message = Message.of("Title", story, buttons=[[Button("Like", "l.1.x")]])

        out = render(message, "en")

        assert len(out) == 5 and all(len(p.content) <= 2000 for p in out)
        assert [p.view is not None for p in out] == [False] * 4 + [True]
        assert "\n".join(p.content for p in out).count("Line ") == 60
        for part in out:
            within_limits(part)

    def test_a_line_of_backslashes_is_never_cut_inside_an_escape(self):
        out = render(Message.of("x" + "*" * 3000), "en")

        assert "".join(p.content for p in out) == "x" + "\\*" * 3000
        assert len(out) == 4 and all(len(p.content) <= 2000 for p in out)
        assert all(p.content.startswith("\\*") for p in out[1:])

    def test_link_buttons_lead_where_the_deployment_says_and_are_pressed_as_start_without_an_address(self):
        message = Message.of("x", buttons=[[Button("Help", link="p7"), Button("Share", link="d7", share=True),
                                            Button("Join", invite="circle:3"), Button("Like", "l.7.x")]])

        [with_links] = render(message, "en", links=Links.telegram("fjordby_bot"))
        [without] = render(message, "en")

        [row] = components(with_links)
        assert [(c["label"], c.get("url")) for c in row["components"]] == [
            ("Help", "https://t.me/fjordby_bot?start=p7"), ("Share", "https://t.me/fjordby_bot?start=d7"),
            ("Like", None)]
        [row] = components(without)
        assert [(c["label"], c.get("custom_id"), c.get("url")) for c in row["components"]] == [
            ("Help", "dreambank:start:p7", None), ("Like", "l.7.x", None)]
        assert pressed_token(row["components"][0]) is None  # the adapter's own, not a core token

    def test_a_start_button_carries_its_parameter_only_when_anyone_could_type_it_and_it_fits(self):
        longest = "p" + "9" * 63
        message = Message.of("x", buttons=[[Button("Long", link=longest), Button("Too long", link=longest + "9"),
                                            Button("Spaced", link="p7 /delete"), Button("Line", link="p7\nx")]])

        [out] = render(message, "en")

        assert custom_ids(out) == [START_PREFIX + longest]
        assert len(START_PREFIX + longest) <= LIMITS["custom_id"]
        assert start_param(START_PREFIX + longest) == longest
        assert start_param(START_PREFIX + "p7") == "p7"
        for forged in (START_PREFIX + longest + "9", START_PREFIX + "p7 x", START_PREFIX, "p7", "dreambank:form:p7"):
            assert start_param(forged) is None

    def test_the_bank_post_offers_help_on_discord_and_leaves_sharing_to_discord(self):
        view = {"dream_id": 7, "title": "Bench", "owner": "Anna", "story": "By the fjord.", "needs": ["time"],
                "state": "approved", "likes": 2, "pledges": 1}
        lines, buttons = DREAM_NOTICES[NoticeKind.DREAM_POST]
        message = Message.of(*lines(view), buttons=buttons(CODEC, view))

        [out] = render(message, "en")

        assert button_labels(out) == [["♥ 2 likes", "I can help (1)"]]
        assert custom_ids(out)[1] == "dreambank:start:p7"

    def test_more_rows_than_discord_allows_go_on_in_a_message_of_their_own(self):
        rows = [[Button(f"B{r}.{i}", f"t.{r}.{i}") for i in range(7)] for r in range(4)]

        out = render(Message.of("Many", buttons=rows), "en")

        assert len(out) == 2 and out[0].content == "**Many**" and out[1].content == ""
        for part in out:
            within_limits(part)
        assert [i for part in out for i in custom_ids(part)] == [b.token for row in rows for b in row]

    def test_a_digest_is_left_to_its_template_and_its_lines_are_the_fallback(self):
        digest = DigestView("Fjordby", "Europe/Oslo", "weekly", "2027-05-10T00:00:00Z", "2027-05-17T00:00:00Z")
        message = replace(as_message(card(), CODEC), lines=("Your weekly digest",), digest=digest)

        [out] = render(message, "en")

        assert out.content == "**Your weekly digest**" and out.embeds == ()

    def test_a_question_without_words_is_still_a_message(self):
        question = Question((), options=(Act.to(Action.DIALOG, "Skip", "ab12", 3, "s"),))

        [out] = render(as_message(question, CODEC), "en")

        assert out.embeds == () and button_labels(out) == [["Skip"]]
        within_limits(out)

    def test_a_file_comes_with_the_last_part(self):
        ics = Attachment("event.ics", b"BEGIN:VCALENDAR", "text/calendar")

        [out] = render(Message.of("Your invitation", attachment=ics), "en")

        assert out.file is ics
        sent = out.kwargs()["file"]
        assert isinstance(sent, discord.File) and sent.filename == "event.ics" and sent.fp.read() == b"BEGIN:VCALENDAR"
        assert out.kwargs(edit=True)["attachments"][0].filename == "event.ics"

    def test_an_edit_clears_what_the_new_state_has_not(self):
        kwargs = render(Message.of("Decided"), "en")[0].kwargs(edit=True)

        assert kwargs["view"] is None and kwargs["embeds"] == [] and kwargs["attachments"] == []


def test_a_press_or_a_choice_gives_back_the_token_drawn():
    [out] = render(TestListing().listing(3), "en")
    select = components(out)[0]["components"][0]
    chosen = select["options"][1]["value"]

    assert pressed_token({"custom_id": select["custom_id"], "component_type": 3, "values": [chosen]}) == chosen
    assert pressed_token({"custom_id": select["custom_id"], "component_type": 3, "values": []}) is None
    assert pressed_token({"custom_id": "l.12.abc", "component_type": 2}) == "l.12.abc"
    assert pressed_token({"custom_id": "dreambank:form:ab12cd34:2", "component_type": 2}) is None


class TestComponentsAreNotListenedTo:
    """discord.py keeps a view it sends in its view store; ours must not be kept, so only on_interaction answers."""

    async def send(self, **kwargs) -> tuple[discord.Client, dict]:
        client = discord.Client(intents=discord.Intents.none())
        sent: dict = {}

        async def send_message(channel_id, *, params):  # the HTTP boundary: what discord.py would send
            payload = params.payload if params.payload is not None else json.loads(params.multipart[0]["value"])
            sent.update(payload, files=[f.filename for f in params.files or []])
            return {"id": "222", "channel_id": str(channel_id), "type": 0, "content": sent.get("content") or "",
                    "author": {"id": "1", "username": "bot", "discriminator": "0", "avatar": None},
                    "attachments": [], "embeds": [], "mentions": [], "mention_roles": [], "pinned": False,
                    "mention_everyone": False, "tts": False, "timestamp": "2027-05-17T12:00:00+00:00",
                    "edited_timestamp": None, "flags": 0, "components": sent.get("components", [])}

        client.http.send_message = send_message
        channel = client.get_partial_messageable(111)
        await channel.send(**kwargs)
        return client, sent

    async def test_every_kind_of_part_is_sent_by_discord_py_as_it_is(self):
        ics = Attachment("event.ics", b"BEGIN:VCALENDAR", "text/calendar")
        messages = [as_message(card(image={"url": "https://example.org/b.jpg"}), CODEC),
                    TestListing().listing(23, page=2), Message.of("Your invitation", attachment=ics),
                    Message.of("Many", "word " * 900, buttons=[[Button(f"B{i}", f"t.{i}") for i in range(30)]])]
        for message in messages:
            for out in render(message, "nb"):
                client, sent = await self.send(**out.kwargs())
                assert sent["allowed_mentions"] == {"parse": []}
                assert sent.get("content") == (out.content or None)
                assert len(sent.get("embeds", [])) == len(out.embeds)
                assert sent.get("components", []) == out.components()
                assert sent["files"] == ([out.file.filename] if out.file else [])
                assert not client._connection._view_store._views
                await client.close()

    @pytest.mark.parametrize("ours", [True, False])
    async def test_a_sent_view_is_stored_only_when_it_is_not_ours(self, ours):
        [out] = render(as_message(card(), CODEC), "en")
        view = out.view
        if not ours:  # the same components in a plain view, as a control
            view = discord.ui.View(timeout=None)
            for item in out.view.children:
                view.add_item(item)

        client, sent = await self.send(content="x", view=view)

        stored = client._connection._view_store
        assert [c["custom_id"] for row in sent["components"] for c in row["components"]] == custom_ids(out)
        assert bool(stored._views or stored._synced_message_views) is not ours
        await client.close()

    def test_the_view_says_it_is_done_before_it_is_sent(self):
        [out] = render(as_message(card(), CODEC), "en")

        assert isinstance(out.view, Drawn) and out.view.is_finished() and not out.view.is_dispatchable()
        assert out.view.timeout is None
