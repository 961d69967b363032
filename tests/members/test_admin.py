"""Members in the admin: add with inlines, validation messages, history and revert."""

import warnings

from django.test import TestCase
from django.urls import reverse
from django.utils.deprecation import RemovedInDjango2028Warning

from members.models import Member, Region, ResourceType
from tests import factories
from tests.members.test_admin_support import admin_form_data, staff_user


class MemberAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user("editor", groups=["Editors"])
        cls.korea = factories.make_member(name="South Korea", country_code="KR")
        cls.kenya = factories.make_member(name="Kenya", country_code="KE")

    def setUp(self):
        self.client.force_login(self.user)

    def add_form(self, **values):
        data = admin_form_data(self.client.get(reverse("admin:members_member_add")))
        data.update(
            {
                "name": "Seoul, South Korea",
                "slug": "seoul",
                "kind": "local",
                "country_code": "KR",
                "region": str(factories.region("asia-and-the-pacific").pk),
                "member_since": "2016",
                "status": "active",
                "identifier_prefixes-0-prefix": "SEO",
            }
        )
        data.update(values)
        return data

    def test_add_member_with_two_contacts(self):
        data = self.add_form(parent=str(self.korea.pk))
        data.update(
            {
                "contacts-0-name": "Jihyun Kim",
                "contacts-0-email": "jihyun@example.org",
                "contacts-0-email_published": "on",
                "contacts-1-name": "Minho Lee",
                "contacts-1-job_title": "Director",
                "contacts-1-position": "1",
                "contacts-TOTAL_FORMS": "2",
            }
        )
        response = self.client.post(reverse("admin:members_member_add"), data)
        self.assertRedirects(response, reverse("admin:members_member_changelist"))
        seoul = Member.objects.get(slug="seoul")
        self.assertEqual(seoul.parent, self.korea)
        self.assertEqual(
            list(seoul.contacts.values_list("name", "email_published", "job_title")),
            [("Jihyun Kim", True, ""), ("Minho Lee", False, "Director")],
        )
        self.assertEqual(seoul.history.get().history_user, self.user)
        for contact in seoul.contacts.all():
            self.assertEqual(contact.history.get().history_user, self.user)

    def test_parent_of_another_country_is_refused_with_the_fix(self):
        data = self.add_form(parent=str(self.kenya.pk))
        response = self.client.post(reverse("admin:members_member_add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Kenya is the national member of KE")
        self.assertContains(response, "choose the national member of KR")
        self.assertFalse(Member.objects.filter(slug="seoul").exists())

    def test_national_member_with_a_parent_is_refused(self):
        data = self.add_form(kind="national", parent=str(self.korea.pk))
        response = self.client.post(reverse("admin:members_member_add"), data)
        self.assertContains(response, "Only a local member has a national parent")

    def test_local_parent_is_refused(self):
        # limit_choices_to keeps local members out of the choices altogether.
        local = factories.make_member(
            name="Busan, South Korea", kind="local", parent=self.korea, country_code="KR"
        )
        data = self.add_form(parent=str(local.pk))
        response = self.client.post(reverse("admin:members_member_add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("parent", response.context["adminform"].form.errors)

    def test_garbage_input_is_a_form_error_not_a_500(self):
        data = self.add_form(member_since="soon", region="x", parent="99999999", kind="?")
        response = self.client.post(reverse("admin:members_member_add"), data)
        self.assertEqual(response.status_code, 200)
        errors = response.context["adminform"].form.errors
        self.assertTrue({"member_since", "region", "parent", "kind"} <= set(errors))


class MemberHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = staff_user("jihyun", groups=["Editors"])
        cls.member = factories.make_member(name="Kenya", country_code="KE", summary="Before")

    def setUp(self):
        self.client.force_login(self.user)

    def edit(self, **values):
        url = reverse("admin:members_member_change", args=[self.member.pk])
        data = admin_form_data(self.client.get(url))
        data.update(values)
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))

    def test_history_lists_the_change_and_who_made_it(self):
        self.edit(summary="After the edit")
        response = self.client.get(reverse("admin:members_member_history", args=[self.member.pk]))
        self.assertEqual(response.status_code, 200)
        records = list(response.context["page_obj"])
        self.assertEqual(len(records), 2)  # created by the factory, changed in the admin
        latest = records[0]
        self.assertEqual(latest.history_user, self.user)
        self.assertEqual(latest.history_type, "~")
        self.assertContains(response, "jihyun")
        self.assertContains(response, "After the edit")

    def test_revert_restores_the_earlier_version(self):
        self.edit(summary="After the edit", lead_agency="Ministry")
        original = self.member.history.earliest()
        url = reverse("admin:members_member_simple_history", args=[self.member.pk, original.pk])
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Revert")
        response = self.client.post(url, admin_form_data(page))
        self.assertEqual(response.status_code, 302)
        self.member.refresh_from_db()
        self.assertEqual(self.member.summary, "Before")
        self.assertEqual(self.member.lead_agency, "")
        self.assertEqual(self.member.history.count(), 3)
        self.assertEqual(self.member.history.first().history_user, self.user)


class ParentAutocompleteTests(TestCase):
    def test_only_national_members_are_offered_as_parent(self):
        korea = factories.make_member(name="South Korea")
        factories.make_member(name="Seoul, South Korea", kind="local", parent=korea)
        self.client.force_login(staff_user("editor", groups=["Editors"]))
        response = self.client.get(
            reverse("admin:autocomplete"),
            {"app_label": "members", "model_name": "member", "field_name": "parent", "term": "ou"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual([row["text"] for row in response.json()["results"]], ["South Korea"])


class ResourceValidationTests(TestCase):
    def test_resource_without_link_or_file_says_what_to_give(self):
        member = factories.make_member(name="Kenya")
        self.client.force_login(staff_user("editor", groups=["Editors"]))
        url = reverse("admin:members_member_change", args=[member.pk])
        data = admin_form_data(self.client.get(url))
        data.update(
            {
                "resources-0-title": "Action plan 2024",
                "resources-0-year": "2024",
                "resources-0-type": str(ResourceType.objects.get(slug="action-plan").pk),
                "resources-0-format": "pdf",
                "resources-0-url": "",
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Give a link to the document, or upload its file.")
        self.assertNotContains(response, "is violated")
        data["resources-0-url"] = "https://example.org/plan.pdf"
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(member.resources.get().title, "Action plan 2024")


class MalformedHistoryUrlTests(TestCase):
    def test_malformed_ids_are_not_found(self):
        member = factories.make_member(name="Kenya")
        version = member.history.get()
        self.client.force_login(staff_user("editor", groups=["Editors"]))
        for object_id, version_id in [
            ("abc", None),
            ("9" * 30, None),
            ("abc", version.pk),
            (member.pk, "abc"),
            (member.pk, "1.5"),
            (member.pk, "9" * 30),
        ]:
            path = f"/admin/members/member/{object_id}/history/"
            if version_id is not None:
                path += f"{version_id}/"
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)
                if version_id is not None:
                    self.assertEqual(self.client.post(path, {}).status_code, 404)


class HistoryPageTests(TestCase):
    def test_history_of_a_model_without_foreign_keys_uses_no_deprecated_select_related(self):
        # simple_history calls select_related() with no field names for a model that has no
        # tracked foreign key (Region), which Django 6.1 deprecates: it would follow every one.
        region = Region.objects.first()
        self.client.force_login(staff_user("admin", superuser=True))
        with warnings.catch_warnings():
            warnings.simplefilter("error", RemovedInDjango2028Warning)
            response = self.client.get(f"/admin/members/region/{region.pk}/history/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, region.name)
