"""One-time sign-in links and web sessions, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime

from core.model.members import Member
from core.model.sign_in import SignInLink, WebSession

from .store import Store, kept, utc


class FakeSignIn:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def put_link(self, link: SignInLink) -> None:
        self.s.sign_in_links[link.token_hash] = kept(replace(link, id=self.s.new_id()))

    async def link(self, token_hash: str) -> SignInLink | None:
        return self.s.sign_in_links.get(token_hash)

    async def use_link(self, token_hash: str, at: datetime) -> bool:
        found = self.s.sign_in_links.get(token_hash)
        if found is None or found.used_at is not None:
            return False
        self.s.sign_in_links[token_hash] = replace(found, used_at=utc(at))
        return True

    async def last_mailed(self, address: str) -> datetime | None:
        return max((link.created_at for link in self.s.sign_in_links.values()
                    if link.address is not None and link.address.lower() == address.lower()), default=None)

    async def members_with_email(self, address: str) -> list[Member]:
        ids = sorted(member_id for member_id, p in self.s.preferences.items()
                     if p.email is not None and p.email.lower() == address.lower())
        return [copy.deepcopy(self.s.members[i]) for i in ids if i in self.s.members]

    async def put_session(self, session: WebSession) -> None:
        self.s.web_sessions[session.session_hash] = kept(replace(session, id=self.s.new_id()))

    async def web_session(self, session_hash: str) -> WebSession | None:
        return self.s.web_sessions.get(session_hash)

    async def end_session(self, session_hash: str, at: datetime) -> None:
        if session_hash in self.s.web_sessions:
            self.s.web_sessions[session_hash] = replace(self.s.web_sessions[session_hash], ended_at=utc(at))
