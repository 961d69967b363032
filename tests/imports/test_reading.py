"""Reading CSV and XLSX files: encodings, delimiters, headers, and files that are not sheets."""

import io
import zipfile

import pytest

from commitments.imports import MAX_ROWS, SpreadsheetError, read_spreadsheet
from tests.imports.sheets import DEFAULTS, csv_bytes, row, xlsx_bytes


def first(sheet):
    return sheet.rows[0][1]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"])
def test_common_encodings_decode_accents(encoding):
    data = csv_bytes([row(title="Participación ciudadana en Bogotá")], encoding=encoding)
    sheet = read_spreadsheet(data, "sheet.csv")
    assert first(sheet)["title"] == "Participación ciudadana en Bogotá"
    assert first(sheet)["identifier"] == "SEO0001"


def test_windows_1252_quotes_decode():
    data = csv_bytes([row(title="The “open” budget – phase 2")], encoding="cp1252")
    assert first(read_spreadsheet(data))["title"] == "The “open” budget – phase 2"


def test_undecodable_bytes_are_a_clear_error():
    data = csv_bytes([row()]).replace(b"Citizen", b"Citi\x81\x8dzen")
    with pytest.raises(SpreadsheetError, match="encoding"):
        read_spreadsheet(data)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_detected(delimiter):
    data = csv_bytes([row(theme="Open Data, Youth")], delimiter=delimiter)
    values = first(read_spreadsheet(data))
    assert values["theme"] == "Open Data, Youth"
    assert values["member"] == "Seoul, South Korea"


def test_headers_match_whatever_their_case_and_spacing():
    headers = [
        "  commitment   unique identifier",
        "COUNTRY/LOCALITY",
        "region ",
        "Year of submission",
    ]
    headers += ["action plan number", "commitment title", "Notes from staff"]
    data = csv_bytes(
        [
            {
                headers[0]: "KE0001",
                headers[1]: "Kenya",
                headers[2]: "Africa and the Middle East",
                headers[3]: "2016",
                headers[4]: "1",
                headers[5]: "Open data",
            }
        ],
        headers=headers,
    )
    sheet = read_spreadsheet(data)
    assert sheet.columns == ["identifier", "member", "region", "year", "plan_number", "title"]
    assert first(sheet)["identifier"] == "KE0001"
    assert sheet.ignored == ["Notes from staff"]


def test_missing_headers_are_named():
    headers = [h for h in csv_bytes([]).decode().strip().split(",") if h != "Region"]
    data = csv_bytes([row()], headers=headers)
    with pytest.raises(SpreadsheetError, match="Missing columns: “Region”"):
        read_spreadsheet(data)


def test_wrong_headers_are_rejected():
    data = b"name,email\nAda,ada@example.org\n"
    with pytest.raises(SpreadsheetError, match="Missing columns.*Commitment Unique Identifier"):
        read_spreadsheet(data)


def test_duplicate_header_is_rejected():
    headers = ["Commitment Unique Identifier", *csv_bytes([]).decode().strip().split(",")]
    with pytest.raises(SpreadsheetError, match="appears twice"):
        read_spreadsheet(csv_bytes([row()], headers=headers))


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", "\ufeff".encode()])
def test_empty_file(data):
    with pytest.raises(SpreadsheetError, match="empty"):
        read_spreadsheet(data)


def test_header_without_rows():
    with pytest.raises(SpreadsheetError, match="no rows"):
        read_spreadsheet(csv_bytes([]))


def test_blank_rows_are_skipped_and_rows_keep_their_sheet_numbers():
    data = csv_bytes([row(), {}, row(identifier="SEO0002")])
    sheet = read_spreadsheet(data)
    assert [number for number, _values in sheet.rows] == [2, 4]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, r"\.xls"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "not Western European text"),
    ],
)
def test_files_that_are_not_spreadsheets(data, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_spreadsheet(data)


def test_a_zip_that_is_not_a_workbook():
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(SpreadsheetError, match="not a spreadsheet"):
        read_spreadsheet(stream.getvalue(), "sheet.xlsx")


def test_more_than_the_row_limit_is_rejected():
    line = ",".join(f'"{value}"' for value in DEFAULTS.values()).encode() + b"\n"
    data = csv_bytes([]) + line * (MAX_ROWS + 1)
    with pytest.raises(SpreadsheetError, match="more than 50,001 rows, counting the header"):
        read_spreadsheet(data)


def test_the_row_limit_itself_is_accepted():
    line = ",".join(f'"{value}"' for value in DEFAULTS.values()).encode() + b"\n"
    sheet = read_spreadsheet(csv_bytes([]) + line * MAX_ROWS)
    assert len(sheet.rows) == MAX_ROWS


def test_xlsx_values_are_read_as_text():
    data = xlsx_bytes([row(year=2016, plan_number=1.0, number=3, title="  Open data  ")])
    values = first(read_spreadsheet(data, "sheet.xlsx"))
    assert (values["year"], values["plan_number"], values["number"]) == ("2016", "1", "3")
    assert values["title"] == "Open data"


def test_xlsx_formulas_are_flagged_not_evaluated():
    data = xlsx_bytes([row(year="=2015+1")])
    values = first(read_spreadsheet(data, "sheet.xlsx"))
    assert type(values["year"]).__name__ == "FormulaCell"
