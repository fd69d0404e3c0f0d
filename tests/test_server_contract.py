"""schemathesis against the published OpenAPI contract: no 5xx, every answer matches its schema and
content type. Generated requests go to every operation, with an API token (SQLite database)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks
from serverapp import PASSWORD, shared_adviseur

from samenwerkwijzer.engine.server import accounts
from samenwerkwijzer.engine.server.app import asgi
from samenwerkwijzer.engine.server.database import Database

_FOLDER = Path(tempfile.mkdtemp(prefix="sw-contract-"))
_DB = Database(f"sqlite:///{_FOLDER / 'sw.db'}")
_DB.upgrade()
with _DB.write() as _session:
    _user = accounts.add_user(_session, "Utrecht", "anna", "adviseur", PASSWORD)
    _TOKEN = accounts.new_token(_session, _user.id, "contract")[1]
APP = asgi(_DB, shared_adviseur())
schema = schemathesis.openapi.from_asgi("/openapi.json", APP).exclude(method="DELETE", path="/api/tokens/{token_id}")
schema.config.phases.coverage.enabled = False  # its hundreds of boundary cases take minutes; fuzzing stays
CHECKS = [checks.not_a_server_error, checks.response_schema_conformance, checks.content_type_conformance,
          checks.status_code_conformance]


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_keeps_its_contract(case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {_TOKEN}"}, checks=CHECKS)
