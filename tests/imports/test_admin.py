"""The admin flow: upload → preview (nothing written) → confirm (all or nothing)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments.models import Commitment
from imports.models import ImportRun
from tests.imports.sheets import csv_bytes, row, snapshot, xlsx_bytes

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:imports_importrun_add")


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return user


def upload(client, data, name="sheet.csv", report=""):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), "report": report})


def test_upload_previews_without_writing_then_confirm_writes_and_records(client, staff):
    before = snapshot()
    response = upload(client, xlsx_bytes([row(), row(identifier="SEO0002")]), "plan.xlsx")
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:imports_importrun_preview", args=[run.pk])
    assert snapshot() == before  # nothing written before confirmation

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "New member: Seoul, South Korea" in html
    # A new row says what it will create: the commitment, its plan and areas, its IRM values.
    assert (
        "New commitment “Citizen participation in policy making” in Seoul, South Korea "
        "Action Plan 1; policy areas: Digital Governance; Public Participation." in html
    )
    assert (
        "Assessed in “Seoul, South Korea IRM End-of-Term Report 2016-2018” — "
        "Did It Open Government (Overall): Major." in html
    )
    assert "Specificity: High; Potential Impact: Transformative" in html
    assert "Confirm and import" in html
    assert (run.status, run.rows, run.new, run.created_by) == ("previewed", 2, 2, staff)

    confirmed = client.post(reverse("admin:imports_importrun_confirm", args=[run.pk]))
    assert confirmed.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.applied_by) == ("applied", staff)
    assert run.applied_at is not None
    assert Commitment.objects.count() == 2
    record = Commitment.objects.get(identifier="SEO0001").history.get()
    assert (record.history_change_reason, record.history_user) == (f"Import #{run.pk}", staff)
    # A second confirmation of the same run is refused.
    again = client.post(reverse("admin:imports_importrun_confirm", args=[run.pk]), follow=True)
    assert "not awaiting confirmation" in again.content.decode()
    assert Commitment.history.count() == 2


def test_preview_lists_changes_old_to_new(client, staff):
    upload(client, csv_bytes([row()]))
    client.post(reverse("admin:imports_importrun_confirm", args=[ImportRun.objects.get().pk]))
    upload(client, csv_bytes([row(title="A new title")]))
    run = ImportRun.objects.latest("pk")
    html = client.get(reverse("admin:imports_importrun_preview", args=[run.pk])).content.decode()
    assert (run.new, run.changed) == (0, 1)
    assert "<del>Citizen participation in policy making</del> → <ins>A new title</ins>" in html
    # Staff read the changes, then decide: "Confirm" comes after the list, linked from the top.
    changes, decision = html.index('id="import-rows"'), html.index('id="import-decision"')
    assert changes < decision < html.index("Confirm and import")
    assert html.index('href="#import-decision"') < changes


def test_rows_with_errors_block_confirmation(client, staff):
    before = snapshot()
    upload(client, csv_bytes([row(), row(identifier="SEO0002", region="Atlantis")]))
    run = ImportRun.objects.get()
    html = client.get(reverse("admin:imports_importrun_preview", args=[run.pk])).content.decode()
    assert run.status == "rejected" and run.errors == 1
    assert "<strong>Region</strong>: Unknown region “Atlantis”." in html
    assert "Confirm and import" not in html
    response = client.post(reverse("admin:imports_importrun_confirm", args=[run.pk]), follow=True)
    assert response.status_code == 200
    assert snapshot() == before


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.csv", "The submitted file is empty."),
        (b"\x00\x01binary\x00", "sheet.csv", "This is not a spreadsheet"),
        (b"name,email\nAda,ada@example.org\n", "people.csv", "Missing columns"),
    ],
)
def test_bad_files_get_a_clear_message_never_a_500(client, staff, data, name, message):
    response = upload(client, data, name)
    if response.status_code == 302:
        response = client.get(response["Location"])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Commitment.objects.exists()


def test_other_file_types_are_refused_at_upload(client, staff):
    response = upload(client, b"%PDF-1.7", "report.pdf")
    assert response.status_code == 200
    assert "Upload a .xlsx or .csv file." in response.content.decode()
    assert not ImportRun.objects.exists()


def test_cancel_writes_nothing(client, staff):
    upload(client, csv_bytes([row()]))
    run = ImportRun.objects.get()
    client.post(reverse("admin:imports_importrun_confirm", args=[run.pk]), {"cancel": "1"})
    run.refresh_from_db()
    assert run.status == "cancelled"
    assert not Commitment.objects.exists()


def test_staff_without_import_permissions_cannot_upload_or_confirm(client):
    user = get_user_model().objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_importrun"))
    client.force_login(user)
    assert client.get(UPLOAD).status_code == 403
    run = ImportRun.objects.create(filename="x.csv")
    assert client.post(reverse("admin:imports_importrun_confirm", args=[run.pk])).status_code == 403
    assert client.get(reverse("admin:imports_importrun_preview", args=[run.pk])).status_code == 200


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_changelist_query_count_is_constant(client, staff, django_assert_max_num_queries):
    for n in range(5):
        ImportRun.objects.create(filename=f"{n}.csv", created_by=staff)
    url = reverse("admin:imports_importrun_changelist")
    with django_assert_max_num_queries(8) as first:
        assert client.get(url).status_code == 200
    for n in range(15):
        ImportRun.objects.create(filename=f"more-{n}.csv", created_by=staff)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(url).status_code == 200


def test_revert_undoes_an_import_and_refuses_when_records_changed_since(client, staff):
    def confirm(rows):
        upload(client, csv_bytes(rows))
        run = ImportRun.objects.latest("pk")
        client.post(reverse("admin:imports_importrun_confirm", args=[run.pk]))
        run.refresh_from_db()
        assert run.status == "applied"
        return run

    def revert(run):
        return client.post(
            reverse("admin:imports_importrun_revert", args=[run.pk]), follow=True
        ).content.decode()

    def data():
        """The records (not their history), less what a restore renews: times and link ids."""
        state = {}
        for label, rows in snapshot().items():
            if "Historical" not in label:
                drop = {"updated_at", "id"} if label == "links" else {"updated_at"}
                state[label] = [{k: v for k, v in r.items() if k not in drop} for r in rows]
        return state

    empty = data()
    first = confirm([row(), row(identifier="SEO0002", theme="Youth")])
    after_first = data()
    second = confirm(
        [
            row(title="Changed title", completion="Complete"),
            row(identifier="SEO0002", theme="Gender"),
            row(identifier="SEO0003"),
        ]
    )
    assert Commitment.objects.get(identifier="SEO0001").irm_completion == "complete"

    assert "has changed since this import" in revert(first)  # the second import changed it
    assert data()["commitments.Commitment"] != after_first["commitments.Commitment"]

    assert "reverted: " in revert(second)
    assert data() == after_first
    restored = Commitment.objects.get(identifier="SEO0001")
    assert restored.history.first().history_change_reason == f"Revert of Import #{second.pk}"
    assert restored.irm_completion == "substantial"
    second.refresh_from_db()
    assert second.status == "reverted"

    # Reverting the second import's own history entries blocks reverting the first one.
    assert "has changed since this import" in revert(first)
    assert data() == after_first
    assert empty != after_first


def test_reverting_an_import_into_an_empty_site_deletes_what_it_created(client, staff):
    from imports.services import revert_run

    before = {k: v for k, v in snapshot().items() if "Historical" not in k}
    upload(client, csv_bytes([row(), row(identifier="KE0001", member="Kenya")]))
    run = ImportRun.objects.get()
    client.post(reverse("admin:imports_importrun_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert Commitment.objects.count() == 2
    # 2 members, plans and commitments; 4 reports and assessments (progress, end of term)
    assert revert_run(run, user=staff) == 14
    assert {k: v for k, v in snapshot().items() if "Historical" not in k} == before
    deleted = Commitment.history.filter(history_type="-")
    assert {(h.history_change_reason, h.history_user) for h in deleted} == {
        (f"Revert of Import #{run.pk}", staff)
    }


def test_a_database_failure_on_confirm_marks_the_run_failed(client, staff, monkeypatch):
    from django.db import DatabaseError

    from imports import commitment_write

    def fail(_ids, batch_size):
        raise DatabaseError("disk full")

    upload(client, csv_bytes([row()]))
    client.post(reverse("admin:imports_importrun_confirm", args=[ImportRun.objects.get().pk]))
    before = snapshot()
    monkeypatch.setattr(commitment_write, "refresh_findings", fail)
    upload(client, csv_bytes([row(title="Changed"), row(identifier="SEO0002")]))
    run = ImportRun.objects.latest("pk")
    response = client.post(reverse("admin:imports_importrun_confirm", args=[run.pk]), follow=True)
    run.refresh_from_db()
    assert run.status == "failed"
    assert "nothing was written: disk full" in response.content.decode()
    assert snapshot() == before


def test_a_very_long_file_name_is_kept_and_stored_short(client, staff):
    name = "Commitments " + "très long " * 40 + ".CSV"
    response = upload(client, csv_bytes([row()]), name)
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.filename.startswith("Commitments très long") and run.filename.endswith(".CSV")
    assert len(run.filename) <= 255
    assert run.file.name.endswith(".csv") and len(run.file.name) < 100
