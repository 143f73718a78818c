"""The composition root: the one place that builds what a process runs and hands it in.

`build` makes the database engine, the units of work, the clock, the button codec, the one template
environment, the deployment's surfaces (for links) and the conversation; the `App` it returns builds, when a
command asks, every channel with its delivery engine, the schedule, the Telegram and Discord adapters and the web
app.
Nothing is built at import time, and the platforms' libraries are imported only by processes that run them.
"""

from __future__ import annotations

import base64
import gc
import hashlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jinja2 import Environment
from sqlalchemy.ext.asyncio import AsyncEngine

from core.chat.buttons import ButtonCodec
from core.chat.conversation import Conversation
from core.clock import Clock, SystemClock
from core.links import Links, Surfaces
from core.model.digests import DigestView
from core.model.members import Identity
from core.ports import UnitOfWorkFactory
from core.usecases.reminders import ReminderRules
from digests.delivery.channels import Channel, Limits
from digests.delivery.counted import CountedChannel
from digests.delivery.engine import DeliveryEngine, EngineSettings
from digests.rendering.digests import render_digest
from digests.rendering.environment import TEMPLATES as DIGEST_TEMPLATES
from digests.rendering.environment import template_environment
from digests.schedule.scheduler import LEASE as SCHEDULER_LEASE
from digests.schedule.scheduler import Schedule, ScheduleSettings
from storage.database import make_engine, session_factory, without_transactions
from storage.leases import DatabaseLease
from storage.migrate import upgrade
from storage.outbox_depth import pending_notices
from storage.readiness import not_ready
from storage.unit_of_work import SqlUnitOfWork
from web.pages import TEMPLATES as WEB_TEMPLATES

from .logs import configure_logging
from .metrics import CONTENT_TYPE, PLATFORMS, Metrics
from .settings import Settings

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.routing import BaseRoute
    from telegram import Bot

    from bots.console.chat import ConsoleChat
    from bots.discord.app import DiscordAdapter, DreambankClient
    from bots.email.channel import EmailChannel
    from bots.telegram.app import TelegramAdapter

#: the one process at a time that sends the deployment's mail
EMAIL_LEASE = "email-delivery"


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    clock: Clock
    codec: ButtonCodec
    conversation: Conversation
    uow: UnitOfWorkFactory
    templates: Environment
    surfaces: Surfaces
    #: what this process counts for Prometheus
    metrics: Metrics = field(default_factory=Metrics)
    #: units of work whose statements are each kept as they run, with no transaction around them (on SQLite the
    #: same as `uow`): for the deliverers' records of sends, where every statement stands alone
    uow_at_once: UnitOfWorkFactory | None = None
    #: the deliverers built in this process, each woken when a unit of work commits notices
    deliverers: list[DeliveryEngine] = field(default_factory=list)

    def _woken_by_notices(self, engine: DeliveryEngine) -> DeliveryEngine:
        self.deliverers.append(engine)
        return engine

    def lease(self, name: str) -> DatabaseLease:
        return DatabaseLease(self.engine, name)

    # --- the schedule -------------------------------------------------------------------------------------

    def schedule(self) -> Schedule:
        """The deployment's schedule; it runs in whichever process holds the scheduler's lease."""
        s = self.settings
        rules = ReminderRules(s.reminder_leads(), timedelta(days=s.nudge_after_days),
                              timedelta(hours=s.vote_reminder_hours))
        return Schedule(self.uow, self.clock, self.lease(SCHEDULER_LEASE),
                        ScheduleSettings(rules, s.schedule_sync_seconds, standby_seconds=s.schedule_standby_seconds),
                        started_late=self.metrics.job_started)

    # --- the console ------------------------------------------------------------------------------------

    def console_chat(self, persona: str | None, before_notices: Callable[[], Awaitable[object]] | None = None
                     ) -> ConsoleChat:
        """The console chat, keeping its state in the data folder; `before_notices` runs before notices are shown
        (the schedule catching up, when the console schedules)."""
        from bots.console.chat import ConsoleChat

        return ConsoleChat(self.conversation, self.settings.data_dir, persona=persona, before_notices=before_notices,
                           digest=self.console_digest)

    def console_digest(self, view: DigestView, language: str) -> list[str]:
        """A digest as the console chat shows it."""
        return render_digest(self.templates, view, "console", language, Links.console())

    # --- Telegram -----------------------------------------------------------------------------------------

    def telegram_limits(self) -> Limits:
        s = self.settings
        return Limits(s.telegram_per_second, s.telegram_per_chat_per_second, s.telegram_per_group_per_minute)

    def delivery_settings(self) -> EngineSettings:
        return EngineSettings(idle_seconds=self.settings.telegram_poll_seconds,
                              max_tries=self.settings.delivery_max_tries)

    def telegram_deliverer(self, bot: Bot, limits: Limits | None = None) -> DeliveryEngine:
        """The engine that sends the bot's notices (one process at a time: the bot's lease)."""
        from bots.telegram.channel import TelegramChannel

        channel = TelegramChannel(bot, self.uow, self.codec, self.clock, self.templates,
                                  limits or self.telegram_limits(), self.surfaces.shared_url or "")
        return self._woken_by_notices(DeliveryEngine(
            self.uow, self.counted(channel), self.clock, self.lease(telegram_delivery_lease(self._token())),
            self.delivery_settings(), at_once=self.uow_at_once))

    def telegram_adapter(self, limits: Limits | None = None, poll_timeout: int = 20) -> TelegramAdapter:
        """The bot: its application with the update handler, its deliverer, and the long polling that feeds it."""
        from bots.telegram.app import TelegramAdapter, inbox_source, telegram_application, ALLOWED_UPDATES
        from bots.telegram.polling import Polling
        from bots.telegram.updates import UpdateHandler

        token = self._token()
        application = telegram_application(token, self.settings.telegram_api_url,
                                           connections=self.delivery_settings().workers + 8)
        delivery = self.telegram_deliverer(application.bot, limits)
        UpdateHandler(self.conversation, self.codec, self.uow, self.surfaces.shared_url or "",
                      observe=self.metrics.update_handled).install(application)
        polling = Polling(application, self.uow, self.clock, inbox_source(token), ALLOWED_UPDATES, poll_timeout)
        return TelegramAdapter(application, delivery, polling)

    def _token(self) -> str:
        assert self.settings.telegram_token is not None, "Telegram is not configured"
        return self.settings.telegram_token.get_secret_value()

    # --- Discord ------------------------------------------------------------------------------------------

    def discord_limits(self) -> Limits:
        from bots.discord.limits import discord_limits

        return discord_limits(self.settings.discord_per_second)

    def discord_client(self, ready_after: float = 2.0) -> DreambankClient:
        """discord.py's client, pointed at the configured API and gateway (not yet logged in); it is ready
        `ready_after` seconds after the last server it is in was announced."""
        from bots.discord.app import DreambankClient, point_at
        from core.i18n import LANGUAGES

        point_at(self.settings.discord_api_url, self.settings.discord_gateway_url)
        return DreambankClient(languages=LANGUAGES, guild_ready_timeout=ready_after)

    def discord_deliverer(self, client: DreambankClient, limits: Limits | None = None) -> DeliveryEngine:
        """The engine that sends the Discord bot's notices (one process at a time: the bot's lease). Made before
        the client logs in, so that the channel's guard sees every request the client makes."""
        from bots.discord.channel import DiscordChannel

        channel = DiscordChannel(client, self.uow, self.codec, self.clock, self.templates,
                                 limits or self.discord_limits(), self.discord_links())
        return self._woken_by_notices(DeliveryEngine(
            self.uow, self.counted(channel), self.clock, self.lease(discord_delivery_lease(self.discord_token())),
            self.delivery_settings(), at_once=self.uow_at_once))

    def discord_adapter(self, limits: Limits | None = None, deliver: bool = True,
                        ready_after: float = 2.0) -> DiscordAdapter:
        """The bot: its client with the interaction handler, and (unless `deliver` is false) its deliverer."""
        from bots.discord.app import DiscordAdapter
        from bots.discord.direct_messages import DirectMessageHandler
        from bots.discord.discussions import DiscussionHandler
        from bots.discord.interactions import InteractionHandler

        client = self.discord_client(ready_after)
        delivery = self.discord_deliverer(client, limits) if deliver else None
        observe = self.metrics.update_handled
        client.handler = InteractionHandler(self.conversation, self.codec, links=self.discord_links(), observe=observe)
        client.direct = DirectMessageHandler(self.conversation, self.discord_links(), observe=observe)
        client.discussions = DiscussionHandler(self.conversation, client, self.discord_links(), observe=observe)
        return DiscordAdapter(client, self.discord_token(), self.settings.discord_api_url, delivery)

    def discord_links(self) -> Links:
        """What Discord links to: the portal's pages, when the deployment has a public address (no link opens a
        bot there)."""
        return Links(public_url=self.surfaces.shared_url)

    def discord_token(self) -> str:
        """The Discord bot's token (only asked for when one is configured)."""
        if self.settings.discord_token is None:
            raise LookupError("Discord is not configured: DREAMBANK_DISCORD_TOKEN is not set")
        return self.settings.discord_token.get_secret_value()

    # --- email --------------------------------------------------------------------------------------------

    def email_channel(self) -> EmailChannel:
        from bots.email.channel import EmailChannel
        from bots.email.tokens import UnsubscribeTokens

        s = self.settings
        assert s.smtp_url is not None, "email is not configured"
        return EmailChannel(self.clock, self.templates, self.surfaces, UnsubscribeTokens(s.resolved_secret()),
                            s.smtp_url.get_secret_value(), s.mail_from, s.mail_per_second)

    def email_deliverer(self, channel: EmailChannel) -> DeliveryEngine:
        """The engine that sends the deployment's mail (one process at a time)."""
        return self._woken_by_notices(DeliveryEngine(
            self.uow, self.counted(channel), self.clock, self.lease(EMAIL_LEASE),
            replace(self.delivery_settings(), workers=4), at_once=self.uow_at_once))

    def counted(self, channel: Channel) -> CountedChannel:
        """The channel with each send's outcome counted in the metrics."""
        return CountedChannel(channel, self.metrics.send_tried)

    # --- the web ------------------------------------------------------------------------------------------

    async def not_ready(self) -> str | None:
        """Why this process cannot serve now (the database), or None."""
        return await not_ready(self.engine)

    def operations_routes(self) -> list[Sequence[BaseRoute]]:
        """/readyz and /metrics, for load balancers and Prometheus (/healthz is in every web app)."""
        from web import health
        from web import metrics

        token = self.settings.metrics_token
        return [health.readiness(self.not_ready),
                metrics.routes(self.metrics.exposition, CONTENT_TYPE, token.get_secret_value() if token else None)]

    def operations_app(self) -> Starlette:
        """Only /healthz, /readyz and /metrics: what a process without the web app serves on
        DREAMBANK_METRICS_LISTEN."""
        from web.app import web_app

        return web_app(*self.operations_routes())

    def web_routes(self, telegram: TelegramAdapter | None = None) -> Sequence[Sequence[BaseRoute]]:
        """The route tables this deployment serves: readiness and metrics, Telegram's webhook (given its
        adapter), the unsubscribe pages when mail is set up, and the public portal with its feeds always. A new
        surface's pages are a new table here."""
        from bots.email.tokens import UnsubscribeTokens
        from web import feeds, portal
        from web import telegram as telegram_webhook
        from web import unsubscribe

        s = self.settings
        tables: list[Sequence[BaseRoute]] = [*self.operations_routes(), feeds.routes(self.uow, self.clock,
                                                                                     public_url(s))]
        if telegram is not None and s.telegram_webhook_url is not None:
            path = urlsplit(s.telegram_webhook_url).path or "/"
            tables.append(telegram_webhook.routes(path, s.webhook_secret(), telegram.receive))
        if s.smtp_url is not None:
            tables.append(unsubscribe.routes(self.uow, UnsubscribeTokens(s.resolved_secret()), self.templates))
        bot = Links.telegram(s.telegram_username) if s.telegram_username else None
        tables.append(portal.routes(self.uow, self.clock, self.templates, conversation=self.conversation,
                                    codec=self.codec, secret=s.resolved_secret(), public_url=public_url(s),
                                    mail=s.smtp_url is not None, bot=bot))  # last: its /{branch}/ matches widely
        return tables

    def web_app(self, telegram: TelegramAdapter | None = None) -> Starlette:
        from web.app import web_app

        return web_app(*self.web_routes(telegram))

    async def close(self) -> None:
        await self.engine.dispose()


def freeze_startup_objects() -> None:
    """What start-up built lives as long as the process: collected once now and kept out of later collections.

    A full collection over it takes about 100 ms; one falling among paced sends holds them back, and they
    leave in a bunch that goes over the platform's limit. Called once everything is built, before sending.
    """
    gc.collect()
    gc.freeze()


def telegram_delivery_lease(token: str) -> str:
    """One lease per bot (named by its id, the part of the token that is no secret), however many processes."""
    return f"telegram-delivery:{token.split(':', 1)[0]}"


def discord_delivery_lease(token: str) -> str:
    """One lease per Discord bot, however many processes: named by its application's id, which the token's
    first part is (base64), or else by a hash of the token, never the token itself."""
    first = token.split(".", 1)[0]
    try:
        bot_id = base64.urlsafe_b64decode(first + "=" * (-len(first) % 4)).decode("ascii")
    except (ValueError, UnicodeDecodeError):
        bot_id = ""
    if not bot_id.isdigit():
        bot_id = hashlib.sha256(token.encode()).hexdigest()[:16]
    return f"discord-delivery:{bot_id}"


def public_url(s: Settings) -> str:
    """The portal's address, where every link the platform sends points: the configured public URL, else the
    webhook's origin, else the listen address."""
    if s.public_url:
        return s.public_url.rstrip("/")
    if s.telegram_webhook_url:
        parts = urlsplit(s.telegram_webhook_url)
        return f"{parts.scheme}://{parts.netloc}"
    host, port = s.listen_address()
    return f"http://{host}:{port}"


def is_local(s: Settings) -> bool:
    """Whether `public_url` is only the listen address (no public URL, no webhook): links given to others, which
    would lead nowhere from elsewhere, then open the bot instead."""
    return not (s.public_url or s.telegram_webhook_url)


async def build(settings: Settings, clock: Clock | None = None, migrate: bool = True) -> App:
    configure_logging(settings)
    url = settings.resolved_database_url()
    if migrate:
        await upgrade(url)
    engine = make_engine(url, pool=settings.database_pool)
    sessions = session_factory(engine)
    clock = clock or SystemClock()
    codec = ButtonCodec(settings.resolved_secret())

    deliverers: list[DeliveryEngine] = []

    def notices_written() -> None:
        for deliverer in deliverers:
            deliverer.wake()

    def uow_factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(sessions, notices_written)

    sessions_at_once = session_factory(without_transactions(engine))

    def uow_at_once() -> SqlUnitOfWork:
        return SqlUnitOfWork(sessions_at_once)

    conversation = Conversation(uow_factory, clock, codec, settings.default_branch,
                                mail=settings.smtp_url is not None, web_url=public_url(settings),
                                operators=frozenset(Identity(p, i) for p, i in settings.operator_identities()))
    templates = template_environment(DIGEST_TEMPLATES, WEB_TEMPLATES)
    surfaces = Surfaces(settings.telegram_username, public_url(settings), local=is_local(settings))
    metrics = Metrics(lambda: pending_notices(engine, PLATFORMS))
    return App(settings, engine, clock, codec, conversation, uow_factory, templates, surfaces, metrics, uow_at_once,
               deliverers)
