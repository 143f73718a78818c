"""The console chat loop: read a line, hand it to core as the current persona, print the reply."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TextIO

from core.chat.conversation import Conversation, Incoming
from core.chat.replies import Button, Reply
from core.i18n import _, translate
from core.model.members import Identity

from .render import plain, render

PLATFORM = "console"
HANDLE_MAX = 32


class ConsoleChat:
    """One terminal, many personas: `/as NAME` switches who is speaking.

    Buttons are shown as `[n] label`; typing `n` presses one (`#n` always does, for a number that
    must be read as a button). Each persona's notices are shown when they are the one speaking.
    """

    def __init__(self, conversation: Conversation, state_dir: Path, out: TextIO = sys.stdout,
                 persona: str | None = None, before_notices: Callable[[], Awaitable[object]] | None = None) -> None:
        self._conversation = conversation
        self._before_notices = before_notices
        self._out = out
        self._persona_file = state_dir / "console-persona"
        self.persona = persona or self._remembered() or "anna"
        if persona:
            self._remember()
        self._buttons: list[Button] = []
        self._wants_number = False
        self._language = "en"

    async def run(self, lines: Iterator[str], echo: bool) -> None:
        self._say(translate(_("Console chat of dreambank. You are {name}; switch with /as NAME, leave with /quit.",
                              name=self.persona), self._language, plain))
        await self._arrive()
        for raw in lines:
            line = raw.rstrip("\n")
            if echo:
                self._say(f"{self.persona}> {plain(line)}")
            if line.strip() in ("/quit", "/exit"):
                break
            await self.handle(line)
        self._out.flush()

    async def handle(self, line: str) -> None:
        text = line.strip()
        if text.startswith("/as"):
            await self._switch(text[3:].strip())
            return
        button = self._button_for(text)
        if button is not None and button.invite:
            self._say(translate(_("In a chat app, this button asks to join the group."), self._language, plain))
            return
        if button is not None and button.link:
            line, button = f"/start {button.link}", None
        incoming = Incoming(self._identity(), self.persona.capitalize(), token=button.token) if button \
            else Incoming(self._identity(), self.persona.capitalize(), text=line)
        self._show(await self._conversation.handle(incoming))
        await self._notices()

    def _button_for(self, text: str) -> Button | None:
        number = text[1:] if text.startswith("#") else text
        if not number.isdigit() or (self._wants_number and not text.startswith("#")):
            return None
        index = int(number) - 1
        return self._buttons[index] if 0 <= index < len(self._buttons) else None

    async def _switch(self, name: str) -> None:
        handle = name.lower()
        if not handle or not handle.replace("-", "").replace("_", "").isalnum() or len(handle) > HANDLE_MAX:
            self._say(translate(_("Write /as and a name, like /as bjorn."), self._language, plain))
            return
        self.persona = handle
        self._remember()
        self._buttons, self._wants_number = [], False
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
        self._say(render(reply, self._buttons, marker="📬 "))
        self._keep_files(reply)

    def _show(self, reply: Reply) -> None:
        self._language = reply.language
        self._buttons = []
        text = render(reply, self._buttons)
        self._wants_number = any(m.wants_number for m in reply.messages)
        if text:
            self._say(text)
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

    def _say(self, text: str) -> None:
        print(text, file=self._out, flush=True)
