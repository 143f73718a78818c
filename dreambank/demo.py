"""A demo branch: a board of three, a bank manager, and dreams in every state, for trying things."""

from __future__ import annotations

from decimal import Decimal

from core.clock import Clock
from core.model.branches import Branch
from core.model.dreams import Draft, Need
from core.model.members import Identity, Member, Role
from core.model.projects import ProjectState
from core.model.reviews import Choice
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.usecases import bank, dreams, needs, projects, reviews

DEMO_SLUG = "fjordby"
PEOPLE: dict[str, tuple[str, list[Role]]] = {
    "anna": ("Anna", []),
    "bjorn": ("Bjørn", [Role.BOARD]),
    "cecilie": ("Cecilie", [Role.BOARD]),
    "dag": ("Dag", [Role.BOARD]),
    "eva": ("Eva", [Role.BANK_MANAGER]),
    "frida": ("Frida", []),
    "gustav": ("Gustav", [Role.ADMIN]),
    "hanne": ("Hanne", [Role.COMMUNITY_MANAGER]),
}
CONSOLE = "console"


def _draft(title: str, story: str, *needs: Need) -> Draft:
    return Draft(title, story, frozenset(needs), "", True, True, True)


async def seed_demo(db: UnitOfWorkFactory, clock: Clock, language: str = "en") -> Branch | None:
    """Create the demo branch once; None when it exists already."""
    async with db() as uow:
        if await uow.branches.by_slug(DEMO_SLUG) is not None:
            return None
        branch = await uow.branches.add(Branch(DEMO_SLUG, "Fjordby", language, "Europe/Oslo"))
        people: dict[str, Member] = {}
        for handle, (name, roles) in PEOPLE.items():
            people[handle] = await uow.members.add(Member(name, branch.id, None, clock.now()),
                                                   Identity(CONSOLE, handle))
            for role in roles:
                await uow.members.grant(branch.id, people[handle].id, role)
        await _dreams(uow, clock, people)
        await _mark_seed_notices_read(uow, clock, people)
        await uow.commit()
    return branch


async def _vote(uow: UnitOfWork, clock: Clock, who: Member, dream_id: int, choice: Choice, comment: str = "") -> None:
    review = await uow.reviews.latest(dream_id)
    await reviews.cast_vote(uow, clock, who, review.id, choice, comment)


async def _pledge(uow: UnitOfWork, clock: Clock, who: Member, dream_id: int, kind: Need, text: str,
                  amount: Decimal | None = None) -> None:
    need = await needs.need_of_kind(uow, dream_id, kind)
    await bank.pledge_help(uow, clock, who, dream_id, need.id, text, amount)


async def _dreams(uow: UnitOfWork, clock: Clock, p: dict[str, Member]) -> None:
    bench = await dreams.deposit_dream(uow, clock, p["frida"], _draft(
        "A bench by the fjord", "Somewhere to sit and watch the boats: for walkers, for the old and the young.",
        Need.MATERIALS, Need.TIME))
    await _vote(uow, clock, p["bjorn"], bench.id, Choice.APPROVE, "A lovely, simple idea.")
    await _vote(uow, clock, p["cecilie"], bench.id, Choice.APPROVE)
    await bank.like_dream(uow, clock, p["gustav"], bench.id)
    await _pledge(uow, clock, p["gustav"], bench.id, Need.MATERIALS, "Oak planks left over from my boathouse.")

    await dreams.deposit_dream(uow, clock, p["gustav"], _draft(
        "Repair café in the library", "Once a month, neighbours fix bikes, clothes and toasters together.",
        Need.SKILLS, Need.VENUE))

    lights = await dreams.deposit_dream(uow, clock, p["frida"], _draft(
        "Winter lights on the square", "Lanterns on the square from November to February.", Need.MONEY))
    await _vote(uow, clock, p["bjorn"], lights.id, Choice.MORE_INFO, "Who would look after the lanterns?")
    await _vote(uow, clock, p["dag"], lights.id, Choice.MORE_INFO)

    garden = await dreams.deposit_dream(uow, clock, p["anna"], _draft(
        "A garden for the whole street", "Raised beds on the empty lot, with a tool shed everyone shares.",
        Need.TIME, Need.MATERIALS, Need.MONEY, Need.VENUE))
    await _vote(uow, clock, p["cecilie"], garden.id, Choice.APPROVE)
    await _vote(uow, clock, p["dag"], garden.id, Choice.APPROVE)
    await bank.like_dream(uow, clock, p["frida"], garden.id)
    await _pledge(uow, clock, p["frida"], garden.id, Need.TIME, "Every Saturday morning.")
    await _pledge(uow, clock, p["gustav"], garden.id, Need.MONEY, "For seeds and soil.", Decimal("2000"))
    await dreams.propose_withdrawal(uow, clock, p["anna"], garden.id, "Frida and Gustav are in; the lot is ours.")
    await _vote(uow, clock, p["bjorn"], garden.id, Choice.APPROVE)
    await _vote(uow, clock, p["cecilie"], garden.id, Choice.APPROVE)
    garden_project = await uow.projects.by_dream(garden.id)
    await projects.post_update(uow, clock, p["anna"], garden_project.id, "The first four beds are built!")

    bonfire = await dreams.deposit_dream(uow, clock, p["gustav"], _draft(
        "Midsummer bonfire on the beach", "A bonfire, songs and grilled sausages for the whole village.",
        Need.TIME, Need.MATERIALS))
    await _vote(uow, clock, p["bjorn"], bonfire.id, Choice.APPROVE)
    await _vote(uow, clock, p["dag"], bonfire.id, Choice.APPROVE)
    await dreams.propose_withdrawal(uow, clock, p["gustav"], bonfire.id)
    await _vote(uow, clock, p["cecilie"], bonfire.id, Choice.APPROVE)
    await _vote(uow, clock, p["dag"], bonfire.id, Choice.APPROVE)
    bonfire_project = await uow.projects.by_dream(bonfire.id)
    await projects.close_project(uow, clock, p["gustav"], bonfire_project.id, ProjectState.COMPLETED,
                                 "Start the permit earlier next year.",
                                 "Two hundred neighbours came; the fire brigade helped and the rain held off.")


async def _mark_seed_notices_read(uow: UnitOfWork, clock: Clock, people: dict[str, Member]) -> None:
    """The demo's history is background: people start with an empty inbox, as if they had read it."""
    now = clock.now()
    for member in people.values():
        for notice in await uow.outbox.pending_for(member.id, limit=1000):
            await uow.outbox.mark_sent(notice.id, "demo", now)
