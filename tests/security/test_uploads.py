"""Uploaded files: limited in type and size, sniffed against their extension, and served as
downloads only (never rendered as a page of the site), drafts not at all."""

import io
import shutil
import tempfile
import zipfile

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from imports.models import SHEET_PERMISSIONS, UPLOAD_PERMISSION, ImportRun
from members.models import Resource, ResourceType
from ogp.security import validate_upload
from tests import factories
from tests.members.test_admin_support import staff_user

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
ODS = zipped({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})


def upload(name, content):
    return SimpleUploadedFile(name, content)


class ValidateUploadTests(SimpleTestCase):
    def assert_refused(self, name, content, code, **kwargs):
        with self.assertRaises(ValidationError) as caught:
            validate_upload(upload(name, content), **kwargs)
        self.assertEqual(caught.exception.code, code)
        return caught.exception

    def test_genuine_files_of_every_allowed_type_pass(self):
        files = {
            "plan.pdf": PDF,
            "plan.docx": DOCX,
            "data.xlsx": XLSX,
            "plan.odt": ODT,
            "data.ods": ODS,
            "data.csv": "name,year\nSéoul,2018\n".encode(),
            "notes.txt": b"\xef\xbb\xbfPlain notes\n",
            "windows.csv": "name\nCaf\u00e9\n".encode("cp1252"),
            "logo.png": PNG,
            "photo.JPG": JPG,
        }
        for name, content in files.items():
            with self.subTest(name=name):
                validate_upload(upload(name, content))  # no error

    def test_other_extensions_are_refused(self):
        for name in ["page.html", "page.htm", "image.svg", "run.exe", "script.js", "noextension"]:
            with self.subTest(name=name):
                error = self.assert_refused(name, b"anything", "invalid_extension")
                self.assertIn("pdf, docx", error.messages[0])

    def test_content_that_is_not_what_the_extension_says_is_refused(self):
        cases = {
            "plan.pdf": HTML,
            "logo.png": PDF,
            "photo.jpg": PNG,
            "plan.docx": XLSX,  # a zip, but not a Word document
            "data.xlsx": b"PK\x03\x04 not really a zip",
            "plan.odt": ODS,
            "data.ods": DOCX,
            "notes.txt": HTML,
            "data.csv": b"  <script>alert(1)</script>",
            "binary.txt": b"MZ\x90\x00\x03\x00\x00\x00",
            "bom.txt": b"\xef\xbb\xbf<html><body>x</body></html>",
        }
        for name, content in cases.items():
            with self.subTest(name=name):
                self.assert_refused(name, content, "content_mismatch")

    def test_size_limit(self):
        error = self.assert_refused("plan.pdf", PDF + b"0" * 2048, "file_too_large", max_size=1024)
        self.assertIn("1.0\xa0KB", error.messages[0])
        validate_upload(upload("plan.pdf", PDF), max_size=1024)

    @override_settings(RESOURCE_MAX_UPLOAD_SIZE=100)
    def test_the_size_limit_comes_from_the_settings(self):
        self.assert_refused("plan.pdf", PDF + b"0" * 200, "file_too_large")


class MediaRootMixin:
    @classmethod
    def setUpClass(cls):
        cls.media_root = tempfile.mkdtemp(prefix="ogp-media-")
        cls.enterClassContext(override_settings(MEDIA_ROOT=cls.media_root))
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.media_root, ignore_errors=True)


class ResourceAdminUploadTests(MediaRootMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = staff_user("editor", groups=["Editors"])
        cls.member = factories.make_member(name="Seoul")

    def post(self, name, content):
        self.client.force_login(self.editor)
        return self.client.post(
            reverse("admin:members_resource_add"),
            {
                "member": self.member.pk,
                "title": "Action plan",
                "year": 2020,
                "type": ResourceType.objects.get(slug="action-plan").pk,
                "format": "pdf",
                "position": 0,
                "published": "on",
                "file": upload(name, content),
            },
        )

    def test_a_web_page_named_pdf_is_refused_with_a_message(self):
        response = self.post("plan.pdf", HTML)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "content is not a .pdf file")
        self.assertFalse(Resource.objects.filter(member=self.member).exists())

    def test_an_html_file_is_refused(self):
        response = self.post("plan.html", HTML)
        self.assertContains(response, "cannot be uploaded")
        self.assertFalse(Resource.objects.filter(member=self.member).exists())

    @override_settings(RESOURCE_MAX_UPLOAD_SIZE=1024)
    def test_a_file_too_large_is_refused(self):
        response = self.post("plan.pdf", PDF + b"0" * 4096)
        self.assertContains(response, "the largest file accepted is 1.0")
        self.assertFalse(Resource.objects.filter(member=self.member).exists())

    def test_a_genuine_pdf_is_saved(self):
        response = self.post("plan.pdf", PDF)
        self.assertEqual(response.status_code, 302)
        resource = Resource.objects.get(member=self.member)
        self.assertTrue(resource.file.name.endswith(".pdf"))
        with resource.file.open("rb") as stored:
            self.assertEqual(stored.read(), PDF)


class ServeMediaTests(MediaRootMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = factories.make_member(name="Seoul")
        cls.draft_member = factories.make_member(name="Draft", published=False)
        cls.public = cls.resource(cls.member, "plan.pdf", PDF)
        cls.image = cls.resource(cls.member, "logo.png", PNG)
        cls.unpublished = cls.resource(cls.member, "secret.pdf", PDF, published=False)
        cls.of_draft = cls.resource(cls.draft_member, "draft.pdf", PDF)
        cls.editor = staff_user("editor", groups=["Editors"])

    @classmethod
    def resource(cls, member, name, content, **fields):
        return factories.make_resource(member, url="", file=upload(name, content), **fields)

    def test_a_published_file_is_a_download_that_is_never_sniffed(self):
        for resource, content_type in [(self.public, "application/pdf"), (self.image, "image/png")]:
            with self.subTest(resource=resource.file.name):
                response = self.client.get(resource.href)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], content_type)
                self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertEqual(response["Content-Security-Policy"], "default-src 'none'; sandbox")
                self.assertEqual(
                    b"".join(response.streaming_content)[:4], resource.file.open("rb").read(4)
                )
                resource.file.close()

    def test_drafts_are_not_found_except_for_staff(self):
        for resource in [self.unpublished, self.of_draft]:
            with self.subTest(resource=resource.file.name):
                self.client.logout()
                self.assertEqual(self.client.get(resource.href).status_code, 404)
                self.client.force_login(self.editor)
                response = self.client.get(resource.href)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Cache-Control"], "private, no-store")
        # A published file is the same for everybody, staff included: shared caches may keep it.
        self.assertEqual(self.client.get(self.public.href)["Cache-Control"], "public, max-age=3600")

    def test_an_imported_sheet_is_only_for_those_who_may_import(self):
        run = ImportRun(filename="plan.csv")
        run.file.save("plan.csv", ContentFile(b"identifier,title\nSEO0001,Open data\n"))
        url = f"/media/{run.file.name}"
        importer = staff_user("importer")
        importer.user_permissions.set(
            Permission.objects.get(
                content_type__app_label=name.split(".")[0], codename=name.split(".")[1]
            )
            for name in (UPLOAD_PERMISSION, *SHEET_PERMISSIONS["commitments"])
        )
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.editor)  # staff who may not import
        self.assertEqual(self.client.get(url).status_code, 404)
        for spelling in [f"/media/members/../{run.file.name}", f"/media/./{run.file.name}"]:
            with self.subTest(spelling=spelling):
                self.assertEqual(
                    self.client.get(spelling.replace("/../", "/%2e%2e/")).status_code, 404
                )
        self.assertEqual(self.client.get(url.replace("/imports/", "/imports//")).status_code, 404)
        self.client.force_login(importer)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(b"".join(response.streaming_content)[:10], b"identifier")
        # Only for those who may import: no shared cache may keep it for others.
        self.assertEqual(response["Cache-Control"], "private, no-store")

    def test_paths_outside_the_media_folder_or_unknown_files_are_not_found(self):
        self.client.force_login(self.editor)  # even staff
        for path in ["/media/../ogp/settings.py", "/media/%2e%2e/manage.py", "/media/none.pdf"]:
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)
