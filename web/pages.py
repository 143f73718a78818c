"""Web pages from the templates in web/templates, in the reader's language, escaped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment
from starlette.requests import Request

from core.i18n import DEFAULT_LANGUAGE, supported

#: the web's templates; the composition root adds them to the one template environment
TEMPLATES = Path(__file__).resolve().parent / "templates"


def render_page(env: Environment, template: str, language: str, **values: Any) -> str:
    """A page of web/templates (its name relative to that folder), in `language` when we have it."""
    return env.get_template(template).render(values, language=supported(language) or DEFAULT_LANGUAGE,
                                             markup=True)


def browser_language(request: Request) -> str:
    """The first language of the browser's Accept-Language that we have, for someone we do not know."""
    for tag in request.headers.get("accept-language", "").split(","):
        found = supported(tag.split(";")[0].strip())
        if found:
            return found
    return DEFAULT_LANGUAGE


def has_already(request: Request, etag: str) -> bool:
    """Whether the reader's If-None-Match names this version (weak or strong, or any): then 304, with no body."""
    asked = [tag.strip().removeprefix("W/") for tag in request.headers.get("if-none-match", "").split(",")]
    return etag in asked or "*" in asked
