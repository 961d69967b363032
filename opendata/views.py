"""Serve the bulk files of the latest build (`manage.py build_open_data`), never building here,
and the dictionary of the explorer's exports."""

import json
import mimetypes
from datetime import UTC, datetime

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from commitments import exports
from ogp.page_cache import public_page
from opendata import build, columns

MEDIA_TYPES = {".csv": "text/csv; charset=utf-8", ".json": "application/json"}


def _package(folder):
    with open(folder / columns.DATAPACKAGE, encoding="utf-8") as handle:
        return json.load(handle)


def _files(package):
    return {columns.DATAPACKAGE} | {resource["path"] for resource in package["resources"]}


@require_safe
def index(request):
    folder = build.current_folder()
    package = _package(folder) if folder else None
    return render(
        request,
        "opendata/index.html",
        {
            "package": package,
            "built": build_date(package) if package else None,
            "resources": package["resources"] if package else [],
        },
    )


@require_safe
def download(request, filename):
    folder = build.current_folder()
    if folder is None or filename not in _files(_package(folder)):
        raise Http404("No such file in the current build.")
    path = folder / filename
    stat = path.stat()
    etag = quote_etag(f"{folder.name}-{stat.st_size}")
    modified = int(stat.st_mtime)
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
    if not_modified is not None:
        return not_modified
    content_type = MEDIA_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    response = FileResponse(path.open("rb"), content_type=content_type)  # noqa: SIM115 (closed by Django)
    if path.suffix == ".csv":
        response["Content-Disposition"] = f'attachment; filename="ogp-{filename}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, public=True, max_age=300)
    return response


def build_date(package):
    return datetime.fromisoformat(package["created"].replace("Z", "+00:00")).astimezone(UTC)


@public_page
def data_dictionary(request):
    """The columns of the explorer's exports (commitments.exports.COLUMNS, and
    ASSESSMENT_COLUMNS for `?resource=assessments`), with their codes (the blank one aside)."""

    def described(export_columns):
        return [
            {
                "column": column,
                "codes": [c for c in column.choices.choices if c[0] != ""]
                if column.choices
                else [],
            }
            for column in export_columns
        ]

    context = {
        "columns": described(exports.COLUMNS),
        "assessment_columns": described(exports.ASSESSMENT_COLUMNS),
    }
    return render(request, "opendata/data_dictionary.html", context)
