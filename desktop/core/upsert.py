"""INSERT ... ON CONFLICT DO NOTHING for the rows two people may create at the same moment
(the same new annotator name, the same claim span). On PostgreSQL under READ COMMITTED a
check-then-insert lets both pass the check, and the loser saw "duplicate key value violates
unique constraint"; these are the same person and the same claim, so the second insert
simply finds the first one's row."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel


def insert_for(dialect: str, model: type[SQLModel]):
    """An INSERT on ``model`` that takes ON CONFLICT clauses, for the dialect (SQLite or
    PostgreSQL) of the session it will run on: ``session.get_bind().dialect.name``."""
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(model)


def insert_or_ignore(
    session: Session, model: type[SQLModel], values: dict[str, Any], conflict: list[str]
) -> int | None:
    """The new row's id, or None when a row with the same `conflict` columns exists."""
    stmt = (
        insert_for(session.get_bind().dialect.name, model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=conflict)
        .returning(model.id)
    )
    return session.execute(stmt).scalar()


def insert_many_or_ignore(
    session: Session, model: type[SQLModel], rows: list[dict[str, Any]], conflict: list[str]
) -> None:
    """Insert ``rows`` in one statement (keep them under SQLite's bound-parameter limit),
    skipping those whose ``conflict`` columns match a row already there."""
    insert = insert_for(session.get_bind().dialect.name, model)
    session.execute(insert.values(rows).on_conflict_do_nothing(index_elements=conflict))
