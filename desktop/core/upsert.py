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


def insert_or_ignore(
    session: Session, model: type[SQLModel], values: dict[str, Any], conflict: list[str]
) -> int | None:
    """The new row's id, or None when a row with the same `conflict` columns exists."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=conflict)
        .returning(model.id)
    )
    return session.execute(stmt).scalar()
