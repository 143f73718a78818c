"""`dreambank outbox status` and `dreambank broadcast`: what is being sent, and sending to many."""

from __future__ import annotations

import asyncio

import typer

from core.model.notices import Broadcast, NoticeKind, Recipients

from .bootstrap import App

outbox_app = typer.Typer(help="The outbox: notices and broadcasts on their way.", no_args_is_help=True)
TEXT_MAX = 4000


def eta(waiting: int, per_second: float) -> str:
    seconds = int(waiting / per_second + 0.999) if waiting else 0
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{seconds:02d}s" if hours else f"{minutes}m{seconds:02d}s"


async def status_lines(app: App, limit: int = 20) -> list[str]:
    lines = [f"{'id':>5}  {'started (UTC)':16}  {'audience':16}  {'total':>8}  {'sent':>8}  {'failed':>7}  "
             f"{'waiting':>8}  time left"]
    async with app.uow() as uow:
        for b in await uow.outbox.broadcasts(limit):
            p = await uow.outbox.progress(b.id)
            lines.append(f"{b.id:>5}  {b.created_at:%Y-%m-%d %H:%M}  {b.recipients.describe()[:16]:16}  {p.total:>8}  "
                         f"{p.sent:>8}  {p.failed:>7}  {p.waiting:>8}  "
                         f"{'done' if p.done else eta(p.waiting, app.settings.telegram_per_second)}")
    if len(lines) == 1:
        lines.append("(no broadcasts yet)")
    return lines


async def start_broadcast(app: App, branch_slug: str, audience: str, text: str) -> Broadcast:
    recipients = Recipients.parse(audience)
    async with app.uow() as uow:
        branch = await uow.branches.by_slug(branch_slug)
        if branch is None:
            raise LookupError(f"No branch {branch_slug!r}.")
        broadcast = await uow.outbox.add_broadcast(Broadcast(branch.id, NoticeKind.ANNOUNCEMENT, {"text": text},
                                                             recipients, app.clock.now()))
        await uow.commit()
    return broadcast


async def follow(app: App, broadcast: Broadcast, poll_seconds: float = 0.5) -> None:
    """A progress bar until every recipient was sent to or given up on."""
    with typer.progressbar(length=broadcast.total, label=f"Broadcast {broadcast.id}") as bar:
        shown = 0
        while True:
            async with app.uow() as uow:
                p = await uow.outbox.progress(broadcast.id)
            bar.update(p.sent + p.failed - shown)
            shown = p.sent + p.failed
            if p.done:
                break
            await asyncio.sleep(poll_seconds)
    typer.echo(f"Sent {p.sent}, failed {p.failed} of {p.total}.")


