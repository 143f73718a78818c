"""What one update costs the database: the statements a chat turn sends, counted as they reach the driver, on
SQLite and PostgreSQL alike. Each bound is the number reached; one more statement on any of these paths fails
here, so that a change that adds one says so."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import event

from core.chat.buttons import Action, ButtonCodec
from core.chat.conversation import Conversation, Incoming
from core.model.dreams import Dream, DreamState, Need
from core.model.members import Identity
from tests.factories import make_village

SECRET = b"update-statements-secret-0123456789"

#: the most statements each kind of update may send on PostgreSQL, besides its transaction's BEGIN and COMMIT: the
#: update's arrival (the inbox's INSERT with the member read with their branch, its chats and their dialog, in one),
#: then what the turn needs
TEXT_IN_A_DIALOG = 2  # the dialog, read with the arrival, written once
DIALOG_STARTED = 2  # no dialog found with the arrival, and one written
BUTTON_PRESS = 2  # a dream opened: its card (the dream, its counts, review, project, picture, owner's name, pledges
#                 with their makers' names, needs); its branch the member's, read with them
LIKE = 3  # the dream (a dream in the bank has no project to read), the like with the follow and the count (two
#         INSERTs in a WITH, the count read back by its UPDATE); the branch's chats, where the dream's post would
#         go, were read with the arrival; the post itself only where a chat shows it
REPEATED_UPDATE = 1  # the arrival, whose INSERT inserts nothing and which then reads nobody
#: SQLite has no INSERT inside a WITH: there the inbox's INSERT and the read of the member (with their branch and
#: dialog) are two statements (not for a repeat, whose member is not read)
APART_ON_SQLITE = 1
#: nor are a like's INSERT, its follow's and its count's UPDATE one statement there
LIKE_APART_ON_SQLITE = 2


@dataclass
class Statements:
    sent: list[str] = field(default_factory=list)
    #: what this database sends more than PostgreSQL for an update's arrival
    apart: int = 0

    sqlite: bool = False

    def most(self, bound: int, apart_on_sqlite: int = 0) -> int:
        return bound + self.apart + (apart_on_sqlite if self.sqlite else 0)

    def watch(self, engine: Any) -> None:
        self.sqlite = engine.dialect.name == "sqlite"
        self.apart = APART_ON_SQLITE if self.sqlite else 0
        def before(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
            if not statement.startswith("BEGIN"):  # SQLite's BEGIN IMMEDIATE; asyncpg begins apart
                self.sent.append(statement.split("\n")[0][:100])

        event.listen(engine.sync_engine, "before_cursor_execute", before)

    def during(self) -> "Counting":
        return Counting(self)


@dataclass
class Counting:
    statements: Statements
    start: int = 0
    sent: list[str] = field(default_factory=list)

    def __enter__(self) -> "Counting":
        self.start = len(self.statements.sent)
        return self

    def __exit__(self, *exc: object) -> None:
        self.sent = self.statements.sent[self.start:]


@pytest.fixture
async def chat(uow_factory):
    village = await make_village(uow_factory)
    async with uow_factory() as uow:
        dream = await uow.dreams.add(Dream(village.branch.id, village.bjorn.id, "A bench by the fjord", "Somewhere.",
                                           frozenset({Need.TIME}), "", DreamState.APPROVED, village.clock.now(),
                                           decided_at=village.clock.now()))
        await uow.commit()
    statements = Statements()
    statements.watch(uow_factory.engine)
    return village, Conversation(uow_factory, village.clock, ButtonCodec(SECRET), mail=False), dream, statements


def said(text: str | None = None, token: str | None = None, key: int = 1) -> Incoming:
    return Incoming(Identity("test", "anna"), "Anna", text=text, token=token, update_key=f"telegram:{key}")


async def test_a_command_that_starts_a_dialog(chat):
    village, conversation, _dream, statements = chat
    with statements.during() as counted:
        reply = await conversation.handle(said("/deposit", key=1))
    async with village.db() as uow:
        started = await uow.dialogs.current(village.anna.id)
    assert started is not None and started.form == "deposit" and not reply.refused
    print(*counted.sent, sep="\n")
    assert len(counted.sent) <= statements.most(DIALOG_STARTED)


async def test_a_text_typed_in_a_dialog(chat):
    village, conversation, _dream, statements = chat
    await conversation.handle(said("/deposit", key=1))
    with statements.during() as counted:
        reply = await conversation.handle(said("A bench by the fjord", key=2))
    assert "Tell us about the dream" in str(reply.messages)
    print(*counted.sent, sep="\n")
    assert len(counted.sent) <= statements.most(TEXT_IN_A_DIALOG)


async def test_a_button_that_opens_a_dream(chat):
    village, conversation, dream, statements = chat
    with statements.during() as counted:
        reply = await conversation.handle(said(token=ButtonCodec(SECRET).encode(Action.OPEN_DREAM, dream.id)))
    assert not reply.refused
    print(*counted.sent, sep="\n")
    assert len(counted.sent) <= statements.most(BUTTON_PRESS)


async def test_a_like(chat):
    village, conversation, dream, statements = chat
    with statements.during() as counted:
        reply = await conversation.handle(said(token=ButtonCodec(SECRET).encode(Action.LIKE, dream.id)))
    assert not reply.refused
    print(*counted.sent, sep="\n")
    assert len(counted.sent) <= statements.most(LIKE, LIKE_APART_ON_SQLITE)


async def test_an_update_delivered_again_is_handled_once(chat):
    village, conversation, dream, statements = chat
    like = said(token=ButtonCodec(SECRET).encode(Action.LIKE, dream.id), key=7)
    await conversation.handle(like)
    with statements.during() as counted:
        again = await conversation.handle(like)
    async with village.db() as uow:
        likes = await uow.bank.likes(dream.id)
    assert again.messages == () and likes == 1
    print(*counted.sent, sep="\n")
    assert len(counted.sent) <= REPEATED_UPDATE
