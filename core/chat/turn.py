"""One turn of a conversation: who is speaking, in which branch, inside which unit of work."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..clock import Clock
from ..dialogs import engine
from ..dialogs.catalogue import FORMS
from ..dialogs.state import DialogState
from ..dialogs.validation import WORDING
from ..errors import Refused
from ..i18n import _
from ..model.branches import Branch
from ..model.members import Identity, Member, Role
from ..ports import UnitOfWork
from .buttons import ButtonCodec
from .layout import as_message
from .replies import Message


@dataclass(frozen=True)
class ChatPlace:
    """Where an input was written: a private chat, or a group or channel (for /link)."""

    chat_id: str
    private: bool = True
    title: str = ""
    #: whether the person administers this chat, when the platform was asked (for linking a chat)
    admin: bool | None = None
    #: the platform shows the answer to this person alone even here (Discord's ephemeral replies), so what is
    #: otherwise said only in a private chat may be answered in the group
    answered_alone: bool = False


@dataclass
class Turn:
    uow: UnitOfWork
    clock: Clock
    codec: ButtonCodec
    actor: Member
    branch: Branch
    args: list[str] = field(default_factory=list)
    #: everything written after the command's name, whole (args holds only its first words)
    rest: str = ""
    #: set when a refusal should also end the dialog the person is in
    ends_dialog_on_refusal: bool = False
    #: set when a refusal leaves the dialog as it was, and its last step is shown again
    keeps_dialog_on_refusal: bool = False
    #: the chat the input came from, when the platform has several
    place: ChatPlace | None = None
    identity: Identity | None = None
    #: whether the deployment sends email
    mail: bool = True
    #: the deployment's public web address, where /web's sign-in links lead; None when it has none
    web_url: str | None = None
    #: whether the person is one of the deployment's operators, who open branches
    operator: bool = False
    #: the branch a new member was just registered in, when they arrived by its link (or chose none yet)
    joined: bool = False
    #: the dialog the person is in as this turn last read or ended it (None: in none), while `dialog_known`;
    #: read with the update's arrival where it could be, so that most turns do not read it again
    open_dialog: DialogState | None = field(default=None, repr=False)
    dialog_known: bool = False

    def actor_platform(self) -> str:
        return self.identity.platform if self.identity else ""

    async def roles(self) -> set[Role]:
        return await self.uow.members.roles(self.branch.id, self.actor.id)

    async def dialog(self) -> DialogState | None:
        if not self.dialog_known:
            self.open_dialog, self.dialog_known = await self.uow.dialogs.current(self.actor.id), True
        return self.open_dialog

    async def save_dialog(self, state: DialogState) -> DialogState:
        """Keep the dialog's new state; read again when next asked for, as the store gives it back."""
        saved = await self.uow.dialogs.save(state)
        self.open_dialog, self.dialog_known = None, False
        return saved

    async def end_dialog(self) -> None:
        await self.uow.dialogs.end(self.actor.id)
        self.open_dialog, self.dialog_known = None, True

    async def start_dialog(self, form_name: str, context: dict[str, Any] | None = None,
                           previous: dict[str, Any] | None = None) -> list[Message]:
        current = await self.dialog()
        if current is not None:
            form = FORMS[current.form]
            raise Refused(_("You are in the middle of “{form}”. Finish it, or send /cancel to leave it first.",
                            form=form.title))
        form, wording = FORMS[form_name], self.branch.own_wording
        if any(f.name in wording for f in form.fields):  # the branch's own words for the deposit's criteria
            context = {**(context or {}), WORDING: wording}
        state = engine.start(form, self.actor.id, self.clock.now(), context, previous)
        state = await self.save_dialog(state)
        return [self.prompt(state)]

    def prompt(self, state: DialogState) -> Message:
        return as_message(engine.prompt(FORMS[state.form], state), self.codec)

    @staticmethod
    def dialog_instance(state: DialogState) -> str:
        """The instance id the dialog's buttons carry ("-" for a dialog stored before there were any)."""
        return state.instance or "-"

    def number_arg(self, usage: str) -> int:
        if not self.args or not self.args[0].isdigit() or len(self.args[0]) > 12:
            raise Refused(_("Please add a number, like: {usage}", usage=usage))
        return int(self.args[0])
