"""The base of every table and the kinds of column they are made of."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from ..types import JSON_DOCUMENT, UTCDateTime

#: constraint and index names follow from these, so migrations name them the same on every database
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class TableModel(SQLModel, registry=registry(metadata=sa.MetaData(naming_convention=NAMING_CONVENTION))):
    """The base of every table, with its own metadata (and so its own naming convention)."""


metadata = TableModel.metadata


def primary_key() -> Any:
    return Field(default=None, primary_key=True)


def reference(target: str, ondelete: str = "CASCADE", *, nullable: bool = False, index: bool = True) -> Any:
    return Field(default=None if nullable else ..., foreign_key=target, ondelete=ondelete, nullable=nullable,
                 index=index)


def moment(*, nullable: bool = False) -> Any:
    return Field(default=None if nullable else ..., sa_type=UTCDateTime, nullable=nullable)


def long_text(default: str | None = "", *, nullable: bool = False) -> Any:
    return Field(default=default, sa_type=sa.Text, nullable=nullable)


def short_text(size: int = 32, *, nullable: bool = False, default: Any = ...) -> Any:
    return Field(default=default, sa_type=sa.String(size), nullable=nullable)


def integer(default: int) -> Any:
    """An integer with a server default, so rows written before the column existed get the same value."""
    return Field(default=default, nullable=False, sa_column_kwargs={"server_default": sa.text(str(default))})


def flag(default: bool = False) -> Any:
    return Field(default=default, nullable=False,
                 sa_column_kwargs={"server_default": sa.true() if default else sa.false()})


def document() -> Any:
    return Field(default_factory=dict, sa_type=JSON_DOCUMENT, nullable=False)
