"""Alembic migrations, run programmatically by :mod:`storage.migrate` (no alembic.ini)."""
