"""Property-based checks of the API against its own OpenAPI schema (schemathesis).

For every operation of /api/schema/, schemathesis generates requests (valid and invalid
parameters, unknown identifiers) and checks each answer: never a server error, a documented
status code and content type, headers and a body that match the schema.
"""

import json

import pytest
import schemathesis
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

from ogp.wsgi import application
from tests.api.data import build_dataset

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


@pytest.fixture(autouse=True)
def dataset(db, settings):
    settings.API_THROTTLE_RATE = ""  # hundreds of requests from one client
    return build_dataset()


def test_the_served_schema_is_the_tested_one(client):
    response = client.get("/api/schema/", headers={"accept": "application/vnd.oai.openapi+json"})
    served = json.loads(response.content)
    tested = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True)))
    assert served["paths"] == tested["paths"]
    assert served["openapi"].startswith("3.")


@schema.parametrize()
@hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(checks=CHECKS)
