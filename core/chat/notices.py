"""What each kind of notice says in chat, and the buttons that come with it: each feature's composers."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable

from ..i18n import Text
from ..model.digests import DigestView
from ..model.notices import Notice, NoticeKind
from .features import collected
from .buttons import ButtonCodec
from .replies import Button, Message

_COMPOSERS: dict[NoticeKind, tuple[Callable[[dict[str, Any]], list[Text]],
                                   Callable[[ButtonCodec, dict[str, Any]], list[list[Button]]]]] = {
    NoticeKind(kind): composer for kind, composer in collected("NOTICES").items()}


def compose(codec: ButtonCodec, notice: Notice) -> Message:
    lines, buttons = _COMPOSERS[notice.kind]
    params = {**notice.params, "branch_id": notice.branch_id}
    image = notice.params.get("image") if notice.kind is NoticeKind.NEWSLETTER else None
    message = Message.of(*lines(params), buttons=buttons(codec, params),
                         topic=notice.topic or f"notice:{notice.kind.value}", image=image or None)
    if notice.kind is NoticeKind.DIGEST:
        message = replace(message, digest=DigestView.from_params(notice.params))
    return message
