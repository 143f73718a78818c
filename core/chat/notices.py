"""What each kind of notice says, and the buttons that come with it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from ..i18n import Text, _, join, ngettext
from ..model.dreams import NEED_LABELS, Need
from ..model.members import Role
from ..model.digests import DigestView
from ..model.notices import Notice, NoticeKind
from ..model.reviews import CHOICE_LABELS, Choice
from .buttons import Action, ButtonCodec
from . import calls, digests, events, newsletters, padrivere, preferences, reminders
from .replies import Button, Message
from .views import CHOICE_CODES, excerpt

ROLE_LABELS = {
    Role.BOARD: _("board member"),
    Role.BANK_MANAGER: _("bank manager"),
    Role.COMMUNITY_MANAGER: _("community manager"),
    Role.CONSULTANT: _("consultant"),
    Role.PADRIVER: _("pådriver"),
    Role.ADMIN: _("branch admin"),
}


def _votes(codec: ButtonCodec, action: Action, review_id: int) -> list[list[Button]]:
    return [[Button(CHOICE_LABELS[c], codec.encode(action, review_id, code))] for code, c in CHOICE_CODES.items()]


def _open(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return [[Button(_("Open the dream"), codec.encode(Action.OPEN_DREAM, p["dream_id"]))]]


def _decided(p: dict[str, Any]) -> list[Text]:
    outcome = Choice(p["outcome"])
    head = {
        Choice.APPROVE: _("🎉 Your dream “{title}” is approved and now in the bank!", title=p["title"]),
        Choice.REJECT: _("Your dream “{title}” was not approved this time.", title=p["title"]),
        Choice.MORE_INFO: _("The board would like to know more about “{title}” before deciding.", title=p["title"]),
    }[outcome]
    lines = [head]
    if p.get("reason"):
        lines.append(_("The board said: {reason}", reason=p["reason"]))
    if outcome is Choice.APPROVE:
        lines.append(_("Neighbours can now like it and offer help. Share it with those who might join."))
    if outcome is Choice.MORE_INFO:
        lines.append(_("Amend the dream and it goes back to the board."))
    return lines


def _decided_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    if p["outcome"] == Choice.MORE_INFO.value:
        return [[Button(_("Amend and resubmit"), codec.encode(Action.AMEND, p["dream_id"]))]]
    return _open(codec, p)


def _withdrawal_decided(p: dict[str, Any]) -> list[Text]:
    lines = [_("The board did not agree to make “{title}” a project yet; it stays in the bank.", title=p["title"])]
    if p.get("reason"):
        lines.append(_("The board said: {reason}", reason=p["reason"]))
    return lines


def _board_decided(p: dict[str, Any]) -> list[Text]:
    outcome = CHOICE_LABELS[Choice(p["outcome"])]
    if p["kind"] == "withdrawal":
        return [_("The board's decision on withdrawing “{title}”: {outcome}.", title=p["title"], outcome=outcome)]
    return [_("The board's decision on “{title}”: {outcome}.", title=p["title"], outcome=outcome)]


def _pledge(p: dict[str, Any]) -> list[Text]:
    amount = _(" ({amount})", amount=p["amount"]) if p.get("amount") else ""
    return [_("🤝 {helper} offers help to “{title}”: {kind}{amount}.", helper=p["helper"], title=p["title"],
              kind=NEED_LABELS[Need(p["kind"])], amount=amount), excerpt(p["description"], 1000)]


def _review_requested(p: dict[str, Any]) -> list[Text]:
    head = _("🗳 A new dream to review: “{title}” by {owner}.", title=p["title"], owner=p["owner"]) \
        if p.get("round", 1) == 1 else \
        _("🗳 “{title}” by {owner} is back, amended, for review.", title=p["title"], owner=p["owner"])
    return [head, excerpt(p["story"], 600)]


def _withdrawal_asked(p: dict[str, Any]) -> Text:
    return _("🏭 {owner} asks to make “{title}” a project in the factory.", owner=p["owner"], title=p["title"])


def _withdrawal_requested(p: dict[str, Any]) -> list[Text]:
    lines = [_withdrawal_asked(p),
             _("{likes}, {pledges} so far.", likes=ngettext("{count} like", "{count} likes", p["likes"]),
               pledges=ngettext("{count} offer of help", "{count} offers of help", p["pledges"]))]
    if p.get("motivation"):
        lines.append(_("The owner says: {text}", text=excerpt(p["motivation"], 600)))
    return lines


def _review_post(p: dict[str, Any]) -> list[Text]:
    if p["kind"] == "withdrawal":
        lines = [_withdrawal_asked(p)]
        if p.get("motivation"):
            lines.append(_("The owner says: {text}", text=excerpt(p["motivation"], 600)))
    else:
        lines = _review_requested(p)
    lines.append(_("Votes so far: {a} approve, {r} reject, {i} ask for more — {cast} of {voters}", a=p["approve"],
                   r=p["reject"], i=p["more_info"], cast=p["approve"] + p["reject"] + p["more_info"],
                   voters=p["voters"]))
    if p["outcome"] == "closed":
        lines.append(_("The owner took the dream out; the vote is closed."))
    elif p["outcome"]:
        lines.append(_("Decided: {outcome}", outcome=CHOICE_LABELS[Choice(p["outcome"])]))
    return lines


def _review_post_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    return [] if p["outcome"] else _votes(codec, Action.VOTE, p["review_id"])


def _dream_post(p: dict[str, Any]) -> list[Text]:
    lines: list[Text] = [_("💭 {title}", title=p["title"]), _("by {owner}", owner=p["owner"]),
                         excerpt(p["story"], 700),
                         _("Needs: {needs}", needs=join([NEED_LABELS[Need(n)] for n in p["needs"]]))]
    if p.get("archived") == "completed":
        lines.append(_("📦 Completed, and in the archive."))
    elif p.get("archived") == "discontinued":
        lines.append(_("📦 Discontinued, and in the archive."))
    elif p["state"] == "project":
        lines.append(_("🏭 Now a project in the factory."))
    return lines


def _dream_post_buttons(codec: ButtonCodec, p: dict[str, Any]) -> list[list[Button]]:
    share = [Button(_("Share"), link=f"d{p['dream_id']}", share=True)]
    if not p.get("open", True):
        return [share]
    like = ngettext("♥ {count} like", "♥ {count} likes", p["likes"]) if p["likes"] else _("♥ Like")
    help_ = ngettext("I can help ({count})", "I can help ({count})", p["pledges"]) if p["pledges"] \
        else _("I can help")
    return [[Button(like, codec.encode(Action.LIKE, p["dream_id"])), Button(help_, link=f"p{p['dream_id']}")], share]


_COMPOSERS: dict[NoticeKind, tuple[Callable[[dict[str, Any]], list[Text]],
                                   Callable[[ButtonCodec, dict[str, Any]], list[list[Button]]]]] = {
    NoticeKind.REVIEW_REQUESTED: (_review_requested, lambda c, p: _votes(c, Action.VOTE, p["review_id"])),
    NoticeKind.WITHDRAWAL_REQUESTED: (_withdrawal_requested, lambda c, p: _votes(c, Action.VOTE, p["review_id"])),
    NoticeKind.REVIEW_TIED: (
        lambda p: [_("⚖ The board is tied on “{title}” ({approve} approve, {reject} reject, {more_info} ask for "
                     "more). As bank manager you can settle it.", **p)],
        lambda c, p: _votes(c, Action.SETTLE, p["review_id"])),
    NoticeKind.DREAM_DECIDED: (_decided, _decided_buttons),
    NoticeKind.BOARD_DECIDED: (_board_decided, lambda c, p: []),
    NoticeKind.WITHDRAWAL_DECIDED: (_withdrawal_decided, _open),
    NoticeKind.PLEDGE_RECEIVED: (_pledge, _open),
    NoticeKind.PROJECT_STARTED: (
        lambda p: [_("🏭 “{title}” is now a project in the factory! You follow it and will hear how it goes.",
                     title=p["title"])],
        lambda c, p: [[Button(_("Open the project"), c.encode(Action.OPEN_PROJECT, p["project_id"]))]]),
    NoticeKind.TEAM_JOINED: (
        lambda p: [_("{lead} added you to the team of “{title}” as {role}.", lead=p["lead"], title=p["title"],
                     role=p["role"])],
        lambda c, p: [[Button(_("Open the project"), c.encode(Action.OPEN_PROJECT, p["project_id"]))]]),
    NoticeKind.PROJECT_UPDATED: (
        lambda p: [_("📣 News from “{title}”, by {author}:", title=p["title"], author=p["author"]), p["text"]],
        lambda c, p: [[Button(_("Open the project"), c.encode(Action.OPEN_PROJECT, p["project_id"]))]]),
    NoticeKind.PROJECT_CLOSED: (
        lambda p: [_("📦 “{title}” is finished and in the archive.", title=p["title"])
                   if p["outcome"] == "completed" else
                   _("📦 “{title}” was discontinued and is in the archive.", title=p["title"]),
                   _("Final report: {text}", text=excerpt(p["report"], 1500))],
        lambda c, p: [[Button(_("Open the project"), c.encode(Action.OPEN_PROJECT, p["project_id"]))]]),
    NoticeKind.ROLE_GRANTED: (lambda p: [_("You are now {role} in this branch.", role=ROLE_LABELS[Role(p["role"])])],
                              lambda c, p: []),
    NoticeKind.REVIEW_POST: (_review_post, _review_post_buttons),
    NoticeKind.DREAM_POST: (_dream_post, _dream_post_buttons),
    NoticeKind.UPDATE_POST: (
        lambda p: [_("📣 News from “{title}”, by {author}:", title=p["title"], author=p["author"]), p["text"]],
        lambda c, p: [[Button(_("Follow the project"), link=f"d{p['dream_id']}")]]),
    NoticeKind.ARCHIVE_POST: (
        lambda p: [_("📦 “{title}” is finished and in the archive.", title=p["title"])
                   if p["outcome"] == "completed" else
                   _("📦 “{title}” was discontinued and is in the archive.", title=p["title"]),
                   _("Final report: {text}", text=excerpt(p["report"], 1500))],
        lambda c, p: []),
    NoticeKind.CHAT_LOST: (
        lambda p: [_("⚠ The branch's {purpose} chat “{title}” can no longer be reached ({reason}). It is unlinked; "
                     "link a new one with /link in the new chat.", purpose=p["purpose"], title=p["title"],
                     reason=p["reason"])],
        lambda c, p: []),
    NoticeKind.CHAT_MOVED: (
        lambda p: [_("ℹ The branch's {purpose} chat “{title}” became a supergroup, with a new address. It stays "
                     "linked, and what was on its way there is posted there now.", purpose=p["purpose"],
                     title=p["title"])],
        lambda c, p: []),
    NoticeKind.ANNOUNCEMENT: (lambda p: [p["text"]], lambda c, p: []),
    NoticeKind.ROLE_REVOKED: (lambda p: [_("You are no longer {role} in this branch.", role=ROLE_LABELS[Role(p["role"])])],
                              lambda c, p: []),
}


for _feature in (padrivere, events, calls, newsletters, digests, preferences, reminders):
    _COMPOSERS.update({NoticeKind(kind): composer for kind, composer in _feature.NOTICES.items()})


def compose(codec: ButtonCodec, notice: Notice) -> Message:
    lines, buttons = _COMPOSERS[notice.kind]
    params = {**notice.params, "branch_id": notice.branch_id}
    image = notice.params.get("image") if notice.kind is NoticeKind.NEWSLETTER else None
    message = Message.of(*lines(params), buttons=buttons(codec, params),
                         topic=notice.topic or f"notice:{notice.kind.value}", image=image or None)
    if notice.kind is NoticeKind.DIGEST:
        message = replace(message, digest=DigestView.from_params(notice.params))
    return message
