"""Branches and their linked chats, in memory."""

from __future__ import annotations

import copy
from dataclasses import replace

from core.model.branches import Branch, ChatLink, ChatPurpose

from .store import Store, kept, save_over


class FakeBranches:
    def __init__(self, s: Store) -> None:
        self.s = s

    async def add(self, branch: Branch) -> Branch:
        added = replace(branch, id=self.s.new_id())  # as storage: a copy with its id, the one given untouched
        self.s.branches[added.id] = kept(added)
        return added

    async def get(self, branch_id: int) -> Branch | None:
        return copy.deepcopy(self.s.branches.get(branch_id))

    async def by_slug(self, slug: str) -> Branch | None:
        return next((copy.deepcopy(b) for b in self.s.branches.values() if b.slug == slug), None)

    async def all(self) -> list[Branch]:
        return [copy.deepcopy(b) for b in self.s.branches.values()]

    async def save(self, branch: Branch) -> None:
        save_over(self.s.branches, branch)

    async def link(self, link: ChatLink) -> None:
        await self.unlink(link.branch_id, link.purpose, link.platform)
        self.s.links.append(kept(link))

    async def unlink(self, branch_id: int, purpose: ChatPurpose, platform: str) -> None:
        self.s.links = [x for x in self.s.links if (x.branch_id, x.purpose, x.platform) != (branch_id, purpose, platform)]

    async def links(self, branch_id: int) -> list[ChatLink]:
        return [x for x in self.s.links if x.branch_id == branch_id]

    async def linked_chat(self, platform: str, chat_id: str) -> ChatLink | None:
        return next((x for x in self.s.links if (x.platform, x.chat_id) == (platform, chat_id)), None)
