"""Annotator identities: names are the identity (unique), ids are internal."""

from __future__ import annotations

import getpass
import unicodedata

from sqlmodel import Session, select

from desktop.core.models import Annotator
from desktop.core.upsert import insert_or_ignore


def default_annotator_name() -> str:
    try:
        return getpass.getuser() or "analyst"
    except Exception:  # no login name in some containers
        return "analyst"


def check_name(name: str) -> str:
    norm = " ".join((name or "").split())
    if not norm:
        raise ValueError("annotator name is empty")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in norm):
        raise ValueError("annotator name contains control or invisible formatting characters")
    if len(norm) > 80:
        raise ValueError("annotator name is longer than 80 characters")
    return norm


def get_or_create(session: Session, name: str) -> Annotator:
    name = check_name(name)
    found = session.exec(select(Annotator).where(Annotator.name == name)).first()
    if found:
        return found
    # another process may be adding the same name right now: same person, one row
    insert_or_ignore(session, Annotator, {"name": name}, ["name"])
    return session.exec(select(Annotator).where(Annotator.name == name)).one()
