"""manage.py import_ogp and export_ogp."""

import pytest
from django.core.management import CommandError, call_command

from commitments.models import Commitment
from imports.models import ImportRun
from tests.imports.sheets import csv_bytes, row, snapshot

pytestmark = pytest.mark.django_db


def write(tmp_path, rows, name="sheet.csv"):
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows))
    return str(path)


def test_import_writes_and_records_a_run(tmp_path, capsys):
    call_command("import_ogp", write(tmp_path, [row(), row(identifier="SEO0002")]))
    out = capsys.readouterr().out
    assert "2 rows: 2 new, 0 changed, 0 unchanged, 0 with errors." in out
    run = ImportRun.objects.get()
    assert (run.source, run.status, run.new) == ("cli", "applied", 2)
    assert f"Recorded as Import #{run.pk}" in out
    assert Commitment.objects.count() == 2
    with run.file.open("rb") as stored:
        assert stored.read() == csv_bytes([row(), row(identifier="SEO0002")])


def test_dry_run_writes_nothing(tmp_path, capsys):
    before = snapshot()
    call_command("import_ogp", write(tmp_path, [row()]), "--dry-run")
    assert "dry run: nothing written" in capsys.readouterr().out
    assert snapshot() == before
    assert not ImportRun.objects.exists()


def test_rejected_file_lists_errors_row_by_row_and_exits_non_zero(tmp_path, capsys):
    path = write(tmp_path, [row(), row(identifier="SEO0002", year="1999"), row(region="Mars")])
    with pytest.raises(CommandError, match="2 rows have errors. Nothing was written."):
        call_command("import_ogp", path)
    err = capsys.readouterr().err
    assert "Row 3 (SEO0002), Year Of Submission: 1999 is out of range" in err
    assert "Row 4 (SEO0001), Commitment Unique Identifier: Duplicate" in err
    assert not Commitment.objects.exists()


def test_unreadable_file_exits_non_zero(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="The file is empty"):
        call_command("import_ogp", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_ogp", str(tmp_path / "missing.csv"))


@pytest.mark.parametrize("name", ["export.csv", "export.xlsx"])
def test_export_then_import_is_unchanged(tmp_path, capsys, name):
    call_command("import_ogp", write(tmp_path, [row(), row(identifier="SEO0002", theme="")]))
    call_command("export_ogp", str(tmp_path / name))
    before = snapshot()
    capsys.readouterr()
    call_command("import_ogp", str(tmp_path / name))
    assert "0 new, 0 changed, 2 unchanged" in capsys.readouterr().out
    assert snapshot() == before


def test_export_refuses_unknown_formats(tmp_path):
    with pytest.raises(CommandError, match=r"\.csv or \.xlsx"):
        call_command("export_ogp", str(tmp_path / "x.json"))
