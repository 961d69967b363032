"""Uploaded files at /media/: who may download which. ogp.security.serve_media serves them, as
downloads only; the rules need the models of two apps, so they are here, where both are known."""

from pathlib import PurePosixPath

from imports.models import UPLOAD_FOLDER, may_import
from members.models import Resource
from ogp.security import serve_media


def may_download(user, path):
    """Whether `user` may download the uploaded file at `path` (relative to MEDIA_ROOT, in its
    normal form): anybody the file of a published resource of a published member; staff the
    files of drafts too; only those who may import the sheets uploaded for an import."""
    if PurePosixPath(path).parts[0] == UPLOAD_FOLDER:
        return may_import(user)
    if user.is_staff:
        return True
    return Resource.objects.filter(file=path, published=True, member__published=True).exists()


def download(request, path):
    """/media/<path>: the file, if `may_download`; otherwise a page not found."""
    return serve_media(request, path, may_download)
