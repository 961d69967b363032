"""Hostile and broken files: each ends as a clear message, never a 500 or a half-read run.

The files are built for real: a workbook whose sheet XML is cut short, workbooks whose sheet
XML is written by hand (20 million rows in a few hundred bytes), text in encodings the import
does not take, and control characters in cells. They go through the reader, the admin's
upload and `import_ogp`; on PostgreSQL too (which refuses NUL in text).
"""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from commitments import imports
from commitments.imports import HEADERS, MAX_ROWS, SpreadsheetError, plan_import, read_spreadsheet
from imports.models import ImportRun
from tests.imports.sheets import (
    DEFAULTS,
    cells,
    crafted_xlsx,
    csv_bytes,
    row,
    snapshot,
    truncated_xlsx,
    xlsx_bytes,
)

DATA_ROW = cells(DEFAULTS)


def truncated():
    return truncated_xlsx([row(identifier=f"SEO{n:04d}") for n in range(1, 200)])


def twenty_million_rows():
    """A header, then one row at row 20,000,000: openpyxl yields the 19,999,998 between."""
    return crafted_xlsx({1: HEADERS, 20_000_000: DATA_ROW}, dimension="A1:XFD20000000")


def blank_rows_xlsx():
    """A header, MAX_ROWS blank rows written out, then a row."""
    blank = range(2, MAX_ROWS + 2)
    return crafted_xlsx({1: HEADERS, MAX_ROWS + 2: DATA_ROW}, blank_rows=blank)


def blank_lines_csv():
    return csv_bytes([]) + b"\r\n" * MAX_ROWS + csv_bytes([row()])[len(csv_bytes([])) :]


def shift_jis():
    return csv_bytes([row(title="ソウル特別市")], encoding="shift_jis")


# (file, name, what the message says): files refused as a whole.
REFUSED = {
    "truncated sheet XML": (truncated, "plan.xlsx", "damaged"),
    "20 million rows": (twenty_million_rows, "plan.xlsx", "more than 50,001 rows"),
    "blank XLSX rows": (blank_rows_xlsx, "plan.xlsx", "more than 50,001 rows"),
    "blank CSV lines": (blank_lines_csv, "plan.csv", "more than 50,001 rows"),
    "UTF-32": (lambda: csv_bytes([row()], encoding="utf-32"), "plan.csv", "UTF-32"),
    "UTF-32 big-endian": (
        lambda: "\ufeff".encode("utf-32-be") + csv_bytes([row()], encoding="utf-32-be"),
        "plan.csv",
        "UTF-32",
    ),
    "Shift-JIS": (shift_jis, "plan.csv", "Windows-1252"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_the_reader_refuses_the_file_with_a_reason(case):
    build, name, message = REFUSED[case]
    with pytest.raises(SpreadsheetError, match=message):
        read_spreadsheet(build(), name)


def test_a_workbook_declared_wider_than_the_limit_is_read_to_the_limit():
    data = crafted_xlsx({1: HEADERS, 2: DATA_ROW, 3: DATA_ROW}, dimension="A1:XFD3")
    records = list(imports._xlsx_records(io.BytesIO(data)))
    assert [len(cells) for cells in records] == [imports.MAX_COLUMNS] * 3
    assert [imports._text(cell) for cell in records[1][: len(DATA_ROW)]] == DATA_ROW


def test_a_workbook_that_unpacks_to_more_than_the_limit_is_refused(monkeypatch):
    data = xlsx_bytes([row()])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    monkeypatch.setattr(imports, "MAX_UNPACKED_BYTES", unpacked - 1)
    with pytest.raises(SpreadsheetError, match="unpacks to more than"):
        read_spreadsheet(data, "plan.xlsx")
    monkeypatch.setattr(imports, "MAX_UNPACKED_BYTES", unpacked)
    assert len(read_spreadsheet(data, "plan.xlsx").rows) == 1


def test_the_row_limit_counts_rows_not_lines_of_a_long_text():
    """A cell over several lines is one row: the limit is on the sheet's rows."""
    data = csv_bytes([row(description="Line\n" * 10, identifier=f"SEO{n:04d}") for n in (1, 2)])
    assert len(read_spreadsheet(data).rows) == 2


# --- Text: encodings and control characters ---------------------------------------------------


def row_errors(data):
    plan = plan_import(read_spreadsheet(data, "plan.csv"))
    return [(r.row, column, reason) for r in plan.rows for column, reason in r.errors]


CONTROL = {
    "ESC in UTF-8": csv_bytes([row(title="Open \x1b[31mdata")]),
    "ESC in Windows-1252": csv_bytes([row(title="Données \x1b ouvertes")], encoding="cp1252"),
    "ESC in UTF-16": csv_bytes([row(title="Open \x1b data")], encoding="utf-16"),
    "NUL in UTF-16": csv_bytes([row(title="Open \x00 data")], encoding="utf-16"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CONTROL)
def test_a_control_character_is_a_row_error_naming_row_and_column(case):
    code = "U+0000" if "NUL" in case else "U+001B"
    assert row_errors(CONTROL[case]) == [
        (2, "Commitment Title", f"Holds a control character ({code}): remove it.")
    ]


@pytest.mark.django_db
def test_tabs_and_line_ends_in_text_are_kept():
    data = csv_bytes([row(description="First line\r\n\tindented\rlast")])
    assert row_errors(data) == []
    assert read_spreadsheet(data).rows[0][1]["description"] == "First line\n\tindented\nlast"


@pytest.mark.django_db
def test_the_identifier_shown_for_a_row_carries_no_control_character():
    plan = plan_import(
        read_spreadsheet(csv_bytes([row(identifier="SEO\x000001")], encoding="utf-16"))
    )
    assert plan.rows[0].identifier == "SEO\ufffd0001"
    assert plan.rows[0].errors[0][0] == "Commitment Unique Identifier"


def test_a_control_character_in_the_header_refuses_the_file():
    headers = [*HEADERS, "Notes\x1b"]
    with pytest.raises(SpreadsheetError, match="header row holds a control character"):
        read_spreadsheet(csv_bytes([row()], headers=headers))


@pytest.mark.parametrize(
    "text",
    [
        "Participación ciudadana en Bogotá",
        "Œuvre «publique» – l’État, 5 € … “quoted” — Straße",
        "Nação: ções, à, ñ, ü, ß, ç, ¿qué? ¡sí! 3×4, 20 °C, © ®",
    ],
)
def test_western_text_in_windows_1252_is_accepted(text):
    data = csv_bytes([row(title=text)], encoding="cp1252")
    assert read_spreadsheet(data).rows[0][1]["title"] == text


@pytest.mark.parametrize(
    "text", ["東京都の行動計画", "ソウル特別市", "日本語のテキスト", "日本政府"]
)
def test_east_asian_encodings_are_not_taken_for_windows_1252(text):
    for encoding in ("shift_jis", "euc_jp", "gbk"):
        data = csv_bytes([row(title=text)], encoding=encoding)
        with pytest.raises(SpreadsheetError, match="CSV UTF-8"):
            read_spreadsheet(data)


def test_utf_16_with_a_byte_order_mark_is_accepted():
    data = csv_bytes([row(title="Participación “abierta”")], encoding="utf-16")
    assert read_spreadsheet(data).rows[0][1]["title"] == "Participación “abierta”"


def test_broken_utf_16_is_refused():
    data = csv_bytes([row()], encoding="utf-16") + b"\x00\xd8"  # a lone surrogate at the end
    with pytest.raises(SpreadsheetError, match="UTF-16"):
        read_spreadsheet(data)


# --- The admin's upload and the command ------------------------------------------------------

ALL = {case: build for case, (build, _n, _m) in REFUSED.items()}
ALL.update({case: (lambda data=data: data) for case, data in CONTROL.items()})


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return user


def upload(client, data, name):
    return client.post(
        reverse("admin:imports_importrun_add"), {"file": SimpleUploadedFile(name, data)}
    )


def name_of(case):
    return REFUSED[case][1] if case in REFUSED else "plan.csv"


@pytest.mark.django_db
@pytest.mark.parametrize("case", ALL)
def test_admin_upload_ends_with_a_message_and_a_closed_run(client, staff, case):
    before = snapshot()
    response = upload(client, ALL[case](), name_of(case))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.REJECTED
    html = page.content.decode()
    if case in REFUSED:
        assert REFUSED[case][2] in run.message and REFUSED[case][2] in html
    else:
        assert (run.rows, run.errors) == (1, 1)
        assert "Holds a control character" in html
    assert "Confirm and import" not in html
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("case", ALL)
def test_import_command_exits_with_a_command_error(tmp_path, case):
    path = tmp_path / name_of(case)
    path.write_bytes(ALL[case]())
    before = snapshot()
    expected = REFUSED[case][2] if case in REFUSED else "1 rows have errors"
    with pytest.raises(CommandError, match=expected):
        call_command("import_ogp", str(path))
    assert snapshot() == before
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_an_unexpected_error_while_checking_marks_the_run_failed(client, staff, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(imports, "plan_import", broken)
    response = upload(client, csv_bytes([row()]), "plan.csv")
    page = client.get(response["Location"])
    run = ImportRun.objects.get()
    assert (run.status, run.rows) == (ImportRun.Status.FAILED, 0)
    assert "could not be read or checked" in run.message
    assert run.message in page.content.decode()
    assert "Confirm and import" not in page.content.decode()


@pytest.mark.django_db
def test_a_database_error_recording_the_preview_marks_the_run_failed(client, staff, monkeypatch):
    from django.db import DatabaseError

    from imports import services

    def refuse(run, plan):
        raise DatabaseError("value too long")

    monkeypatch.setattr(services, "record_plan", refuse)
    response = upload(client, csv_bytes([row()]), "plan.csv")
    assert client.get(response["Location"]).status_code == 200
    run = ImportRun.objects.get()
    assert (run.status, run.rows) == (ImportRun.Status.FAILED, 0)
    assert "DatabaseError: value too long" in run.message


@pytest.mark.django_db
def test_an_unexpected_error_in_the_command_is_a_command_error(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(imports, "plan_import", broken)
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([row()]))
    with pytest.raises(CommandError, match="could not be read or checked.*RuntimeError: a bug"):
        call_command("import_ogp", str(path))
    assert not ImportRun.objects.exists()
