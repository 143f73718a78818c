"""The conversation: one entry point for every adapter, from a person's input to core's reply.

Input is typed text, a button's token, a picture, or a form sent whole (a `Submission`, from a
modal or a web form): all of them reach the same dialogs, checks and use cases.

Each input is handled in one unit of work: the change, its notices and the dialog's new state
are committed together, or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..cleaning import clean_text
from ..clock import Clock
from ..dialogs import engine
from ..dialogs.catalogue import FORMS
from ..dialogs.pages import pages, sheet
from ..dialogs.state import DialogState
from ..dialogs.validation import validate
from ..errors import CountedRefusal, Refused
from ..i18n import DEFAULT_LANGUAGE, _, ngettext, supported
from ..links import BRANCH, Start
from ..model.arrivals import Arrival
from ..model.branches import Branch
from ..model.members import WEB, Identity, Member
from ..ports import UnitOfWork, UnitOfWorkFactory
from ..usecases import discussions, padrivere
from ..usecases.discussions import Said
from ..usecases.live_notices import as_it_is_now
from ..usecases.members import known_member, member_for
from . import arrivals
from .buttons import Action, BadToken, ButtonCodec
from .commands import COMMANDS, GROUP_COMMANDS
from .layout import as_message
from .links import link_offer
from .notices import compose
from .presses import PRESSES
from .replies import Message, Reply
from .turn import ChatPlace, Turn

log = logging.getLogger(__name__)

#: longer input than this is not read at all (dialog fields have their own, smaller limits)
INPUT_MAX = 8000

#: the command that starts a form sent whole by name, where it is not named like the form
STARTED_BY = {"event": "newevent"}


@dataclass(frozen=True)
class Submission:
    """A form sent whole (a modal, a web form): its answers by field name, as typed or as values.

    `instance` names the dialog it answers, started by a press or a command (what it is about, a
    dream's number, is stored with it); or `form` names a form that a command of the same name
    starts, which is then started first, with its checks (when its answers do not fit, that dialog is
    not kept, and the form is sent again by name). With `page` (1-based), only that page's answers are
    sent: they are kept, and the next page is asked for until every page is in. A field left out of a
    whole form counts as left empty.
    """

    answers: Mapping[str, Any] = field(default_factory=dict)
    instance: str = ""
    form: str = ""
    page: int | None = None


@dataclass(frozen=True)
class Incoming:
    """A person's input from any platform: typed text, a button's token, a picture, or a whole form.

    `update_key` names the platform's update, so one delivered twice is handled once. `image`
    is a picture the person sent: {"platform": ..., "file_id": ...}; its caption comes as `text`.
    """

    identity: Identity
    display_name: str
    text: str | None = None
    token: str | None = None
    language_hint: str | None = None
    place: ChatPlace | None = None
    update_key: str | None = None
    image: dict[str, str] | None = None
    form: Submission | None = None


class Unfit(Refused):
    """A form was sent with answers that do not fit: the form again, with why, field by field."""

    def __init__(self, messages: list[Message]) -> None:
        super().__init__(_("Nothing was saved yet. Please look at these answers again:"))
        self.messages = messages


@dataclass(frozen=True)
class JoinAnswer:
    """Whether to let a person into a branch's closed group, and the private message they get."""

    approve: bool
    reply: Reply


class NoBranch(Exception):
    """The deployment has no branch yet, so nobody can be greeted."""


class Conversation:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, codec: ButtonCodec,
                 default_branch: str | None = None, mail: bool = True, web_url: str | None = None,
                 operators: frozenset[Identity] = frozenset()) -> None:
        self._uow_factory, self._clock, self._codec = uow_factory, clock, codec
        self._default_branch = default_branch
        #: who may open branches in chat (DREAMBANK_OPERATORS)
        self.operators = operators
        #: whether this deployment sends email (addresses are only asked for when it does)
        self.mail = mail
        #: the public web address sign-in links lead to (/web), when the deployment has one
        self.web_url = web_url

    async def handle(self, incoming: Incoming) -> Reply:
        async with self._uow_factory() as uow:
            arrived = await arrivals.arrival(uow, incoming.update_key, incoming.identity, self._clock.now())
            if not arrived.new:
                log.info("ignored update %s, handled already", incoming.update_key)
                return Reply(DEFAULT_LANGUAGE)
            try:
                turn = await self._turn(uow, incoming, sender=arrived)
            except Refused as refusal:
                return Reply(DEFAULT_LANGUAGE, (Message.of(refusal.reason),), refused=True)
            language = turn.actor.speaks(turn.branch.language)
            try:
                messages = await self._route(turn, incoming)
                await uow.commit()
            except Unfit as unfit:
                messages, ends, refused = unfit.messages, False, True
            except Refused as refusal:
                if isinstance(refusal, CountedRefusal):
                    await uow.commit()
                messages = [Message.of(refusal.reason)]
                ends, refused = turn.ends_dialog_on_refusal, True
            else:
                ends, refused = False, False
            language = turn.actor.speaks(turn.branch.language) if messages else language
        if ends:
            async with self._uow_factory() as uow:
                await uow.dialogs.end(turn.actor.id)
                await uow.commit()
        elif refused and turn.keeps_dialog_on_refusal:
            messages += await self._where_we_are(turn)
        return Reply(language, tuple(messages), refused)

    async def _where_we_are(self, turn: Turn) -> list[Message]:
        """The dialog's last step again, after its use case refused the answers (they are all kept)."""
        async with self._uow_factory() as uow:
            state = await uow.dialogs.current(turn.actor.id)
        return [turn.prompt(state)] if state is not None else []

    async def channel_post(self, place: ChatPlace, text: str, update_key: str | None = None) -> Reply | None:
        """A post in a channel, whose author the platform does not name: `/link` is answered with a button
        to link the channel (checked when pressed); anything else is not for us (None)."""
        async with self._uow_factory() as uow:
            if update_key and not await uow.inbox.first_time(update_key, self._clock.now()):
                return None
            branch = await self._branch(uow)
            messages = link_offer(self._codec, branch, place, text.strip()[:INPUT_MAX])
            await uow.commit()
        return Reply(branch.language, tuple(messages)) if messages else None

    async def chat_comment(self, incoming: Incoming, said: Said, source: str) -> Reply | None:
        """A message under one of the bank chat's posts, written where the platform discusses them, taken in as
        a comment on the post's dream (see `discussions`); someone new is registered in the dream's branch.
        Nothing is said where it was written: the reply, when there is one, is for the writer alone and says
        why it was not kept. None when it was kept, handled already, or is under no dream's post."""
        async with self._uow_factory() as uow:
            dream = await discussions.dream_under(uow, said)
            if dream is None:
                return None
            if incoming.update_key and not await uow.inbox.first_time(incoming.update_key, self._clock.now()):
                return None
            turn = await self._turn(uow, incoming, newcomer_branch=await uow.branches.get(dream.branch_id))
            text = clean_text(incoming.text or "")[:INPUT_MAX]
            try:
                await discussions.take_in(uow, self._clock, turn.actor, said, dream, text, source)
            except Refused as refusal:
                refused = refusal
            else:
                await uow.commit()
                return None
        if incoming.update_key:  # refused once is enough: the message delivered again is not answered again
            async with self._uow_factory() as uow:
                await uow.inbox.first_time(incoming.update_key, self._clock.now())
                await uow.commit()
        return Reply(turn.actor.speaks(turn.branch.language), (Message.of(
            _("What you wrote under “{title}” was not kept as a comment:", title=dream.title), refused.reason),),
            refused=True)

    async def join_request(self, identity: Identity, platform: str, chat_id: str) -> JoinAnswer | None:
        """A request to join a chat; None when the chat is not a branch's closed group.

        Deciding twice gives the same answer, so a request delivered twice needs no deduplication.
        """
        async with self._uow_factory() as uow:
            decision = await padrivere.join_request(uow, self._clock, identity, platform, chat_id)
            await uow.commit()
        if decision is None:
            return None
        return JoinAnswer(decision.approve, Reply(decision.language, (Message.of(decision.reason),)))

    async def take_notices(self, identity: Identity, channel: str, limit: int = 50) -> Reply:
        """Pending notices for one member, marked sent on this channel (for chats that poll)."""
        async with self._uow_factory() as uow:
            member = await uow.members.by_identity(identity)
            if member is None:
                return Reply(DEFAULT_LANGUAGE)
            branch = await uow.branches.get(member.branch_id)
            notices = [await as_it_is_now(uow, n) for n in await uow.outbox.pending_for(member.id, limit)]
            now = self._clock.now()
            for notice in notices:
                await uow.outbox.mark_sent(notice.id, channel, now)
            await uow.commit()
        return Reply(member.speaks(branch.language if branch else DEFAULT_LANGUAGE),
                     tuple(compose(self._codec, n) for n in notices))

    async def _turn(self, uow: UnitOfWork, incoming: Incoming, newcomer_branch: Branch | None = None,
                    sender: Arrival | None = None) -> Turn:
        """Who acts, and in which branch; someone new is registered in the `newcomer_branch`, or the one whose
        link they came by, or the deployment's default. Someone known acts in their own branch, read with them
        (`sender`, when the update's arrival read them already)."""
        sender = sender or await arrivals.sender(uow, incoming.identity)
        if sender.member is not None and sender.branch is not None:
            branch = sender.branch
            member = await known_member(uow, sender.member, supported(incoming.language_hint))
            turn = self._turn_of(uow, incoming, member, branch, False)
            turn.open_dialog, turn.dialog_known = sender.dialog, sender.dialog_read
            return turn
        branch = newcomer_branch or await self._arrival_branch(uow, incoming) or await self._branch(uow)
        new = False
        if incoming.identity.platform == WEB:
            member = await self._web_member(uow, incoming.identity)
        else:
            member, new = await member_for(uow, self._clock, incoming.identity, incoming.display_name, branch.id,
                                           supported(incoming.language_hint))
        if member.branch_id != branch.id:
            branch = await uow.branches.get(member.branch_id) or branch
        return self._turn_of(uow, incoming, member, branch, new)

    def _turn_of(self, uow: UnitOfWork, incoming: Incoming, member: Member, branch: Branch, new: bool) -> Turn:
        return Turn(uow, self._clock, self._codec, member, branch, place=incoming.place, identity=incoming.identity,
                    mail=self.mail, web_url=self.web_url, operator=incoming.identity in self.operators, joined=new)

    @staticmethod
    async def _arrival_branch(uow: UnitOfWork, incoming: Incoming) -> Branch | None:
        """The branch whose own link (`/start b-fjordby`) a person arrived by, so that one who is new is
        registered there; None for any other input, or a link to no branch."""
        words = (incoming.text or "").split()
        if len(words) != 2 or words[0].split("@", 1)[0].lower() != "/start":
            return None
        start = Start.read(words[1])
        return await uow.branches.by_slug(start.slug) if start is not None and start.opens == BRANCH else None

    @staticmethod
    async def _web_member(uow: UnitOfWork, identity: Identity) -> Member:
        """A member signed in on the web, by their number: one who exists already, never one made for the web."""
        number = identity.external_id
        member = await uow.members.get(int(number)) if number.isdigit() and len(number) < 19 else None
        if member is None:
            raise Refused(_("Please sign in again: this account is not known here. Nothing was changed."))
        return member

    async def _branch(self, uow: UnitOfWork) -> Branch:
        if self._default_branch:
            found = await uow.branches.by_slug(self._default_branch)
            if found is not None:
                return found
        branches = await uow.branches.all()
        if not branches:
            raise NoBranch()
        return branches[0]

    async def _route(self, t: Turn, incoming: Incoming) -> list[Message]:
        if incoming.form is not None:
            return await self._submit(t, incoming.form)
        if incoming.token is not None:
            return await self._press(t, incoming.token)
        if incoming.image:
            state = await t.dialog()
            step = engine.on_image(FORMS[state.form], state, incoming.image, self._clock.now(),
                                   t.branch.timezone) if state else None
            if step is None:
                return [Message.of(_("Thank you for the picture, but I only use pictures when a newsletter asks "
                                     "for one."))]
            return await self._after_step(t, step)
        text = clean_text(incoming.text or "")
        if len(text) > INPUT_MAX:
            return [Message.of(ngettext(
                "That message is too long for me to read; please keep it under {count} character.",
                "That message is too long for me to read; please keep it under {count} characters.", INPUT_MAX))]
        if text.startswith("/"):
            return await self._command(t, text)
        state = await t.dialog()
        if state is None:
            if not text:
                return []
            return [Message.of(_("I'm not sure what you mean. /help shows what you can do, or /deposit starts "
                                 "a dream."))]
        return await self._after_step(t, self._on_text(t, state, text))

    def _on_text(self, t: Turn, state: DialogState, text: str) -> engine.Step:
        return engine.on_text(FORMS[state.form], state, text, self._clock.now(), t.actor.speaks(t.branch.language),
                              t.branch.timezone)

    async def _command(self, t: Turn, text: str) -> list[Message]:
        name, *args = text[1:].split()[:6] or [""]
        name = name.split("@", 1)[0].lower()
        if name == "cancel":
            state = await t.dialog()
            await t.end_dialog()
            if state is None:
                return [Message.of(_("There was nothing to cancel."))]
            return [Message.of(_("Cancelled: “{form}”. Nothing was saved.", form=FORMS[state.form].title))]
        if name in ("skip", "keep"):
            state = await t.dialog()
            if state is not None:
                return await self._after_step(t, self._on_text(t, state, "/" + name))
        handler = COMMANDS.get(name)
        if t.place is not None and not t.place.private and not t.place.answered_alone and name not in GROUP_COMMANDS:
            return [Message.of(_("Let's talk in a private chat: open a chat with me and send /{name} there.",
                                 name=name[:32]))]
        if handler is None:
            return [Message.of(_("I don't know the command /{name}. /help lists what you can do.", name=name[:32]))]
        t.args = args
        t.rest = text[1:].split(None, 1)[1].strip() if len(text[1:].split(None, 1)) > 1 else ""
        return await handler(t)

    async def _press(self, t: Turn, token: str) -> list[Message]:
        try:
            press = self._codec.decode(token)
        except BadToken:
            log.warning("refused a button press whose data we did not make (member %s)", t.actor.id)
            raise Refused(_("That button is not valid. Nothing was changed.")) from None
        try:
            if press.action is Action.DIALOG:
                # a button made before dialogs had instance ids names none, so no dialog obeys it
                instance, nonce, code = press.args if len(press.args) == 3 else ("", *press.args)
                return await self._dialog_press(t, instance, int(nonce), code)
            return await PRESSES[press.action](t, press)
        except (IndexError, ValueError):
            raise Refused(_("That button is not valid. Nothing was changed.")) from None

    async def _dialog_press(self, t: Turn, instance: str, nonce: int, code: str) -> list[Message]:
        state = await t.dialog()
        if state is None:
            return [Message.of(_("That button belongs to a conversation that has ended. Nothing was changed."))]
        if t.dialog_instance(state) != instance:
            return [Message.of(_("That button belongs to a question that is closed. Nothing was changed."),
                               _("Here is where we are:")), t.prompt(state)]
        if state.nonce != nonce:
            return [Message.of(_("That button is from an earlier step. Here is where we are:")), t.prompt(state)]
        return await self._after_step(t, engine.on_code(FORMS[state.form], state, code, self._clock.now(),
                                                        t.branch.timezone))

    async def _submit(self, t: Turn, sent: Submission) -> list[Message]:
        """A form sent whole, or a page of it: read and checked as the steps are; nothing is saved until
        every answer fits, and then the form is finished as it is when answered step by step."""
        state, started = await t.dialog(), False
        if sent.instance:
            if state is None or t.dialog_instance(state) != sent.instance:
                return [Message.of(_("That form belongs to a conversation that has ended. Nothing was changed."))]
        elif state is None or state.form != sent.form:
            command = STARTED_BY.get(sent.form, sent.form)
            if sent.form not in FORMS or command not in COMMANDS:
                raise Refused(_("That form cannot be sent on its own. Nothing was changed."))
            said = await self._command(t, "/" + command)
            state, started = await t.dialog(), True
            if state is None or state.form != sent.form:
                return said  # the command said why it did not start the form
        form = FORMS[state.form]
        at = engine.situation(state, self._clock.now(), t.actor.speaks(t.branch.language), t.branch.timezone)
        groups = pages(form)
        # answers that do not fit leave nothing behind: a dialog started for them is not kept either, so
        # the form is sent again by name
        instance = "" if started else t.dialog_instance(state)
        page = None if sent.page is None else min(max(1, sent.page), len(groups))
        given = {**state.answers, **sent.answers} if page is not None else dict(sent.answers)

        def unfit(refusals: Mapping[str, Any]) -> Unfit:
            on_page = page is not None and any(f.name in refusals for f in groups[page - 1])
            shown = sheet(form, state.context, given, state.previous, refusals, instance,
                          page if on_page else _first_page(groups, refusals))
            return Unfit([as_message(shown, self._codec)])

        checked = validate(form, given, at, None if page is None else [f.name for f in groups[page - 1]])
        if not checked.ok:
            raise unfit(checked.refusals)
        missing = [i for i, f in enumerate(form.fields) if f.name not in checked.answers]
        if page is not None and missing:  # kept for the next page; a chat would ask the first one missing
            state = await t.save_dialog(replace(state, step=missing[0], answers=checked.answers,
                                              nonce=state.nonce + 1, pending_refusal=None, updated_at=at.now))
            following = next(n for n, group in enumerate(groups, 1) if any(f.name not in state.answers for f in group))
            return [as_message(sheet(form, state.context, state.answers, state.previous,
                                     instance=t.dialog_instance(state), page=following), self._codec)]
        if page is not None:  # every page is in: the whole form is read and checked once more
            checked = validate(form, checked.answers, at)
            if not checked.ok:
                raise unfit(checked.refusals)
        done = replace(state, answers=checked.answers, pending_refusal=None, nonce=state.nonce + 1,
                       updated_at=at.now)
        return await self._after_step(t, engine.Step(done, done=True))

    async def _after_step(self, t: Turn, step: engine.Step) -> list[Message]:
        if step.cancelled:
            await t.end_dialog()
            return [Message.of(_("Cancelled: “{form}”. Nothing was saved.", form=FORMS[step.state.form].title))]
        if step.done:
            await t.end_dialog()
            # A refusal now keeps the answers when the form shows them for confirmation: the person sees
            # them again and may change something; a one-question form has nothing worth keeping.
            kept = FORMS[step.state.form].summary is not None
            t.ends_dialog_on_refusal, t.keeps_dialog_on_refusal = not kept, kept
            form = FORMS[step.state.form]
            if form.finish is None:
                raise LookupError(f"the form {form.name} has no finish")
            views = await form.finish(t.uow, t.clock, t.actor, t.branch, step.state.answers, step.state.context)
            return [as_message(view, self._codec) for view in views]
        state = await t.save_dialog(step.state)
        out = [Message.of(step.note)] if step.note is not None else []
        return [*out, t.prompt(state)]

    async def resume(self, identity: Identity) -> Reply | None:
        """The current step of an unfinished dialog, to show after a restart; None when there is none."""
        async with self._uow_factory() as uow:
            member = await uow.members.by_identity(identity)
            if member is None:
                return None
            state = await uow.dialogs.current(member.id)
            if state is None:
                return None
            branch = await uow.branches.get(member.branch_id)
            turn = Turn(uow, self._clock, self._codec, member, branch)
            return Reply(member.speaks(branch.language), (
                Message.of(_("Welcome back! You were filling in “{form}”; let's go on where you left off.",
                             form=FORMS[state.form].title)), turn.prompt(state)))



def _first_page(groups: tuple[tuple[Any, ...], ...], refusals: Mapping[str, Any]) -> int:
    """The first page with a refused answer on it."""
    return next((n for n, group in enumerate(groups, 1) if any(f.name in refusals for f in group)), 1)
