"""Serve the bulk files of the open data releases (`manage.py build_open_data`), never building
here, and the dictionary of the explorer's exports."""

import mimetypes

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from commitments import exports
from ogp.page_cache import public_page
from opendata import columns, releases
from opendata.licence import LICENCE

MEDIA_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    "": "text/plain; charset=utf-8",  # SHA256SUMS
}
# The latest files may change with the next build; a dated release's never do.
LATEST_MAX_AGE = 300
RELEASE_MAX_AGE = 86400
RELEASES_PER_PAGE = 25


@require_safe
def index(request, release_id=None):
    """/data/: the latest release's files, the licence and every release, newest first;
    /data/releases/<id>/: the same page for one release, the address to cite."""
    latest = releases.latest_id()
    shown = releases.summary(release_id or latest) if (release_id or latest) else None
    if release_id is not None and shown is None:
        raise Http404("No such release.")
    names = [resource.name for resource in columns.RESOURCES]
    # A page of the list: only its releases are read (a bad page number gives the first or last)
    page = Paginator(releases.ids(), RELEASES_PER_PAGE).get_page(request.GET.get("page"))
    listed = []
    for listed_id in page.object_list:
        release = releases.summary(listed_id)
        if release is not None:
            counts = [release["rows"].get(name) for name in names]
            listed.append({**release, "counts": counts, "is_latest": listed_id == latest})
    return render(
        request,
        "opendata/index.html",
        {
            "release": shown,
            "release_page": release_id is not None,
            "latest_id": latest,
            "releases": listed,
            "page": page,
            "resource_names": names,
            "licence": LICENCE,
        },
    )


@require_safe
def download(request, filename, release_id=None):
    """A file of the latest release (/data/<file>) or of a dated one
    (/data/releases/<id>/<file>): only the files the release's datapackage.json names, its
    SHA256SUMS and itself."""
    dated = release_id is not None
    release_id = release_id if dated else releases.latest_id()
    release = releases.summary(release_id) if release_id else None
    if release is None or filename not in release["files"]:
        raise Http404("No such file in this release.")
    path = releases.folder(release_id) / filename
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise Http404("No such file in this release.") from None
    etag = quote_etag(f"{release_id}-{stat.st_size}")
    modified = int(stat.st_mtime)
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
    if not_modified is not None:
        return not_modified
    content_type = MEDIA_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    response = FileResponse(path.open("rb"), content_type=content_type)  # noqa: SIM115 (closed by Django)
    if path.suffix == ".csv":
        prefix = f"ogp-{release_id}-" if dated else "ogp-"
        response["Content-Disposition"] = f'attachment; filename="{prefix}{filename}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, public=True, max_age=RELEASE_MAX_AGE if dated else LATEST_MAX_AGE)
    return response


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
