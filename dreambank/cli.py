"""The `dreambank` command: the console chat, the demo, branches, roles, the database, and `run`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import click
import typer

from core.errors import Refused
from core.i18n import LANGUAGES, translate
from core.model.branches import (check_branch_name, check_chat_address, check_chat_role, check_language, check_slug,
                                  check_timezone, parse_quorum)
from core.model.members import Identity, Member, Role, parse_role
from core.usecases.branches import open_branch
from core.usecases import privacy
from core.usecases.members import grant_role, revoke_role

from .bootstrap import App, build
from .demo import CONSOLE, seed_demo
from .outbox_cli import outbox_app
from .settings import Settings

app = typer.Typer(help="dreambank: residents turn local dreams into community projects.", no_args_is_help=True)
branch_app = typer.Typer(help="Branches: one municipality or district each.", no_args_is_help=True)
member_app = typer.Typer(help="Members and their roles in a branch.", no_args_is_help=True)
db_app = typer.Typer(help="The database.", no_args_is_help=True)
app.add_typer(branch_app, name="branch")
app.add_typer(member_app, name="member")
app.add_typer(db_app, name="db")
app.add_typer(outbox_app, name="outbox")

T = TypeVar("T")


def _run(work: Callable[[App], Awaitable[T]], migrate: bool = True,
         expected: tuple[type[BaseException], ...] = (), settings: Settings | None = None) -> T:
    """Run `work` with the app built; an error not `expected` (which the command explains itself) is logged,
    through the filter that keeps secrets out, and ends the command with exit code 1."""
    async def main() -> T:
        built = await build(settings or Settings(), migrate=migrate)
        try:
            return await work(built)
        finally:
            await built.close()

    try:
        return asyncio.run(main())
    except (typer.Exit, click.exceptions.Exit, click.ClickException, click.Abort, *expected):
        raise
    except Exception:  # printed raw, a crash's text (a URL, SQL parameters) would bypass the log's redaction
        logging.getLogger("dreambank").critical("dreambank stopped after an unexpected error", exc_info=True)
        raise typer.Exit(1) from None


def _fail(message: str) -> None:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


def _checked(check: Callable[..., T], *args: str) -> T:
    """Core's check of what the operator typed; its refusal, in English, ends the command with exit 1."""
    try:
        return check(*args)
    except Refused as refused:
        _fail(translate(refused.reason, "en"))
        raise


@app.command()
def chat(as_: str = typer.Option(None, "--as", help="start as this persona (a name, like anna)"),
         web: bool = typer.Option(False, "--web", help="also serve the web portal on DREAMBANK_LISTEN while the "
                                                       "chat is open")) -> None:
    """Open the console chat. With no branch yet, the demo branch is created first."""
    from bots.console.reading import LineReader

    async def work(a: App) -> None:
        async with a.uow() as uow:
            empty = not await uow.branches.all()
        if empty:
            await seed_demo(a.uow, a.clock)
            typer.echo("Created the demo branch Fjordby. People: anna and frida (residents), bjorn, cecilie and dag "
                       "(the board), eva (bank manager), gustav (branch admin), hanne (community manager).")
        schedule = a.schedule()  # one process on SQLite: the console schedules, catching up before it shows notices
        await schedule.start()
        console = a.console_chat(as_.lower() if as_ else None, before_notices=schedule.run_due)
        interactive = sys.stdin.isatty()
        stop = asyncio.Event()
        portal = await _portal_beside_chat(a, stop) if web else None
        try:
            async with LineReader(ctrl_c=interactive) as reader:
                await console.run(_lines(reader, interactive, console), echo=not interactive)
        finally:
            stop.set()
            if portal is not None:
                await portal
            await schedule.stop()

    _run(work, settings=_demo_operator(Settings()))


def _demo_operator(settings: Settings) -> Settings:
    """The console's settings: with no operators set, the demo's branch admin (gustav) is one, so that opening a
    branch in chat can be tried."""
    return settings if settings.operators else settings.model_copy(update={"operators": "console:gustav"})


async def _portal_beside_chat(a: App, stop: asyncio.Event) -> asyncio.Task[None] | None:
    """The web portal served while the console chat is open, with where to find it said; when its address is
    taken, the chat opens all the same and says why the portal is not there."""
    from web.server import CannotListen, listening_socket, serve

    host, port = a.settings.listen_address()
    try:
        sock = listening_socket(host, port)
    except CannotListen as trouble:
        typer.echo(f"The web portal is not served: {trouble}")
        return None
    async with a.uow() as uow:
        branches = await uow.branches.all()
    where = f"http://{host}:{port}/"
    typer.echo(f"The web portal: {where}{branches[0].slug}/ (the demo branch's bank; /web in the chat gives a "
               "link that signs you in there)." if branches else f"The web portal: {where}")
    return asyncio.create_task(serve(a.web_app(), host, port, stop, sock), name="web portal")


async def _lines(reader, interactive: bool, console) -> AsyncIterator[str]:
    """Typed at a terminal, with a prompt and Ctrl-C answered; or a piped script, to its end."""
    if interactive:
        async with contextlib.aclosing(console.typed(reader)) as typed:
            async for line in typed:
                yield line
        return
    while (line := await reader.next()) is not None:
        yield line


@app.command()
def demo() -> None:
    """Create the demo branch: a board of three, a bank manager, and dreams in every state."""
    async def work(a: App) -> None:
        created = await seed_demo(a.uow, a.clock)
        typer.echo("The demo branch 'fjordby' is ready." if created else "The demo branch 'fjordby' exists already.")
        typer.echo("Try it: dreambank chat --as bjorn")

    _run(work)


@branch_app.command("create")
def branch_create(slug: str, name: str,
                  language: str = typer.Option("en", help=f"default language: {', '.join(LANGUAGES)}"),
                  timezone: str = typer.Option("Europe/Oslo", help="IANA time zone"),
                  quorum: str = typer.Option("majority", help="'majority' or 'approvals:N'")) -> None:
    """Open a new branch."""
    for check, value in ((check_slug, slug), (check_branch_name, name), (check_language, language),
                         (check_timezone, timezone), (parse_quorum, quorum)):
        _checked(check, value)  # before the database is opened

    async def work(a: App) -> None:
        async with a.uow() as uow:
            try:
                opened = await open_branch(uow, slug, name, language, timezone, quorum)
            except Refused as refused:
                _fail(translate(refused.reason, "en"))
                raise
            await uow.commit()
        typer.echo(f"Branch {opened.slug!r} ({opened.name}) is open, quorum {opened.quorum.describe()}.")

    _run(work)


@branch_app.command("list")
def branch_list() -> None:
    """List the branches."""
    async def work(a: App) -> None:
        async with a.uow() as uow:
            for b in await uow.branches.all():
                typer.echo(f"{b.slug}\t{b.name}\t{b.language}\t{b.timezone}\t{b.quorum.describe()}")

    _run(work)


@branch_app.command("link")
def branch_link(slug: str, purpose: str,
                chat: str = typer.Argument(..., help="platform:chat_id, e.g. telegram:-1001234 or discord:1234567890"),
                title: str = typer.Option("", help="the chat's name, for messages to the admins"),
                role: str = typer.Option("", help="on Discord, the id of the role that opens the chat (the circle's "
                                                  "category needs one)")) -> None:
    """Make a group chat the branch's board (PURPOSE board), a channel its bank (PURPOSE bank), or a group (on
    Discord a category, with --role) the pådrivere's circle (PURPOSE circle)."""
    from core.model.branches import ChatLink
    from core.usecases.chats import PURPOSES, link_chat

    if purpose not in PURPOSES:
        _fail(f"Unknown purpose {purpose!r}; choose one of {', '.join(PURPOSES)}.")
    platform, _, chat_id = chat.partition(":")
    if not platform or not chat_id:
        _fail("Name the chat as platform:chat_id, for example telegram:-1001234567890 or discord:1234567890123456789.")
    _checked(check_chat_address, platform, chat_id)
    _checked(check_chat_role, platform, PURPOSES[purpose], role)

    async def work(a: App) -> None:
        async with a.uow() as uow:
            found = await uow.branches.by_slug(slug)
            if found is None:
                _fail(f"No branch {slug!r}.")
            try:
                await link_chat(uow, a.clock, None, ChatLink(found.id, PURPOSES[purpose], platform, chat_id, title,
                                                             role_id=role))
            except Refused as refused:
                _fail(translate(refused.reason, "en"))
            await uow.commit()
        opened = f", opened by the role {role}" if role else ""
        typer.echo(f"{chat} is now the {purpose} chat of {slug}{opened}.")

    _run(work)


def _role(value: str) -> Role:
    return _checked(parse_role, value)


async def _member(uow, who: str) -> Member:
    """A member by number, by 'platform:id' (telegram:12345), or by console name."""
    if who.isdigit():
        found = await uow.members.get(int(who))
    else:
        platform, _, external = who.partition(":") if ":" in who else (CONSOLE, "", who)
        found = await uow.members.by_identity(Identity(platform, external or who))
    if found is None:
        _fail(f"No member {who!r}.")
    return found


def _change_role(branch: str, who: str, role: str, grant: bool) -> None:
    wanted = _role(role)

    async def work(a: App) -> None:
        async with a.uow() as uow:
            found = await uow.branches.by_slug(branch)
            if found is None:
                _fail(f"No branch {branch!r}.")
            member = await _member(uow, who)
            change = grant_role if grant else revoke_role
            try:
                changed = await change(uow, a.clock, None, found.id, member.id, wanted)
            except Refused as refused:
                _fail(translate(refused.reason, "en"))
            await uow.commit()
        verb = ("now has" if changed else "already had") if grant else ("no longer has" if changed else "did not have")
        typer.echo(f"{member.display_name} {verb} the role {wanted.value} in {branch}.")

    _run(work)


@member_app.command("grant")
def member_grant(branch: str, member: str, role: str) -> None:
    """Give MEMBER (a number, platform:id, or console name) ROLE in BRANCH."""
    _change_role(branch, member, role, grant=True)


@member_app.command("revoke")
def member_revoke(branch: str, member: str, role: str) -> None:
    """Take ROLE in BRANCH away from MEMBER."""
    _change_role(branch, member, role, grant=False)


async def _branch_id(uow, branch: str) -> int:
    found = await uow.branches.by_slug(branch)
    if found is None:
        _fail(f"No branch {branch!r}.")
    return found.id


@member_app.command("export")
def member_export(branch: str, member: int,
                  out: Path = typer.Option(None, "--out", help="the file to write (standard output if not given)")
                  ) -> None:
    """Everything kept about MEMBER (a number) of BRANCH, as JSON, for a person who asked outside chat."""
    async def work(a: App) -> None:
        async with a.uow() as uow:
            try:
                filename, data = await privacy.export_by_staff(uow, a.clock, await _branch_id(uow, branch), member)
            except Refused as refused:
                _fail(translate(refused.reason, "en"))
            await uow.commit()
        if out is None:
            typer.echo(data.decode())
        else:
            out.write_bytes(data)
            typer.echo(f"Wrote everything kept about member {member} to {out}.", err=True)

    _run(work)


@member_app.command("erase")
def member_erase(branch: str, member: int,
                 yes: bool = typer.Option(False, "--yes", help="erase: the command does nothing without it")) -> None:
    """Erase MEMBER (a number) of BRANCH, for a person who asked outside chat: this cannot be undone."""
    if not yes:
        _fail(f"Erasing member {member} cannot be undone; add --yes to erase them.")

    async def work(a: App) -> None:
        async with a.uow() as uow:
            try:
                done = await privacy.erase_by_staff(uow, a.clock, await _branch_id(uow, branch), member)
            except Refused as refused:
                _fail(translate(refused.reason, "en"))
            await uow.commit()
        typer.echo(f"Member {member} is erased. Open dreams retracted: {len(done.retracted)}; handed to the bank "
                   f"manager: {len(done.handed_over)}.")

    _run(work)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date (also done on every start)."""
    async def work(a: App) -> None:
        typer.echo(f"The database is up to date ({_safe_url(a.settings.resolved_database_url())}).")

    _run(work)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@outbox_app.command("status")
def outbox_status() -> None:
    """Each broadcast's progress: sent, failed, waiting, and the time left at the bot's rate."""
    from .outbox_cli import status_lines

    async def work(a: App) -> None:
        for line in await status_lines(a):
            typer.echo(line)

    _run(work)


@app.command()
def broadcast(branch: str, text: str = typer.Option(..., help="the message, up to 4,000 characters"),
              audience: str = typer.Option("all", help="all, role:NAME (e.g. role:padriver) or followers:DREAM"),
              wait: bool = typer.Option(True, help="show a progress bar until it is sent")) -> None:
    """Send a message to many members of BRANCH through the outbox (a deliverer must be running)."""
    from core.model.notices import Recipients

    from .outbox_cli import TEXT_MAX, DISCORD, TELEGRAM, NothingDelivers, describe_reach, follow, sending_platforms, \
        start_broadcast

    text = text.strip()
    if not 1 <= len(text) <= TEXT_MAX:
        _fail(f"The message needs 1 to {TEXT_MAX} characters.")
    try:
        Recipients.parse(audience)
    except ValueError as bad:
        _fail(str(bad))

    async def work(a: App) -> None:
        await _check_audience(a, branch, audience)
        try:
            sent, reach = await start_broadcast(a, branch, audience, text)
        except (LookupError, NothingDelivers) as refused:
            _fail(str(refused))
            return
        typer.echo(f"Broadcast {sent.id} to {sent.total} members is in the outbox:")
        for line in describe_reach(reach, sending_platforms(a)):
            typer.echo(f"  {line}")
        followed = [p for p in (TELEGRAM, DISCORD) if reach.get(p) and p in sending_platforms(a)]
        if wait and followed:
            typer.echo("Watching it go out (Ctrl-C stops watching, not sending).")
            for platform in followed:
                await follow(a, sent, platform, reach[platform])

    _run(work)


async def _check_audience(a: App, slug: str, audience: str) -> None:
    """Refuse an audience that names no one in the branch (a role there is not, a dream it does not have)."""
    from core.usecases.audiences import audience_in

    async with a.uow() as uow:
        found = await uow.branches.by_slug(slug)
        if found is None:
            _fail(f"No branch {slug!r}.")
        try:
            await audience_in(uow, found.id, audience)
        except Refused as refused:
            _fail(translate(refused.reason, "en"))


@app.command()
def deliver() -> None:
    """Only send the outbox's notices, on Telegram, Discord and (with SMTP set) by email (beside web workers that
    take no part in sending). One process per bot sends at a time; others wait to take over."""
    settings = Settings()
    if settings.telegram_token is None and settings.discord_token is None and settings.smtp_url is None:
        _fail("Set DREAMBANK_TELEGRAM_TOKEN, DREAMBANK_DISCORD_TOKEN or DREAMBANK_SMTP_URL: there is nothing to "
              "deliver to without a platform.")
    from bots.discord.app import TokenRefused, Unreachable
    from web.server import CannotListen
    from .delivering import deliver as deliver_notices
    from .metrics_listener import with_metrics
    from .runner import stop_on_signals

    async def work(a: App) -> None:
        stop = stop_on_signals()
        await with_metrics(a, stop, lambda: deliver_notices(a, stop))

    try:
        _run(work, expected=(TokenRefused, Unreachable, CannotListen))
    except CannotListen as trouble:
        _fail(f"dreambank deliver: {trouble}")
    except TokenRefused:
        _fail("Discord refused the token in DREAMBANK_DISCORD_TOKEN; check it in Discord's developer portal.")
    except Unreachable as trouble:
        _fail(f"Discord: {trouble}. Check the network or DREAMBANK_DISCORD_API_URL.")


@app.command("discord")
def discord_gateway() -> None:
    """Only the Discord bot's gateway connection: slash commands, buttons, forms and direct messages, until
    interrupted. One process per bot (Discord's gateway is not load-balanced); its notices are sent by
    `dreambank deliver`."""
    settings = Settings()
    if settings.discord_token is None:
        _fail("Set DREAMBANK_DISCORD_TOKEN: the bot's token from Discord's developer portal.")
    from bots.discord.app import TokenRefused, Unreachable
    from web.server import CannotListen
    from .metrics_listener import with_metrics
    from .runner import stop_on_signals

    async def work(a: App) -> None:
        stop = stop_on_signals()
        await with_metrics(a, stop, lambda: a.discord_adapter(deliver=False).run(stop))

    try:
        _run(work, expected=(TokenRefused, Unreachable, CannotListen))
    except CannotListen as trouble:
        _fail(f"dreambank discord: {trouble}")
    except TokenRefused:
        _fail("Discord refused the token in DREAMBANK_DISCORD_TOKEN; check it in Discord's developer portal.")
    except Unreachable as trouble:
        _fail(f"Discord: {trouble}. Check the network or DREAMBANK_DISCORD_API_URL.")


@app.command()
def schedule() -> None:
    """Only the schedule: digests, reminders, nudges and newsletters at their time. Start it in several
    processes if you like: one schedules, the others take over if it stops."""
    from web.server import CannotListen
    from .metrics_listener import with_metrics
    from .runner import stop_on_signals

    async def work(a: App) -> None:
        stop = stop_on_signals()
        await with_metrics(a, stop, lambda: a.schedule().run(stop))

    try:
        _run(work, expected=(CannotListen,))
    except CannotListen as trouble:
        _fail(f"dreambank schedule: {trouble}")


@app.command()
def web() -> None:
    """Only the web app, until interrupted: the public portal with its feeds, mail's links when mail is set up,
    and Telegram's webhook when DREAMBANK_TELEGRAM_WEBHOOK_URL is set. It neither sends notices nor schedules:
    run it on as many machines as you like, beside one `dreambank deliver` and one `dreambank schedule`."""
    from web.server import CannotListen

    from .metrics_listener import with_metrics
    from .runner import serve_web, stop_on_signals

    async def work(a: App) -> None:
        stop = stop_on_signals()
        await with_metrics(a, stop, lambda: serve_web(a, stop))

    settings = Settings()
    telegram: tuple[type[Exception], ...] = ()
    if settings.telegram_token is not None and settings.telegram_webhook_url is not None:
        from telegram.error import InvalidToken, NetworkError  # its library loaded only when it is used

        telegram = (InvalidToken, NetworkError)
    try:
        _run(work, expected=(CannotListen, *telegram))
    except CannotListen as trouble:
        _fail(f"dreambank web: {trouble}")
    except telegram as trouble:
        from telegram.error import InvalidToken

        if isinstance(trouble, InvalidToken):
            _fail("Telegram refused the token in DREAMBANK_TELEGRAM_TOKEN; check it with @BotFather.")
        _fail(f"Could not reach Telegram at {settings.telegram_api_url} ({trouble}). "
              "Check the network or DREAMBANK_TELEGRAM_API_URL.")


@app.command()
def run() -> None:
    """Start every configured chat adapter, the schedule and the web portal, until interrupted; with no chat
    platform configured, the portal and the schedule run alone, and it says how to add one."""
    settings = Settings()
    if settings.telegram_token is None and settings.discord_token is None and settings.smtp_url is None:
        host, port = settings.listen_address()
        typer.echo(f"No chat platform is configured yet: the web portal alone is served, at http://{host}:{port}/\n"
                   "  Telegram: set DREAMBANK_TELEGRAM_TOKEN (in the environment or a .env file); long polling is "
                   "used unless DREAMBANK_TELEGRAM_WEBHOOK_URL is set.\n"
                   "  Discord: set DREAMBANK_DISCORD_TOKEN (the bot's token from Discord's developer portal).\n"
                   "  To try dreambank without any token: dreambank chat")
    from telegram.error import InvalidToken, NetworkError

    from bots.discord.app import TokenRefused, Unreachable
    from .metrics_listener import with_metrics
    from .runner import run as run_adapters, stop_on_signals
    from web.server import CannotListen

    async def work(a: App) -> None:
        stop = stop_on_signals()
        await with_metrics(a, stop, lambda: run_adapters(a, stop))

    try:
        _run(work, expected=(InvalidToken, NetworkError, CannotListen, TokenRefused, Unreachable))
    except CannotListen as trouble:
        _fail(f"dreambank run: {trouble}")
    except TokenRefused:
        _fail("Discord refused the token in DREAMBANK_DISCORD_TOKEN; check it in Discord's developer portal "
              "(your application → Bot → Reset Token).")
    except Unreachable as trouble:
        _fail(f"Discord: {trouble}. Check the network or DREAMBANK_DISCORD_API_URL.")
    except InvalidToken:
        _fail("Telegram refused the token in DREAMBANK_TELEGRAM_TOKEN; check it with @BotFather.")
    except NetworkError as trouble:
        _fail(f"Could not reach Telegram at {settings.telegram_api_url} ({trouble}). "
              "Check the network or DREAMBANK_TELEGRAM_API_URL.")
