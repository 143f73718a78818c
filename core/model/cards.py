"""A dream's card: the dream with what is shown beside it, read together."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Text
from .bank import Pledge, Support
from .dreams import Dream
from .needs import DreamNeed
from .pictures import PictureFacts
from .projects import Project
from .reviews import Review


@dataclass(frozen=True)
class Card:
    """A dream with how it is cheered on (for one viewer), the board's latest review of it, the project it became,
    its picture's facts, how many of its comments show, its owner's name, every pledge to it (oldest first, each
    with the name its maker is shown by) and its needs: each as read alone, but read at once."""

    dream: Dream
    support: Support
    latest_review: Review | None = None
    project: Project | None = None
    picture: PictureFacts | None = None
    comments: int = 0
    #: the name its owner is shown by
    owner: str | Text = ""
    pledges: tuple[tuple[str | Text, Pledge], ...] = ()
    needs: tuple[DreamNeed, ...] = ()
