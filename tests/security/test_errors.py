"""No stack trace reaches the public: a failing view answers the plain 500 page, which renders
without the database; unknown pages answer the site's 404 page."""

from django.test import Client, TestCase, override_settings
from django.views.defaults import server_error

from tests.members.test_admin_support import staff_user


@override_settings(ROOT_URLCONF="tests.security.urls", DEBUG=False)
class ErrorPageTests(TestCase):
    def test_an_exception_answers_a_plain_500_without_the_traceback(self):
        client = Client(raise_request_exception=False)
        with self.assertLogs("django.request", "ERROR"):  # recorded for the operators
            response = client.get("/broken/")
        self.assertEqual(response.status_code, 500)
        self.assertTemplateUsed(response, "500.html")
        self.assertTemplateUsed(response, "base.html")
        body = response.content.decode()
        self.assertIn("Something went wrong", body)
        for leak in ["Traceback", "RuntimeError", "hunter2", "secret internals", "broken"]:
            self.assertNotIn(leak, body)

    def test_the_500_page_needs_no_database(self):
        request = Client().get("/").wsgi_request
        with self.assertNumQueries(0):
            response = server_error(request)
        self.assertEqual(response.status_code, 500)
        self.assertIn(b"Something went wrong", response.content)

    def test_unknown_pages_answer_the_site_404_page(self):
        response = self.client.get("/members/no-such-member/")
        self.assertEqual(response.status_code, 404)
        self.assertTemplateUsed(response, "404.html")
        self.assertContains(response, "Page not found", status_code=404)
        self.assertContains(response, 'href="/members/"', status_code=404)
        self.assertNotContains(response, "Traceback", status_code=404)

    def test_a_forbidden_page_answers_the_site_403_page(self):
        self.client.force_login(staff_user("researcher", groups=["IRM researchers"]))
        response = self.client.get("/admin/members/member/add/")
        self.assertEqual(response.status_code, 403)
        self.assertTemplateUsed(response, "403.html")
        self.assertContains(response, "Access denied", status_code=403)
