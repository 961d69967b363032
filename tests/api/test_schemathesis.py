"""Property-based checks of the API against its own OpenAPI schema (schemathesis).

For every operation of /api/schema/, schemathesis generates requests (valid and invalid
parameters, unknown identifiers) and checks each answer: never a server error, a documented
status code and content type, headers and a body that match the schema. The data is the demo
set (`demo.load_demo`, as `manage.py load_demo` loads it) at a small scale.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from demo.loader import load_demo
from ogp.wsgi import application

DEMO_SCALE = 0.03
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def load_schema():
    """The schema that /api/schema/ serves (generated here: it needs no database)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = application  # requests go straight to the WSGI application
    return loaded


schema = load_schema()


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data (Seoul as the seed page shows it and a small synthetic sample), loaded
    once for the module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            load_demo(scale=DEMO_SCALE, log=lambda message: None)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def dataset(demo_data, db, settings):
    settings.API_THROTTLE_RATE = ""  # hundreds of requests from one client
    # Requests go to the WSGI application itself, which would close the connection (and lose
    # the test transaction) at the end of each request: keep it open, as Django's test client
    # does for its own requests (and reconnects after them, hence per test).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_served_schema_is_the_tested_one(client):
    response = client.get("/api/schema/", headers={"accept": "application/vnd.oai.openapi+json"})
    served = json.loads(response.content)
    tested = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
    assert served["paths"] == tested["paths"]
    assert served["openapi"].startswith("3.")


@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(checks=CHECKS)
