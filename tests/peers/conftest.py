"""The real Label Studio and doccano for the `peers` tests (make test-peers): installed in
their own virtualenvs and started on 127.0.0.1 by servers.py, or used as they run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import servers  # noqa: E402
from clients import Doccano  # noqa: E402


@pytest.fixture(scope="session")
def peers_root() -> Path:
    base = servers.root()
    base.mkdir(parents=True, exist_ok=True)
    return base


@pytest.fixture(scope="session")
def label_studio(peers_root):
    with servers.label_studio(peers_root) as client:
        yield client


@pytest.fixture(scope="session")
def doccano(peers_root):
    with servers.doccano(peers_root) as admin:
        yield admin


@pytest.fixture(scope="session")
def doccano_logins(doccano) -> dict[str, Doccano]:
    return {who: Doccano(doccano.url, user=who, password=servers.PASSWORD)
            for who in servers.ANNOTATORS}  # fmt: skip
