"""Storage: core's ports on SQLModel and SQLAlchemy's asyncio engine, for SQLite and PostgreSQL."""

from .database import make_engine, session_factory
from .unit_of_work import SqlUnitOfWork

__all__ = ["SqlUnitOfWork", "make_engine", "session_factory"]
