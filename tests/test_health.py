from unittest import mock

import pytest


@pytest.mark.django_db
def test_healthz_checks_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_a_failing_database(client):
    with mock.patch("ogp.health._check_database", side_effect=OSError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failing"


@pytest.mark.django_db
def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_healthz_stays_up_when_only_the_cache_fails(client):
    with mock.patch("ogp.health._check_cache", side_effect=ConnectionError("redis gone")):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "failing"},
    }


@pytest.mark.django_db
def test_an_unreachable_database_answers_503_with_retry_after(client):
    from django import db

    client.raise_request_exception = False
    with mock.patch(
        "members.views.directory_queryset", side_effect=db.OperationalError("server closed")
    ):
        response = client.get("/members/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"Temporarily unavailable" in response.content
    assert b"server closed" not in response.content


@pytest.mark.django_db
def test_other_errors_answer_a_plain_500_without_a_traceback(client):
    client.raise_request_exception = False
    with mock.patch("members.views.directory_queryset", side_effect=ValueError("secret detail")):
        response = client.get("/members/")
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"secret detail" not in response.content
    assert b"Traceback" not in response.content
