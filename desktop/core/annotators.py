"""Annotator identities: names are the identity (unique), ids are internal."""

from __future__ import annotations

import getpass

from sqlmodel import Session, select

from desktop.core.models import Annotator


def default_annotator_name() -> str:
    try:
        return getpass.getuser() or "analyst"
    except Exception:  # no login name in some containers
        return "analyst"


def check_name(name: str) -> str:
    norm = " ".join((name or "").split())
    if not norm:
        raise ValueError("annotator name is empty")
    if len(norm) > 80:
        raise ValueError("annotator name is longer than 80 characters")
    return norm


def get_or_create(session: Session, name: str) -> Annotator:
    name = check_name(name)
    found = session.exec(select(Annotator).where(Annotator.name == name)).first()
    if found:
        return found
    annotator = Annotator(name=name)
    session.add(annotator)
    session.flush()
    return annotator
