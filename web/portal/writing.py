"""The acts a member answers with words (a comment, a reply, an answer to an inquiry), drawn on a page as a text box
beside what they answer, and posted to that thing's own address.

In a chat such a press starts a dialog that asks for the words; on a page the words are written where the press
would be, so that writing a comment never waits on a dialog left open elsewhere. The box is labelled with the
question the chat asks, and the address takes the words to the same use case the chat's dialog ends in
(web/portal/talk.py, web/portal/inquiries.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.dialogs.catalogue import FORMS
from core.i18n import Text, _
from core.model.branches import Branch
from core.views.actions import Action
from core.views.model import Act


@dataclass(frozen=True)
class Writing:
    """Where an act's words are posted (under the branch, `{}` its argument), the chat's form that asks for them
    (its question labels the box, its title heads the page that shows a refusal), and the button that sends them."""

    path: str
    form: str
    send: Text


WRITING = {
    Action.WRITE_COMMENT: Writing("dreams/{}/comments", "talk_comment", _("Post the comment")),
    Action.WRITE_TOPIC_COMMENT: Writing("topics/{}/comments", "talk_comment", _("Post the comment")),
    Action.REPLY: Writing("comments/{}/replies", "talk_comment", _("Post the reply")),
    Action.ANSWER_INQUIRY: Writing("inquiries/{}/answer", "inquiry_answer", _("Send the answer")),
    Action.REPLY_INQUIRY: Writing("inquiries/{}/reply", "inquiry_reply", _("Send the reply")),
    Action.ASK: Writing("inquiries", "inquiry_ask", _("Send the question")),
}


@dataclass(frozen=True)
class TextBox:
    """A text box a page draws: the address it posts to, its id on the page, label, length and send button."""

    action: str
    id: str
    label: Text | str
    longest: int
    send: Text
    title: Text | str


def text_box(branch: Branch, act: Act | None) -> TextBox | None:
    """The text box an act is drawn as; None for an act that is refused or not answered with words."""
    if act is None or not act.allowed or act.action not in WRITING:
        return None
    writing = WRITING[act.action]
    if "{}" in writing.path and not act.args:
        return None
    form = FORMS[writing.form]
    question = form.fields[0]
    target = act.args[0] if act.args else ""
    return TextBox(f"/{branch.slug}/" + writing.path.format(target), f"w-{act.action.value}-{target}".rstrip("-"),
                   question.prompt, question.max_length, writing.send, form.title)
