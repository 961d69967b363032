"""Garbage posted to any add or change page of the project's admin is a form error (a NUL
character: a 400 before the admin runs, ogp.middleware.RefuseNulMiddleware), never a server
error."""

from django.contrib import admin
from django.test import TestCase
from django.urls import reverse

from tests import factories
from tests.members.test_admin_support import admin_form_data, staff_user

APPS = {"members", "commitments", "irm"}
GARBAGE = ["\x00", "99999999999999999999999", "2024-13-45"]


def expected_status(value):
    return (400,) if "\x00" in value else (200, 302)


def project_models():
    return [model for model in admin.site._registry if model._meta.app_label in APPS]


class AdminGarbageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user("admin", superuser=True)
        plan = factories.make_action_plan()
        commitment = factories.make_commitment(plan)
        factories.make_assessment(commitment, completion="limited")

    def setUp(self):
        self.client.force_login(self.user)

    def garbage_posts(self, url):
        data = admin_form_data(self.client.get(url))
        for value in GARBAGE:
            posted = {key: value for key in data if not key.endswith("_FORMS")}
            posted.update({key: data[key] for key in data if key.endswith("_FORMS")})
            yield value, self.client.post(url, posted)
        broken = dict(data)
        broken.update({key: "x" for key in data if key.endswith("_FORMS")})
        yield "management form", self.client.post(url, broken)

    def test_add_pages(self):
        for model in project_models():
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            for value, response in self.garbage_posts(url):
                with self.subTest(model=opts.model_name, value=value[:20]):
                    self.assertIn(response.status_code, expected_status(value))

    def test_change_pages(self):
        for model in project_models():
            obj = model._default_manager.order_by("pk").first()
            if obj is None:
                continue
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            for value, response in self.garbage_posts(url):
                with self.subTest(model=opts.model_name, value=value[:20]):
                    self.assertIn(response.status_code, expected_status(value))
