"""Bringing a dream to where a view test needs it: in the bank, asked to withdraw, a project, archived."""

from __future__ import annotations

from typing import Any, Awaitable, Callable

import pytest

from core.errors import Refused
from core.i18n import Text
from core.model.projects import ProjectState
from core.model.reviews import Choice
from core.ports import UnitOfWork
from core.usecases import bank, dreams, projects, reviews
from core.views.model import Card
from tests.factories import Village


async def run(village: Village, work: Callable[[UnitOfWork], Awaitable[Any]]) -> Any:
    async with village.db() as uow:
        result = await work(uow)
        await uow.commit()
    return result


async def refusal(village: Village, work: Callable[[UnitOfWork], Awaitable[Any]]) -> Text:
    """The reason the use case refuses `work` with (and nothing is changed)."""
    with pytest.raises(Refused) as refused:
        await run(village, work)
    return refused.value.reason


async def approve(village: Village, dream_id: int) -> None:
    review = await village.review_of(dream_id)
    for member in (village.bjorn, village.cecilie):
        await run(village, lambda uow, m=member: reviews.cast_vote(uow, village.clock, m, review.id, Choice.APPROVE))


async def in_the_bank(village: Village, **draft: Any) -> int:
    dream_id = await village.deposit(**draft)
    await approve(village, dream_id)
    return dream_id


async def a_project(village: Village) -> tuple[int, int]:
    """A dream that became a project led by Anna, liked by Frida (who follows it): (dream id, project id)."""
    dream_id = await in_the_bank(village)
    await run(village, lambda uow: bank.like_dream(uow, village.clock, village.frida, dream_id))
    await run(village, lambda uow: dreams.propose_withdrawal(uow, village.clock, village.anna, dream_id))
    await approve(village, dream_id)
    async with village.db() as uow:
        project = await uow.projects.by_dream(dream_id)
    return dream_id, project.id


async def archived(village: Village) -> tuple[int, int]:
    dream_id, project_id = await a_project(village)
    await run(village, lambda uow: projects.close_project(uow, village.clock, village.anna, project_id,
                                                          ProjectState.COMPLETED, "", "It was built."))
    return dream_id, project_id


def offered(card: Card) -> set:
    return {a.action for row in card.actions for a in row}


def allowed(card: Card) -> set:
    return {a.action for a in card.allowed()}
