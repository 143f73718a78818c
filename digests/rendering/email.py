"""A whole mail from its templates: the subject, the plain text and the HTML with its styles inlined."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import css_inline
from jinja2 import Environment

from core.links import Links
from core.model.digests import DigestView
from core.model.notices import NoticeKind

from .environment import clean, render, render_block

EMAIL_KINDS = (NoticeKind.DIGEST, NoticeKind.NEWSLETTER, NoticeKind.EVENT_REMINDER, NoticeKind.EMAIL_CODE,
               NoticeKind.SIGN_IN_LINK)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_email(env: Environment, kind: NoticeKind, params: dict[str, Any], language: str, links: Links,
                 unsubscribe_url: str) -> RenderedEmail:
    """Subject, plain text and HTML (its styles inlined, as mail programs want) of one email.

    Every mail ends with why it came and a link that stops it. A missing parameter raises
    jinja2.UndefinedError rather than sending a mail with a hole in it.
    """
    if kind not in EMAIL_KINDS:
        raise ValueError(f"no email for a {kind.value} notice")
    params = clean(params)
    values: dict[str, Any] = {**params, "kind": kind.value, "links": links, "unsubscribe_url": unsubscribe_url,
                              "in_chat": False}
    if kind is NoticeKind.DIGEST:
        view = DigestView.from_params(params)
        values.update(digest=view, timezone=view.timezone)
    values.setdefault("timezone", "UTC")
    name = f"email/{kind.value}"
    subject = " ".join(render_block(env, f"{name}.txt", "subject", language, values).split())
    values["subject"] = subject
    text = render(env, f"{name}.txt", language, values).strip() + "\n"
    html = css_inline.inline(render(env, f"{name}.html", language, values), keep_style_tags=False)
    return RenderedEmail(subject, text, html)
