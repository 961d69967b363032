"""Which staff group may import which sheet (imports.models.SHEET_PERMISSIONS): IRM researchers
the participation sheet; the commitment sheet needs both groups' rights, and the pages say so."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Commitment
from imports.models import ImportRun, may_import
from imports.participation import COLUMNS as PARTICIPATION_COLUMNS
from irm.models import ParticipationAssessment
from tests import factories
from tests.imports.sheets import csv_bytes, row
from tests.imports.test_irm_sheets import participation, sheet
from tests.members.test_admin_support import staff_user

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:imports_importrun_add")


def upload(client, data, name):
    response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), "report": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportRun.objects.latest("pk")


def test_an_irm_researcher_imports_the_participation_sheet(client):
    member = factories.make_member(name="Seoul, South Korea", commitment_prefix="SEO")
    plan = factories.make_action_plan(member, number=1)
    factories.make_report(plan, title="Seoul Final IRM Review 2017")
    researcher = staff_user("researcher", groups=["IRM researchers"])
    assert may_import(researcher, "participation") and not may_import(researcher, "commitments")
    client.force_login(researcher)

    page = client.get(UPLOAD).content.decode()
    assert "Participation sheet: you may import it." in page
    assert (
        "Commitment sheet: A commitment sheet writes the records of several staff groups: "
        "importing it needs the permissions of all of Editors and IRM researchers together"
    ) in page

    run = upload(
        client,
        sheet(PARTICIPATION_COLUMNS, [participation(report="Seoul Final IRM Review 2017")]),
        "participation.csv",
    )
    preview = client.get(reverse("admin:imports_importrun_preview", args=[run.pk]))
    assert "Confirm and import" in preview.content.decode()
    client.post(reverse("admin:imports_importrun_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "applied"
    assert ParticipationAssessment.objects.get().action_plan == plan


def test_an_editor_previews_a_commitment_sheet_and_is_told_who_may_import_it(client):
    editor = staff_user("editor", groups=["Editors"])
    client.force_login(editor)
    run = upload(client, csv_bytes([row()]), "plan.csv")
    html = client.get(reverse("admin:imports_importrun_preview", args=[run.pk])).content.decode()
    assert "Confirm and import" not in html
    assert "needs the permissions of all of Editors and IRM researchers together" in html
    response = client.post(reverse("admin:imports_importrun_confirm", args=[run.pk]))
    assert response.status_code == 403
    assert not Commitment.objects.exists()
    # Cancelling their own preview stays possible.
    client.post(reverse("admin:imports_importrun_confirm", args=[run.pk]), {"cancel": "1"})
    run.refresh_from_db()
    assert run.status == "cancelled"


def test_staff_in_both_groups_import_the_commitment_sheet(client):
    both = staff_user("both", groups=["Editors", "IRM researchers"])
    client.force_login(both)
    run = upload(client, csv_bytes([row()]), "plan.csv")
    client.post(reverse("admin:imports_importrun_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == "applied"
    assert Commitment.objects.count() == 1
