"""The admin in OGP's name and colours, and its 403 page inside the admin for signed-in staff."""

from django.core.exceptions import PermissionDenied
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse

from ogp import views
from tests.members.test_admin_support import staff_user


class AdminBrandingTests(TestCase):
    def test_sign_in_and_pages_carry_ogp_name_and_colours(self):
        login = self.client.get(reverse("admin:login")).content.decode()
        self.client.force_login(staff_user("admin", superuser=True))
        index = self.client.get(reverse("admin:index")).content.decode()
        for html in (login, index):
            self.assertIn("Open Government Partnership · staff", html)
            self.assertIn("/static/css/admin.css", html)
            self.assertIn("/static/img/logo.svg", html)
            self.assertNotIn("Django administration", html)
        self.assertIn("<title>Members, plans, commitments and IRM findings | OGP staff", index)

    def test_the_admin_follows_the_staff_members_language(self):
        self.client.force_login(staff_user("admin", superuser=True))
        html = self.client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="es").content
        self.assertIn("Open Government Partnership · personal", html.decode())


@override_settings(DEBUG=False)
class AdminPermissionDeniedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = staff_user("editor", groups=["Editors"])

    def test_staff_refused_in_the_admin_see_the_admin_frame_and_a_way_back(self):
        self.client.force_login(self.editor)
        came_from = "http://testserver" + reverse("admin:commitments_commitment_changelist")
        response = self.client.get(reverse("admin:irm_irmreport_add"), HTTP_REFERER=came_from)
        self.assertEqual(response.status_code, 403)
        html = response.content.decode()
        self.assertIn("Open Government Partnership · staff", html)  # the admin's frame
        self.assertIn("Your group: Editors.", html)
        self.assertIn(f'<a href="{came_from}">Go back</a>', html)
        self.assertIn(f'href="{reverse("admin:index")}">Admin home', html)

    def test_the_way_back_never_leads_to_another_site(self):
        self.client.force_login(self.editor)
        response = self.client.get(
            reverse("admin:irm_irmreport_add"), HTTP_REFERER="https://evil.example/admin/"
        )
        self.assertEqual(response.status_code, 403)
        html = response.content.decode()
        self.assertNotIn("evil.example", html)
        self.assertIn(f'<a href="{reverse("admin:index")}">Go back</a>', html)

    def test_outside_the_admin_the_403_is_the_sites_own(self):
        request = RequestFactory().get("/members/")
        request.user = self.editor
        response = views.permission_denied(request, PermissionDenied())
        self.assertEqual(response.status_code, 403)
        html = response.content.decode()
        self.assertNotIn("Open Government Partnership · staff", html)
        self.assertIn("Access denied", html)
