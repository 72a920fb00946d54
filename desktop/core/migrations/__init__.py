"""Alembic migrations, run on open by core/store.py (no alembic.ini needed)."""
