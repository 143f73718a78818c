"""The app: health, and the route tables of what the deployment serves, in one Starlette application.

Adding a feature's pages is adding its table: `web/<feature>.py` with `routes(...)`, built where the
composition root builds the others (dreambank/bootstrap.py `App.web_routes`).
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.applications import Starlette
from starlette.routing import BaseRoute

from . import health


def web_app(*tables: Iterable[BaseRoute]) -> Starlette:
    """One application serving `/healthz` and every route of `tables`."""
    return Starlette(routes=[*health.routes(), *(route for table in tables for route in table)])
