"""Long polling that stores each update before Telegram is told it arrived, and handles it from the database.

Telegram drops an update once getUpdates is called with an offset above it. python-telegram-bot's own
Updater asks with the next offset while the updates it fetched are still waiting to be handled, so a
process stopped then (killed, crashed, power lost) loses them. Here the next offset is asked for only
after the updates are committed to the inbox; they are handled from there in update order, at start
too, and marked handled. A kill after the handling committed but before it was marked is safe: the
conversation remembers the updates it handled, so the second handling changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from core.clock import Clock
from core.ports import UnitOfWorkFactory

from .sending import seconds

log = logging.getLogger(__name__)

#: handled updates are kept this long, then forgotten (Telegram itself keeps an update for 24 hours)
KEEP_HANDLED = timedelta(days=1)
FORGET_EVERY = timedelta(hours=1)
BACKOFF_FIRST, BACKOFF_MAX = 1.0, 30.0
BATCH = 100


class Polling:
    """getUpdates → store in the inbox (one transaction) → next offset → handle what is stored."""

    def __init__(self, application: Application, db: UnitOfWorkFactory, clock: Clock, source: str,
                 allowed_updates: Sequence[str], timeout: int = 20) -> None:
        """`source` names this bot in the inbox ("telegram:<bot id>")."""
        self._application, self._db, self._clock = application, db, clock
        self._source, self._allowed, self._timeout = source, list(allowed_updates), timeout
        self._offset = 0
        self._forgotten_at: datetime | None = None

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop`: first what was stored and never handled, then polling."""
        backoff, fetch = 0.0, False
        while not stop.is_set():
            try:
                if fetch:
                    updates = await self._fetch(stop)
                    if updates is None:
                        break
                    if updates:
                        await self._keep(updates)
                        # asked with this next: only now may Telegram drop them
                        self._offset = max(u.update_id for u in updates) + 1
                fetch = True
                await self._handle_stored(stop)
                await self._forget_old()
            except InvalidToken:
                raise
            except RetryAfter as flood:
                await _pause(stop, seconds(flood.retry_after))
            except TimedOut:
                pass  # a long poll that outlived its read timeout: ask again at once
            except Conflict as conflict:
                backoff = _longer(backoff)
                log.warning("Telegram refused polling (%s); is another process polling this bot? Again in %.0f s",
                            conflict.message, backoff)
                await _pause(stop, backoff)
            except NetworkError as trouble:
                backoff = _longer(backoff)
                log.warning("could not get updates from Telegram (%s); again in %.0f s", trouble.message, backoff)
                await _pause(stop, backoff)
            except Exception:  # e.g. the database refused: what was not stored is not acknowledged either
                backoff = _longer(backoff)
                log.exception("could not store or handle updates; trying again in %.0f s", backoff)
                await _pause(stop, backoff)
            else:
                backoff = 0.0
        await self._acknowledge()

    async def _fetch(self, stop: asyncio.Event) -> tuple[Update, ...] | None:
        """The next updates, or None when `stop` came first (the long poll is then abandoned)."""
        polling = asyncio.ensure_future(self._application.bot.get_updates(
            offset=self._offset, timeout=self._timeout, allowed_updates=self._allowed))
        stopping = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        if not polling.done():
            polling.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await polling
            return None
        return polling.result()

    async def _keep(self, updates: Sequence[Update]) -> None:
        async with self._db() as uow:
            await uow.inbound.keep(self._source, [(u.update_id, u.to_dict()) for u in updates], self._clock.now())
            await uow.commit()

    async def _handle_stored(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            async with self._db() as uow:
                waiting = await uow.inbound.unhandled(self._source, BATCH)
            if not waiting:
                return
            for update_id, payload in waiting:
                if stop.is_set():
                    return  # the rest waits in the inbox for the next start
                await self._handle(update_id, payload)

    async def _handle(self, update_id: int, payload: dict) -> None:
        try:
            update = Update.de_json(payload, self._application.bot)
        except Exception:
            log.exception("stored update %s is not an update we can read; it is skipped", update_id)
        else:
            # the handlers' own errors go to the application's error handler; this only fails on its misuse
            await self._application.process_update(update)
        async with self._db() as uow:
            await uow.inbound.mark_handled(self._source, update_id, self._clock.now())
            await uow.commit()

    async def _forget_old(self) -> None:
        now = self._clock.now()
        if self._forgotten_at is not None and now - self._forgotten_at < FORGET_EVERY:
            return
        try:
            async with self._db() as uow:
                await uow.inbound.forget_handled(self._source, now - KEEP_HANDLED)
                await uow.commit()
        except Exception:  # only housekeeping: tried again later
            log.exception("could not forget handled updates")
            return
        self._forgotten_at = now

    async def _acknowledge(self) -> None:
        """Tell Telegram, without waiting, that what is stored arrived, so a restart is not handed it again."""
        if not self._offset:
            return
        try:
            await self._application.bot.get_updates(offset=self._offset, timeout=0, allowed_updates=self._allowed)
        except Exception as trouble:  # harmless: the updates come again and are recognised as stored
            log.info("could not acknowledge the last updates at stop: %s", trouble)


def _longer(backoff: float) -> float:
    return BACKOFF_FIRST if backoff == 0 else min(BACKOFF_MAX, backoff * 1.5)


async def _pause(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
