"""`dreambank outbox status` and `dreambank broadcast`: what is being sent, and sending to many."""

from __future__ import annotations

import asyncio
from datetime import datetime

import typer

from core.model.notices import Broadcast, NoticeKind, Progress, Recipients

from .bootstrap import App

outbox_app = typer.Typer(help="The outbox: notices and broadcasts on their way.", no_args_is_help=True)
TEXT_MAX = 4000
TELEGRAM, DISCORD, CONSOLE = "telegram", "discord", "console"


class NothingDelivers(Exception):
    """Nobody in the audience can be reached by what this deployment runs: the broadcast is not written."""


def eta(seconds: float) -> str:
    seconds = int(seconds + 0.999)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{seconds:02d}s" if hours else f"{minutes}m{seconds:02d}s"


def time_left(p: Progress, now: datetime) -> str:
    """From the rate measured on this broadcast's own sends, never from the configured one."""
    if p.done:
        return "done"
    left = p.time_left(now)
    if left is not None:
        return eta(left.total_seconds())
    if p.last_sent_at is None:
        return "not started"
    return f"stalled (last sent {p.last_sent_at:%H:%M} UTC)"


async def status_lines(app: App, limit: int = 20) -> list[str]:
    lines = [f"{'id':>5}  {'started (UTC)':16}  {'audience':16}  {'total':>8}  {'sent':>8}  {'failed':>7}  "
             f"{'waiting':>8}  time left"]
    now = app.clock.now()
    async with app.uow() as uow:
        for b in await uow.broadcasts.recent(limit):
            p = await uow.broadcasts.progress(b.id)
            lines.append(f"{b.id:>5}  {b.created_at:%Y-%m-%d %H:%M}  {b.recipients.describe()[:16]:16}  {p.total:>8}  "
                         f"{p.sent:>8}  {p.failed:>7}  {p.waiting:>8}  {time_left(p, now)}")
    if len(lines) == 1:
        lines.append("(no broadcasts yet)")
    return lines


def sending_platforms(app: App) -> set[str]:
    """The chat platforms a deliverer of this deployment sends on (the console shows notices when one speaks)."""
    s = app.settings
    return {platform for platform, token in ((TELEGRAM, s.telegram_token), (DISCORD, s.discord_token))
            if token is not None}


def describe_reach(reach: dict[str | None, int], sending: set[str]) -> list[str]:
    lines = []
    for platform, count in sorted(reach.items(), key=lambda item: (item[0] is None, item[0] or "")):
        if platform == CONSOLE:
            lines.append(f"{count} in the console chat: they see it when they next speak there.")
        elif platform is None:
            lines.append(f"{count} with no chat anywhere: nothing can reach them.")
        elif platform in sending:
            lines.append(f"{count} on {platform.capitalize()}: sent by `dreambank run` or `dreambank deliver`.")
        else:
            lines.append(f"{count} on {platform.capitalize()}: nothing sends there on this deployment; set "
                         f"DREAMBANK_{platform.upper()}_TOKEN and run `dreambank run` (they wait in the outbox).")
    return lines


async def start_broadcast(app: App, branch_slug: str, audience: str, text: str
                          ) -> tuple[Broadcast, dict[str | None, int]]:
    """The broadcast, written only when someone in its audience can receive it; and where its notices go."""
    recipients = Recipients.parse(audience)
    sending = sending_platforms(app)
    async with app.uow() as uow:
        branch = await uow.branches.by_slug(branch_slug)
        if branch is None:
            raise LookupError(f"No branch {branch_slug!r}.")
        broadcast = await uow.broadcasts.add(Broadcast(branch.id, NoticeKind.ANNOUNCEMENT, {"text": text},
                                                       recipients, app.clock.now()))
        reach = await uow.broadcasts.reach(broadcast.id)
        if not broadcast.total:
            raise NothingDelivers(f"Nobody is in the audience {recipients.describe()!r}: nothing was sent.")
        if not any(count for platform, count in reach.items() if platform in sending or platform == CONSOLE):
            raise NothingDelivers("\n".join([f"Nothing can deliver this broadcast to its {broadcast.total} members, "
                                             "so it was not written:", *describe_reach(reach, sending)]))
        await uow.commit()
    return broadcast, reach


async def follow(app: App, broadcast: Broadcast, platform: str, total: int, poll_seconds: float = 0.5) -> None:
    """A progress bar until every recipient on the platform was sent to or given up on."""
    with typer.progressbar(length=total, label=f"Broadcast {broadcast.id}") as bar:
        shown = 0
        while True:
            async with app.uow() as uow:
                p = await uow.broadcasts.progress(broadcast.id, platform)
            bar.update(p.sent + p.failed - shown)
            shown = p.sent + p.failed
            if p.done:
                break
            await asyncio.sleep(poll_seconds)
    typer.echo(f"Sent {p.sent}, failed {p.failed} of {p.total}.")
