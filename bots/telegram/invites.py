"""Links for asking to join a branch's closed group: made once on Telegram, then kept with the chat's link."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace

from telegram import Bot
from telegram.error import BadRequest, Forbidden

from core.chat.replies import Message
from core.model.branches import ChatLink, ChatPurpose
from core.ports import UnitOfWorkFactory

from .render import invites_of

log = logging.getLogger(__name__)
PLATFORM = "telegram"
LINK_NAME = "dreambank: pådrivere"  # Telegram allows 32 characters; only the group's admins see it
_PURPOSES = {"circle": ChatPurpose.CIRCLE}


async def _no_pause() -> None:
    return None


class Invites:
    """Turns a button's `invite` ("circle:3") into the URL of the chat's join-by-request link."""

    def __init__(self, db: UnitOfWorkFactory | None) -> None:
        self._db = db

    async def urls(self, bot: Bot, messages: Iterable[Message],
                   pace: Callable[[], Awaitable[None]] = _no_pause) -> dict[str, str]:
        """The URL for each invite the messages' buttons name; invites to no chat we can invite to are left out.

        Network trouble and 429s are raised; a refusal (no such chat, no right to invite) drops the invite.
        """
        urls = {}
        for invite in sorted(invites_of(list(messages))):
            url = await self.url(bot, invite, pace)
            if url:
                urls[invite] = url
        return urls

    async def url(self, bot: Bot, invite: str, pace: Callable[[], Awaitable[None]] = _no_pause) -> str | None:
        kind, _sep, branch = invite.partition(":")
        if self._db is None or kind not in _PURPOSES or not branch.isdigit():
            return None
        purpose, branch_id = _PURPOSES[kind], int(branch)
        link = await self._link(branch_id, purpose)
        if link is None:
            return None
        if link.invite_link:
            return link.invite_link
        try:
            await pace()
            made = await bot.create_chat_invite_link(link.chat_id, name=LINK_NAME, creates_join_request=True)
        except (BadRequest, Forbidden) as refused:
            log.warning("could not make an invite link for the %s chat of branch %s: %s", purpose.value, branch_id,
                        refused.message)
            return None
        return await self._keep(bot, link, made.invite_link, pace)

    async def _link(self, branch_id: int, purpose: ChatPurpose) -> ChatLink | None:
        assert self._db is not None
        async with self._db() as uow:
            links = await uow.branches.links(branch_id)
        return next((k for k in links if k.purpose is purpose and k.platform == PLATFORM), None)

    async def _keep(self, bot: Bot, made_for: ChatLink, url: str,
                    pace: Callable[[], Awaitable[None]]) -> str | None:
        """Keep the new link with the chat's link, unless another worker kept one first: then theirs is used."""
        assert self._db is not None
        async with self._db() as uow:
            links = await uow.branches.links(made_for.branch_id)
            current = next((k for k in links if k.purpose is made_for.purpose and k.platform == PLATFORM), None)
            if current is not None and current.chat_id == made_for.chat_id and not current.invite_link:
                await uow.branches.link(replace(current, invite_link=url))
                await uow.commit()
                return url
        try:  # another worker kept a link first, or the chat was unlinked meanwhile: ours is not needed
            await pace()
            await bot.revoke_chat_invite_link(made_for.chat_id, url)
        except (BadRequest, Forbidden) as refused:
            log.info("could not revoke a spare invite link: %s", refused.message)
        return (current.invite_link or None) if current is not None else None
