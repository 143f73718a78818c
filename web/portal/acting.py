"""`/<branch>/press` and `/<branch>/form`: what a signed-in member does on the portal, sent to core's conversation as
a chat's button press or a modal's whole form is, so it is checked, counted and notified exactly as there; and
`take_text`, for the words a member writes in a page's text box (a comment, an answer), given to core's use case.

A press posts the token a chat button would carry; a form posts its answers by field name. Nothing is decided here:
core's reply is drawn, a form it asks for as a whole page, anything else as lines shown once on the page the member
came back to. Each post carries a random `nonce`, which makes the update's key, so a form sent twice counts once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from core.chat.conversation import INPUT_MAX, Conversation, Incoming, Submission
from core.chat.replies import Reply
from core.cleaning import clean_text
from core.dialogs.catalogue import FORMS
from core.dialogs.engine import CANCEL
from core.errors import NotFound, Refused
from core.i18n import Text, _, translate
from core.model.branches import Branch
from core.model.members import WEB, Identity, Member
from core.ports import UnitOfWork
from core.views.actions import Action
from core.views.model import Act, Choice, Input, Listing, Note, Question, Sheet

from .session import forbidden, leave_flash, posted_form, signed_in
from .site import Site, branch_page, language_of, page
from .writing import text_box

#: where a visitor who tries to act is sent
SIGN_IN_PATH = "/signin"
#: a post's nonce: random, short and plain (anything else is no nonce, and the post is handled without one)
NONCE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
#: a file's name as it is offered for download
FILE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def back_to(branch: Branch, posted: str | None) -> str:
    """Where to go after acting: the page the form was on, when it is a path of this branch; else the bank."""
    home = f"/{branch.slug}/"
    if not posted or not posted.startswith(home) or len(posted) > 300 or "//" in posted or "\\" in posted:
        return home
    return posted


def incoming(member: Member, posted: FormData, **what: Any) -> Incoming:
    """The member's post as core reads a chat's input: the member themself, the post's nonce naming the update."""
    sent = str(posted.get("nonce") or "")
    key = f"{WEB}:{member.id}:{sent}" if NONCE.match(sent) else None
    return Incoming(identity=Identity(WEB, str(member.id)), display_name=member.display_name, update_key=key, **what)


def form_view(reply: Reply) -> Question | Sheet | None:
    """The form the reply asks for last (a Sheet, or a dialog's question with its whole form), if it asks for one."""
    if not reply.messages:
        return None
    view = reply.messages[-1].view
    if isinstance(view, Sheet) or (isinstance(view, Question) and view.sheet is not None):
        return view
    return None


def told(reply: Reply, language: str, *, before_form: bool = False) -> list[str]:
    """The reply's sentences, translated: its plain lines and notes (cards and lists are shown by their pages)."""
    messages = reply.messages[:-1] if before_form else reply.messages
    return [translate(line, language) for m in messages if m.view is None or isinstance(m.view, Note)
            for line in m.lines]


def draw_form(site: Site, request: Request, branch: Branch, member: Member, view: Question | Sheet, back: str,
              intro: list[str], status_code: int = 200, section: str = "bank") -> Response:
    """A form shown whole: every page's inputs on one page, each with why its last answer was refused."""
    sheet = view if isinstance(view, Sheet) else view.sheet
    if sheet is None:  # pragma: no cover - form_view gives only questions with their form
        raise TypeError("a question without its form")
    cancel = None
    if isinstance(view, Question):
        cancel = next((a for row in view.actions for a in row
                       if a.action is Action.DIALOG and a.args and a.args[-1] == CANCEL), None)
        if not sheet.inputs:  # nothing to fill in: what the question says is the form (taking a dream out)
            intro = [*intro, *(translate(line, language_of(request, branch, member)) for line in view.lines)]
    return page(site, request, "portal/form.html", branch, status_code=status_code, viewer=member, sheet=sheet,
                intro=intro, back=back, cancel=cancel, shown=shown, chosen=chosen, hint=hint,
                yes=_("Yes"), no=_("No"), section=section)


def hint(item: Input) -> Text | None:
    """How an answer is typed, for the kinds that are typed a certain way (as a modal's placeholder says it)."""
    if item.kind == "date":
        return _("YYYY-MM-DD, like 2027-05-17")
    if item.kind == "datetime":
        return _("YYYY-MM-DD HH:MM, like 2027-05-17 18:00")
    if item.kind == "number" and item.minimum is not None and item.maximum is not None:
        return _("A number from {min} to {max}", min=item.minimum, max=item.maximum)
    if item.kind == "image":
        return _("A link to a picture, starting with https://")
    return None


def shown(item: Input) -> str:
    """An answer as it is typed again: a date and time with a space, a picture by its address."""
    value = item.value
    if value is None or isinstance(value, (list, tuple, set, frozenset, bool)):
        return ""
    if isinstance(value, Mapping):
        return str(value.get("url") or "")
    text = str(value)
    return text.replace("T", " ") if item.kind == "datetime" else text


def chosen(item: Input) -> set[str]:
    """The options ticked: "yes" or "no" for a yes/no question, the values of a choice or choices."""
    value = item.value
    if item.kind == "yes_no":
        return set() if value is None or not isinstance(value, bool) else {"yes" if value else "no"}
    if isinstance(value, (list, tuple, set, frozenset)):
        return {str(v) for v in value}
    return set() if value in (None, "") else {str(value)}


def answers_of(posted: FormData, form_name: str) -> dict[str, Any]:
    """The answers by field name, as a modal gives them: text as typed, a yes/no as a truth, several choices as a
    list, a field left out as empty."""
    form = FORMS.get(form_name)
    answers: dict[str, Any] = {}
    for field in form.fields if form is not None else ():
        values = [str(v) for v in posted.getlist(field.name)]
        kind = field.kind.value
        if kind == "choices":
            answers[field.name] = values
        elif kind == "yes_no":
            answers[field.name] = {"yes": True, "no": False}.get(values[0] if values else "", "")
        else:
            answers[field.name] = values[0] if values else ""
    return answers


def sent_back(site: Site, request: Request, branch: Branch, member: Member, reply: Reply, back: str) -> Response:
    """Core's reply to a press or a form: a form it asks for drawn whole, a choice or a list to press one of, a file
    it gives offered to save, or its lines shown once on the page the member goes back to."""
    language = language_of(request, branch, member)
    view = form_view(reply)
    if view is not None:
        return draw_form(site, request, branch, member, view, back, told(reply, language, before_form=True),
                         422 if reply.refused else 200)
    choice = reply.messages[-1].view if reply.messages else None
    if isinstance(choice, Choice):  # one more press to choose (whom to hand an inquiry to)
        return page(site, request, "portal/choice.html", branch, viewer=member, choice=choice, back=back,
                    intro=told(reply, language, before_form=True))
    if isinstance(choice, Listing):  # one more press to choose from a list (which need to change)
        return page(site, request, "portal/listing.html", branch, viewer=member, listing=choice, back=back,
                    told=told(reply, language, before_form=True))
    attached = next((m.attachment for m in reply.messages if m.attachment is not None), None)
    if attached is not None:
        name = FILE_NAME.sub("_", attached.filename)[:80] or "file"
        return Response(attached.data, media_type=attached.mime,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    response = RedirectResponse(back, status_code=303)
    lines = told(reply, language)
    if lines:
        leave_flash(site, response, lines)
    return response


@dataclass(frozen=True)
class Posting:
    """A member's post that is theirs to make: who, what they posted, and the conversation it goes to."""

    member: Member
    posted: FormData
    conversation: Conversation


async def posting(site: Site, request: Request, branch: Branch) -> Posting | Response:
    """The member's post; or the answer to a post that is not theirs to make: a visitor is sent to sign in, a form
    without its csrf token is forbidden (either way nothing is changed)."""
    member = await signed_in(site, request)
    if member is None or site.conversation is None:
        return RedirectResponse(SIGN_IN_PATH, status_code=303)
    posted = await posted_form(site, request)
    if posted is None:
        return forbidden(site, request, branch)
    return Posting(member, posted, site.conversation)


#: what a member's words are turned into, once taken: where to go next, and what to say there
Taken = tuple[str, list[Text]]


async def take_text(site: Site, request: Request, branch: Branch, act: Act,
                    use: Callable[[UnitOfWork, Member, str, str], Awaitable[Taken]]) -> Response:
    """A member's words from the text box of `act` (web/portal/writing.py), given to core's use case by `use(uow,
    member, text, back)` in one unit of work; then on to where it says, with what it says. A refusal shows the words
    again with why, in the same box, and keeps nothing; a post sent twice (its nonce seen before) is taken once."""
    sent = await posting(site, request, branch)
    if isinstance(sent, Response):
        return sent
    member, posted = sent.member, sent.posted
    text = clean_text(str(posted.get("text") or "")[:INPUT_MAX])
    back = back_to(branch, str(posted.get("back") or ""))
    language = language_of(request, branch, member)
    key = incoming(member, posted).update_key
    async with site.uow_factory() as uow:
        if key is not None and not await uow.inbox.first_time(key, site.clock.now()):
            return RedirectResponse(back, status_code=303)  # taken already, when it was first sent
        try:
            where, said = await use(uow, member, text, back)
        except NotFound:  # nothing there to write on: the page that is not there
            raise
        except Refused as refusal:
            return page(site, request, "portal/write.html", branch, status_code=422, viewer=member,
                        said=refusal.reason, text=text, back=back, box=text_box(branch, act))
        await uow.commit()
    response = RedirectResponse(where, status_code=303)
    if said:
        leave_flash(site, response, [translate(line, language) for line in said])
    return response


def routes(site: Site) -> list[BaseRoute]:
    async def press(request: Request, branch: Branch) -> Response:
        sent = await posting(site, request, branch)
        if isinstance(sent, Response):
            return sent
        member, posted = sent.member, sent.posted
        back = back_to(branch, str(posted.get("back") or ""))
        token = str(posted.get("token") or "")[:200]
        reply = await sent.conversation.handle(incoming(member, posted, token=token))
        return sent_back(site, request, branch, member, reply, back)

    async def form(request: Request, branch: Branch) -> Response:
        sent = await posting(site, request, branch)
        if isinstance(sent, Response):
            return sent
        member, posted = sent.member, sent.posted
        back = back_to(branch, str(posted.get("back") or ""))
        instance = str(posted.get("instance") or "")[:80]
        name = str(posted.get("form") or "")[:40]
        answers = answers_of(posted, name)
        whole = Submission(answers, instance=instance) if instance else Submission(answers, form=name)
        reply = await sent.conversation.handle(incoming(member, posted, form=whole))
        return sent_back(site, request, branch, member, reply, back)

    return [Route("/{branch}/press", branch_page(site, press), methods=["POST"], name="portal_press"),
            Route("/{branch}/form", branch_page(site, form), methods=["POST"], name="portal_form")]
