"""A view laid out for a chat: refused actions are not offered, pages turn, and the view travels along."""

from core.chat.buttons import ButtonCodec
from core.chat.layout import as_message
from core.i18n import _, translate
from core.views.actions import Action
from core.views.model import Act, Card, Entry, Fact, Listing, Note, paged

CODEC = ButtonCodec(b"x" * 32)


def texts(message):
    return [translate(line, "en") for line in message.lines]


def labels(message):
    return [[translate(b.label, "en") for b in row] for row in message.buttons]


def test_a_card_offers_only_the_allowed_actions_and_keeps_its_view():
    card = Card("dream", 4, "Bench", state="approved", fields=(Fact(_("Needs"), "time"),), body=("A story",),
                actions=((Act.to(Action.LIKE, "Like", 4), Act.to(Action.PLEDGE, "Help", 4, refused=_("No."))),))
    message = as_message(card, CODEC)
    assert texts(message) == ["Bench", "Needs: time", "State: approved", "A story"]
    assert labels(message) == [["Like"]]
    assert CODEC.decode(message.buttons[0][0].token).args == ("4",)
    assert message.topic == "dream:4" and message.view is card


def test_a_listing_is_paged_with_buttons_to_turn():
    items, page, pages = paged(list(range(23)), 3)
    assert (items, page, pages) == ([20, 21, 22], 3, 3)
    listing = Listing("Dreams", tuple(Entry(f"d{i}", "new", Act.to(Action.OPEN_DREAM, "", i)) for i in items),
                      "none", page, pages, 23, previous=Act.to(Action.BANK, "‹ Previous", 2))
    message = as_message(listing, CODEC)
    assert texts(message) == ["Dreams", "Page 3 of 3"]
    assert labels(message) == [["d20 — new"], ["d21 — new"], ["d22 — new"], ["‹ Previous"]]


def test_an_empty_listing_says_so_and_a_note_keeps_its_lines():
    assert texts(as_message(Listing("Dreams", (), "Nothing yet."), CODEC)) == ["Dreams", "Nothing yet."]
    note = Note.of("Done.", actions=[[Act(None, "Share", link="https://example.org/d/1", share=True)]])
    message = as_message(note, CODEC)
    assert texts(message) == ["Done."] and message.buttons[0][0].link == "https://example.org/d/1"
