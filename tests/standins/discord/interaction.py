"""One interaction a person started (a slash command, a press, a choice, a modal sent) and what the bot answered."""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tests.standins.discord.records import Call, DiscordError, JsonDict

if TYPE_CHECKING:
    from tests.standins.discord.standin import DiscordStandIn

PING, APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 1, 2, 3, 4, 5
MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, AUTOCOMPLETE_RESULT, MODAL = 4, 5, 6, 7, 8, 9


@dataclass
class InteractionHandle:
    """An INTERACTION_CREATE sent to the bot; the stand-in fills in its response as the bot answers.

    ``response`` is the bot's callback body ({"type", "data"}), ``modal`` the modal it opened,
    ``message`` the current state of the message its response created or edited, ``followups`` the
    current state of its followup messages, ``ephemeral`` whether the response only showed to the person.
    """

    standin: DiscordStandIn = field(repr=False)
    id: int
    token: str = field(repr=False)
    type: int
    user_id: int
    channel_id: int
    guild_id: int | None
    payload: JsonDict = field(repr=False)
    created: float
    source_message_id: int | None = None
    response: JsonDict | None = None
    modal: JsonDict | None = None
    original_message_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)
    ephemeral: bool = False
    origin: InteractionHandle | None = field(default=None, repr=False)  # for a modal submit: who opened it
    _answered: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    @property
    def custom_id(self) -> str | None:
        return self.payload["data"].get("custom_id")

    @property
    def response_type(self) -> int | None:
        return None if self.response is None else self.response.get("type")

    @property
    def message(self) -> JsonDict | None:
        if self.original_message_id is None:
            return None
        try:
            return copy.deepcopy(self.standin.message_by_id(self.original_message_id))
        except DiscordError:
            return None

    @property
    def followups(self) -> list[JsonDict]:
        found = []
        for message_id in self.followup_ids:
            try:
                found.append(copy.deepcopy(self.standin.message_by_id(message_id)))
            except DiscordError:
                continue
        return found

    @property
    def calls(self) -> list[Call]:
        """Every request the bot made with this interaction's token (callback, followups, edits)."""
        return [call for call in self.standin.calls if self.token in call.path]

    @property
    def refusals(self) -> list[Call]:
        return [call for call in self.calls if not call.ok]

    def answered_now(self) -> bool:
        return self._answered.is_set()

    async def answered(self, timeout: float = 5.0) -> InteractionHandle:
        """Waits until the bot's initial response arrived (raises TimeoutError after ``timeout`` seconds)."""
        try:
            await asyncio.wait_for(self._answered.wait(), timeout)
        except TimeoutError:
            refused = "; ".join(str(call) for call in self.refusals)
            raise TimeoutError(
                f"the bot did not answer interaction {self.id} within {timeout} s"
                + (f" (refused: {refused})" if refused else "")
            ) from None
        return self

    async def settled(self, quiet: float = 0.05, timeout: float = 5.0) -> InteractionHandle:
        """Waits for the initial response and then until the bot made no request with this token for ``quiet`` s."""
        await self.answered(timeout)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            count = len(self.calls)
            await asyncio.sleep(quiet)
            if len(self.calls) == count:
                break
        return self

    def _mark_answered(self) -> None:
        self._answered.set()
