"""Alembic migrations for the storage tables (a package, so they install with storage)."""
