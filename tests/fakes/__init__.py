"""In-memory stand-ins for core's ports that keep what storage keeps, as storage keeps it; one module per feature."""

from .database import FakeDatabase, FakeUnitOfWork

__all__ = ["FakeDatabase", "FakeUnitOfWork"]
