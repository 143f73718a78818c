"""Integration tests: storage on real databases, SQLite and PostgreSQL."""
