"""The console chat loop: read a line, hand it to core as the current persona, print the reply."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TextIO

from core.chat.conversation import Conversation, Incoming
from core.chat.replies import Reply
from core.i18n import Text, _, translate
from core.model.members import Identity

from .keys import ButtonKeys
from .reading import CTRL_C, LineReader
from .render import DigestText, plain, render

PLATFORM = "console"
HANDLE_MAX = 32


class ConsoleChat:
    """One terminal, many personas: `/as NAME` switches who is speaking.

    Buttons are shown as `[n] label`; typing `n` presses one, and only while it is on the last
    screen. Where a number is the answer, buttons are `[a] label` instead. Each persona's notices
    are shown when they are the one speaking.
    """

    def __init__(self, conversation: Conversation, state_dir: Path, out: TextIO = sys.stdout,
                 persona: str | None = None, before_notices: Callable[[], Awaitable[object]] | None = None,
                 digest: DigestText | None = None) -> None:
        self._conversation = conversation
        self._digest = digest
        self._before_notices = before_notices
        self._out = out
        self._persona_file = state_dir / "console-persona"
        self.persona = persona or self._remembered() or "anna"
        if persona:
            self._remember()
        self._keys = ButtonKeys()
        self._language = "en"

    async def run(self, lines: AsyncIterator[str], echo: bool) -> None:
        self._say(translate(_("Console chat of dreambank. You are {name}; switch with /as NAME, leave with /quit.",
                              name=self.persona), self._language, plain))
        await self._arrive()
        async with contextlib.aclosing(lines):
            async for raw in lines:
                line = raw.rstrip("\n")
                if echo:
                    self._say(f"{self.persona}> {plain(line)}")
                if _command(line) in ("/quit", "/exit"):
                    break
                await self.handle(line)
        self._out.flush()

    async def typed(self, reader: LineReader) -> AsyncIterator[str]:
        """Lines typed at a terminal, each after a prompt. Ctrl-C once says how to leave; twice in a row, or
        Ctrl-D, leaves. The reader waits for them off the loop, so the schedule goes on while nobody types."""
        warned = False
        while True:
            self._prompt()
            line = await reader.next()
            if line is None:
                break
            if line is CTRL_C:
                if warned:
                    break
                warned = True
                self._say("\n" + self._text(_("(Ctrl-C) To leave, press Ctrl-C again or type /quit. What you have "
                                               "answered so far is kept.")))
                continue
            warned = False
            yield line
        self._say("\n" + self._text(_("Goodbye! Anything you were filling in is kept: start the chat again to go "
                                       "on where you left off.")))

    async def handle(self, line: str) -> None:
        text = line.strip()
        if _command(text) == "/as":
            await self._switch(text[3:].strip())
            return
        button = self._keys.press(text)
        if isinstance(button, Text):
            self._say(self._text(button))
            return
        if button is not None and button.invite:
            self._say(translate(_("In a chat app, this button asks to join the group."), self._language, plain))
            return
        if button is not None and button.link:
            line, button = f"/start {button.link}", None
        incoming = Incoming(self._identity(), self.persona.capitalize(), token=button.token) if button \
            else Incoming(self._identity(), self.persona.capitalize(), text=line)
        self._show(await self._conversation.handle(incoming))
        await self._notices()

    async def _switch(self, name: str) -> None:
        handle = name.lower()
        if not handle or not handle.replace("-", "").replace("_", "").isalnum() or len(handle) > HANDLE_MAX:
            self._say(translate(_("Write /as and a name, like /as bjorn."), self._language, plain))
            return
        self.persona = handle
        self._remember()
        self._keys.new_screen()
        self._say(translate(_("You are now {name}.", name=handle), self._language, plain))
        await self._arrive()

    async def _arrive(self) -> None:
        resumed = await self._conversation.resume(self._identity())
        if resumed is not None:
            self._show(resumed)
        await self._notices()

    async def _notices(self) -> None:
        if self._before_notices is not None:
            await self._before_notices()
        reply = await self._conversation.take_notices(self._identity(), PLATFORM)
        if not reply.messages:
            return
        self._language = reply.language
        self._say(render(reply, self._keys.key, marker="📬 ", digest=self._digest))
        self._keep_files(reply)

    def _show(self, reply: Reply) -> None:
        self._language = reply.language
        self._keys.new_screen(letters_=any(m.wants_number for m in reply.messages))
        text = render(reply, self._keys.key, digest=self._digest)
        if text:
            self._say(text)
        if self._keys.letters and any(m.buttons for m in reply.messages):
            self._say("  " + self._text(_("(Type the number as your answer; a letter presses a button.)")))
        self._keep_files(reply)

    def _keep_files(self, reply: Reply) -> None:
        """Files that come with messages are saved next to the chat's state, and where is said."""
        for message in reply.messages:
            if message.attachment is None:
                continue
            folder = self._persona_file.parent / "files"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / Path(message.attachment.filename).name
            path.write_bytes(message.attachment.data)
            self._say("     " + translate(_("saved as {path}", path=str(path)), self._language, plain))

    def _identity(self) -> Identity:
        return Identity(PLATFORM, self.persona)

    def _remember(self) -> None:
        self._persona_file.parent.mkdir(parents=True, exist_ok=True)
        self._persona_file.write_text(self.persona)

    def _remembered(self) -> str | None:
        if self._persona_file.exists():
            return self._persona_file.read_text().strip() or None
        return None

    def _text(self, text: Text) -> str:
        return translate(text, self._language, plain)

    def _say(self, text: str) -> None:
        print(text, file=self._out, flush=True)

    def _prompt(self) -> None:
        print(f"{self.persona}> ", end="", file=self._out, flush=True)


def _command(text: str) -> str:
    """The first word, when it is a command: `/ask` is the command /ask, never /as with k."""
    word = text.split(maxsplit=1)[0].lower() if text.strip() else ""
    return word if word.startswith("/") else ""

