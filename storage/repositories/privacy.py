"""What is stored about one person: every row that refers to them, read whole or forgotten.

The tables are found from the schema itself (every foreign key to a member), so a table added later is read and
forgotten without this module knowing its name.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from core.model.privacy import values_in, without_value

from ..tables import metadata
from .base import Repository

MEMBERS = "members"
#: the tables whose rows are only about the person they refer to: deleted when the person is erased
PERSONAL = ("identities", "link_codes", "dialogs", "notices", "sign_in_links", "web_sessions", "member_preferences",
            "followers", "role_grants", "padriver_competences", "padrivere", "consultant_topics",
            "topic_supporters", "mutes", "interests")
#: the member's own columns that describe them, emptied when they are erased (the row stays, nameless)
PROFILE = {"display_name": "", "language": None, "joined_at": None, "notify_on": None}


class SqlPrivacy(Repository):
    async def records(self, member_id: int) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for table, columns in _referring_tables():
            rows = await self._rows(table, sa.or_(*(c == member_id for c in columns)))
            if rows:
                found[table.name] = rows
        members = metadata.tables[MEMBERS]
        found[MEMBERS] = await self._rows(members, members.c.id == member_id)
        dreams, pictures = metadata.tables["dreams"], metadata.tables["pictures"]
        owned = sa.select(dreams.c.id).where(dreams.c.owner_id == member_id)
        if rows := await self._rows(pictures, pictures.c.dream_id.in_(owned)):
            found[pictures.name] = rows
        identities = [(r["platform"], r["external_id"]) for r in found.get("identities", [])]
        if rows := await self._wrong_codes(identities):
            found["wrong_link_codes"] = rows
        if rows := [_jsonable(r) for r in await self._inbound_updates(identities)]:
            found["inbound_updates"] = rows
        return found

    async def forget(self, member_id: int, at: datetime) -> None:
        members = metadata.tables[MEMBERS]
        row = (await self.session.execute(sa.select(members).where(members.c.id == member_id))).mappings().first()
        if row is None:
            return
        identity_table = metadata.tables["identities"]
        identities = [(i.platform, i.external_id) for i in (await self.session.execute(
            sa.select(identity_table).where(identity_table.c.member_id == member_id))).all()]
        for update in await self._inbound_updates(identities):
            inbound = metadata.tables["inbound_updates"]
            await self.session.execute(sa.delete(inbound).where(inbound.c.id == update["id"]))
        wrong = metadata.tables["wrong_link_codes"]
        if identities:
            written = [f"{p}:{e}" for p, e in identities]
            await self.session.execute(sa.delete(wrong).where(wrong.c.identity.in_(written)))
        await self._forget_inquiries(member_id)
        for name in PERSONAL:
            table = metadata.tables[name]
            await self.session.execute(sa.delete(table).where(table.c.member_id == member_id))
        await self._take_out_of_documents(row["display_name"])
        await self.session.execute(sa.update(members).where(members.c.id == member_id)
                                   .values(**PROFILE, erased_at=at))

    async def _forget_inquiries(self, member_id: int) -> None:
        """What the person asked the municipality, and what they wrote in any inquiry's thread, goes."""
        inquiries, entries = metadata.tables["inquiries"], metadata.tables["inquiry_entries"]
        asked = sa.select(inquiries.c.id).where(inquiries.c.asker_id == member_id)
        await self.session.execute(sa.delete(entries).where(sa.or_(entries.c.inquiry_id.in_(asked),
                                                                   entries.c.author_id == member_id)))
        await self.session.execute(sa.delete(inquiries).where(inquiries.c.asker_id == member_id))

    async def _rows(self, table: sa.Table, where: Any) -> list[dict[str, Any]]:
        ordered = sa.select(table).where(where).order_by(*table.primary_key.columns)
        return [_jsonable(r) for r in (await self.session.execute(ordered)).mappings().all()]

    async def _wrong_codes(self, identities: list[tuple[str, str]]) -> list[dict[str, Any]]:
        if not identities:
            return []
        wrong = metadata.tables["wrong_link_codes"]
        return await self._rows(wrong, wrong.c.identity.in_([f"{p}:{e}" for p, e in identities]))

    async def _inbound_updates(self, identities: list[tuple[str, str]]) -> list[dict[str, Any]]:
        """The kept platform updates in which one of the identities appears as a value (a sender's or chat's id)."""
        inbound = metadata.tables["inbound_updates"]
        found = []
        for _platform, external_id in identities:
            candidates = (await self.session.execute(sa.select(inbound).where(
                sa.cast(inbound.c.payload, sa.Text).like(f"%{_like(external_id)}%", escape="\\")))).mappings().all()
            found += [dict(r) for r in candidates if external_id in set(values_in(r["payload"]))]
        return list({r["id"]: r for r in found}.values())

    async def _take_out_of_documents(self, name: str) -> None:
        """A value that is exactly the person's name, in any JSON column of any table, is emptied."""
        if not name:
            return
        patterns = {f"%{_like(name)}%", f"%{_like(json.dumps(name)[1:-1])}%"}
        for table in metadata.sorted_tables:
            keys = list(table.primary_key.columns)
            for column in (c for c in table.columns if isinstance(c.type, sa.JSON)):
                text = sa.cast(column, sa.Text)
                rows = (await self.session.execute(sa.select(*keys, column).where(
                    sa.or_(*(text.like(p, escape="\\") for p in patterns))))).all()
                for found in rows:
                    cleaned = without_value(found[-1], name)
                    if cleaned != found[-1]:
                        await self.session.execute(sa.update(table).where(
                            *(k == v for k, v in zip(keys, found[:-1]))).values({column.name: cleaned}))


def _referring_tables() -> Iterable[tuple[sa.Table, list[sa.Column[Any]]]]:
    """Each table with a column that refers to a member, and those columns."""
    for table in metadata.sorted_tables:
        columns = [fk.parent for fk in table.foreign_keys if fk.column.table.name == MEMBERS]
        if columns:
            yield table, columns


def _jsonable(row: Any) -> dict[str, Any]:
    return {key: _value(value) for key, value in dict(row).items() if not key.endswith("_hash")}


def _value(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return base64.b64encode(bytes(value)).decode()
    return value


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
