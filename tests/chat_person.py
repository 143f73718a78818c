"""A person talking to the conversation in tests: says things, presses buttons by their label, reads notices."""

from __future__ import annotations

from core.chat.conversation import Conversation, Incoming
from core.i18n import translate
from core.model.members import Identity


class Person:
    def __init__(self, conversation: Conversation, handle: str) -> None:
        self.conversation, self.identity = conversation, Identity("test", handle)
        self.buttons: dict[str, str] = {}
        self.files = []
        self.last = None

    async def say(self, text: str, image=None) -> str:
        return self._read(await self.conversation.handle(Incoming(self.identity, "x", text=text, image=image)))

    async def press(self, label: str) -> str:
        assert label in self.buttons, f"no button {label!r} in {list(self.buttons)}"
        return self._read(await self.conversation.handle(Incoming(self.identity, "x", token=self.buttons[label])))

    async def notices(self) -> str:
        return self._read(await self.conversation.take_notices(self.identity, "test"))

    def _read(self, reply) -> str:
        self.last = reply
        self.buttons, texts = {}, []
        for m in reply.messages:
            texts.append("\n".join(translate(line, reply.language) for line in m.lines))
            if m.attachment:
                self.files.append(m.attachment)
            for row in m.buttons:
                for b in row:
                    self.buttons[translate(b.label, reply.language)] = b.token or b.invite or b.link
        return "\n".join(texts)


async def deposit_bench(anna) -> None:
    """Anna deposits "A bench by the fjord" step by step, answering every question (any person who says and presses)."""
    await anna.say("/deposit")
    await anna.say("A bench by the fjord")
    await anna.say("Somewhere to sit")
    await anna.press("materials")
    await anna.press("Done")
    await anna.press("Skip")
    for _ in range(3):
        await anna.press("Yes")
    await anna.press("Deposit my dream")
