"""What goes out and comes in: the outbox, broadcasts, the channels' posts, platform updates handled once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from ..model.arrivals import Arrival
from ..model.members import Identity
from ..model.notices import Broadcast, Delivery, Notice, Progress
from ..model.preferences import MailTopic


class Outbox(Protocol):
    async def put(self, notice: Notice) -> None: ...
    async def put_many(self, notices: Sequence[Notice]) -> None:
        """Stage many notices at once, in a statement or a few however many there are; their ids are not set."""
        ...
    async def pending_for(self, member_id: int, limit: int = 50) -> Sequence[Notice]: ...
    async def pending_on(self, platform: str, limit: int = 100) -> Sequence[Delivery]:
        """Pending notices with a reachable chat on the platform, oldest first."""
        ...
    async def mark_sent(self, notice_id: int, channel: str, at: datetime, message_id: str | None = None) -> None: ...
    async def mark_failed(self, notice_id: int, channel: str, at: datetime, reason: str) -> None: ...
    async def mark_all_sent(self, sent: Sequence[tuple[int, datetime, str | None]], channel: str) -> None:
        """Many (notice id, sent at, message id) at once: one statement, for a fast deliverer."""
        ...
    async def supersede(self, notice_ids: Sequence[int], at: datetime) -> None:
        """Older states of a post that a newer notice replaces before they were sent."""
        ...

    async def drop_mail(self, member_id: int, at: datetime, address: str | None = None) -> None:
        """Mails waiting for the member (to `address`, or to any) are not sent after all: the address is forgotten.

        A notice that is sent, failed or dropped keeps what an audit needs (who, what kind, when, the outcome),
        never its address or a secret it carried (SECRET_KINDS)."""
        ...

    async def claim(self, platform: str, limit: int, now: datetime) -> Sequence[Delivery]:
        """Take due pending notices for sending (status 'sending'), skipping rows another process holds."""
        ...

    async def in_flight(self, platform: str) -> Sequence[Delivery]:
        """Notices claimed for sending whose outcome was never recorded (the sender stopped); those whose send had
        begun carry `started_at`."""
        ...

    async def mark_started(self, notice_ids: Sequence[int], at: datetime) -> None:
        """These notices' sends begin now: committed before their requests go out, in one statement."""
        ...

    async def release(self, notice_ids: Sequence[int]) -> None:
        """Claimed and never begun: back to pending as they were, the claim's try not counted."""
        ...

    async def retry_at(self, notice_id: int, when: datetime, reason: str) -> None:
        """Back to pending, to be tried again at `when`."""
        ...


class Broadcasts(Protocol):
    """A notice for everyone in an audience, written for each of them, and how far its sending got."""

    async def add(self, broadcast: Broadcast, by_email: MailTopic | None = None) -> Broadcast:
        """Store the broadcast and write one notice per recipient, inside the database.

        With `by_email`, recipients who want that topic by email (a confirmed address and the choice
        made) also get an email copy: a notice `via` "email" to their `address`. `total` counts both.

        The first chunk of recipients (by member id) is written in the caller's transaction; a bigger audience's
        other chunks are written by `fan_out_more`, each in a transaction of its own. The notices are then the
        outbox's to deliver, like any other.
        """
        ...

    async def fan_out_more(self) -> int:
        """Write the next chunk of one broadcast whose notices are not all written yet, and record how far it got,
        in the caller's transaction: a chunk is written whole or not at all, so no recipient gets two. How many
        notices were written (0: no broadcast has any left)."""
        ...

    async def recent(self, limit: int = 20) -> Sequence[Broadcast]:
        """The latest broadcasts, newest first."""
        ...

    async def progress(self, broadcast_id: int, platform: str | None = None) -> Progress:
        """The broadcast's notices by outcome: all of them, or those going out on one platform."""
        ...
    async def reach(self, broadcast_id: int) -> dict[str | None, int]:
        """How many of the broadcast's notices go out on each platform (None: the member has no chat anywhere)."""
        ...


class Posts(Protocol):
    """Which message shows a topic in a chat, so that it can be edited when the topic changes."""

    async def find(self, platform: str, chat_id: str, topic: str) -> str | None: ...
    async def remember(self, platform: str, chat_id: str, topic: str, message_id: str) -> None: ...
    async def topic_of(self, platform: str, chat_id: str, message_id: str) -> str | None:
        """The topic the chat's message shows ("dream:12"), or None when it is no post of ours."""
        ...


class Inbox(Protocol):
    async def first_time(self, key: str, at: datetime) -> bool:
        """Remember a platform's update; False when it was handled already (delivered twice)."""
        ...

    async def arrival(self, key: str, at: datetime, identity: Identity) -> Arrival:
        """Remember a platform's update as `first_time` does and read who sent it, with their branch and the dialog
        they are in, together (most updates need all three): not new when it was handled already, and then nothing
        else is read."""
        ...

    async def forget_before(self, before: datetime, batch: int) -> int:
        """Forget up to `batch` of the updates remembered before `before`, the oldest first; how many."""
        ...


class InboundUpdates(Protocol):
    """Updates received from a platform, kept until handled, so that one received is never lost to a stop.

    `source` names where they come from ("telegram:123456", one bot); update ids are the platform's.
    """

    async def keep(self, source: str, updates: Sequence[tuple[int, dict[str, Any]]], at: datetime) -> None:
        """Store each (update id, payload) not stored already; one stored twice is kept once."""
        ...

    async def unhandled(self, source: str, limit: int = 100) -> Sequence[tuple[int, dict[str, Any]]]:
        """Stored updates not yet handled, lowest update id first."""
        ...

    async def mark_handled(self, source: str, update_id: int, at: datetime) -> None: ...

    async def forget_handled(self, source: str, before: datetime) -> int:
        """Delete updates handled before `before`; how many."""
        ...
