"""API fixtures: the real app over the parametrised database, one cookie jar per reader."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from kibitz.config import Settings
from kibitz.moderation import Moderator
from kibitz.sites import service as sites_service
from kibitz.web.app import create_app
from tests.api.helpers import SITE, SITE_ORIGIN, ClientFactory, make_site


@pytest.fixture()
def client_factory(settings: Settings, moderator: Moderator) -> Iterator[ClientFactory]:
    """Clients for one app: each is its own reader (own cookie jar); pass settings overrides."""
    clients: list[TestClient] = []
    apps: dict[str, Any] = {}

    def make(**overrides: Any) -> TestClient:
        key = repr(sorted(overrides.items()))
        if key not in apps:
            app = create_app(settings.model_copy(update=overrides), moderator=moderator)
            if not apps:
                make_site(app.state.session_factory, SITE, SITE_ORIGIN)
                make_site(app.state.session_factory, sites_service.DEMO_SITE_KEY)
            apps[key] = app
        client = TestClient(apps[key])
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture()
def client(client_factory: ClientFactory) -> TestClient:
    return client_factory()
