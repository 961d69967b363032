from pathlib import Path

import pytest
from django.contrib.staticfiles import finders


@pytest.mark.django_db
def test_home_page_answers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"<main" in response.content


def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
    # The test client serves no static files: the icon is one of the static files collected.
    assert "<svg" in Path(finders.find("img/favicon.svg")).read_text()


def test_the_not_found_page_says_what_may_have_happened(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "It may have moved, or the record it showed is not published." in response.text
