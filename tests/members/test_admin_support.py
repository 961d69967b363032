"""Helpers for the admin tests (no tests here): post what a browser would post, and build a
dataset with related rows for every admin changelist."""

from decimal import Decimal
from unittest import mock

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.models import PolicyArea, PolicyAreaAlias
from irm.models import GlobalReportDimension, ThirdPartyScore
from members.models import Member, Post, Region, ResourceType
from tests import factories


def admin_form_data(response):
    """The fields of an admin add/change page as a browser would submit them, inline
    management forms included. Tests change a few values and post the rest as rendered."""
    context = response.context
    all_forms = [context["adminform"].form]
    inlines = context.get("inline_admin_formsets", [])
    for inline in inlines:
        all_forms.append(inline.formset.management_form)
        all_forms.extend(inline.formset.forms)
    data = {}
    for form in all_forms:
        for name, field in form.fields.items():
            bound = form[name]
            value = bound.value()
            widget = field.widget
            widget = getattr(widget, "widget", widget)  # RelatedFieldWidgetWrapper
            if isinstance(widget, forms.CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(widget, forms.NullBooleanSelect):
                data[bound.html_name] = widget.format_value(value)
            elif isinstance(widget, (forms.SelectMultiple, forms.CheckboxSelectMultiple)):
                data[bound.html_name] = [str(item) for item in value or []]
            elif isinstance(widget, forms.FileInput):
                continue
            else:
                data[bound.html_name] = "" if value is None else str(value)
    return data


def staff_user(username, groups=(), superuser=False):
    user = get_user_model().objects.create_user(
        username=username,
        password="not-used",
        is_staff=True,
        is_superuser=superuser,
    )
    if groups:
        user.groups.set(Group.objects.filter(name__in=groups))
    return user


def build_dataset(n):
    """n rows (at least) on every changelist, each with its related rows."""
    europe = factories.region("europe")
    for i in range(max(0, n - Region.objects.count())):
        Region.objects.create(name=f"Region {i}", slug=f"region-{i}", position=10 + i)
    for i in range(max(0, n - ResourceType.objects.count())):
        ResourceType.objects.create(name=f"Type {i}", slug=f"type-{i}")
    for i in range(max(0, n - GlobalReportDimension.objects.count())):
        GlobalReportDimension.objects.create(name=f"Dimension {i}", slug=f"dimension-{i}")
    areas = list(PolicyArea.objects.order_by("pk")[:n])
    types = list(ResourceType.objects.order_by("pk"))
    dimensions = list(GlobalReportDimension.objects.order_by("pk"))
    for area in areas[1:]:
        area.parent = areas[0]
        area.save(update_fields=["parent"])
    for dimension in dimensions:
        dimension.policy_areas.set(areas[:3])

    national = None
    for i in range(n):
        if i % 4 == 3:
            member = factories.make_member(
                name=f"City {i}, Country", kind=Member.Kind.LOCAL, parent=national, region=europe
            )
        else:
            member = national = factories.make_member(name=f"Country {i}", region=europe)
        factories.make_contact(member, name=f"Contact A{i}")
        factories.make_contact(member, name=f"Contact B{i}")
        factories.make_resource(member, title=f"Resource {i}", type=types[i % len(types)])
        plan = factories.make_action_plan(member)
        area = areas[i % len(areas)]
        commitment = factories.make_commitment(
            plan, policy_areas=[area, areas[0]], primary_policy_area=area
        )
        factories.make_milestone(commitment)
        report = factories.make_report(plan)
        factories.make_assessment(commitment, report, completion="substantial")
        factories.make_participation(plan, report=report, development_level="involve")
        post = Post.objects.create(
            title=f"Post {i}", slug=f"post-{i}", date="2024-01-01", url="https://example.org/p"
        )
        post.members.set([member])
        PolicyAreaAlias.objects.create(name=f"Old name {i}", policy_area=area)
        ThirdPartyScore.objects.create(
            member=member,
            dimension=dimensions[i % len(dimensions)],
            indicator="Index",
            source="Source",
            value=Decimal("50.5"),
            year=2023,
        )


def changelist_query_counts(client, model, pages=(5, 100)):
    """Render a model's admin changelist with `pages` rows per page; return {rows: queries}.

    The same data is shown 5 rows to a page, then 40+: a query per row would make the counts
    differ. Each shown row must be in the page (its change link)."""
    model_admin = admin.site._registry[model]
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    client.get(url)  # warm the caches (content types, session) that a real site keeps
    counts = {}
    for per_page in pages:
        with (
            mock.patch.object(model_admin, "list_per_page", per_page),
            CaptureQueriesContext(connection) as queries,
        ):
            response = client.get(url)
        assert response.status_code == 200
        rows = list(response.context["cl"].result_list)
        content = response.content.decode()
        for row in rows:
            change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
            assert f'href="{change_url}' in content, f"row {row} is not on the page"
        counts[len(rows)] = len(queries)
    return counts


GARBAGE_QUERIES = [
    "?o=zz.-x",
    "?p=x",
    "?q=%00" + "x" * 500,
    "?published__exact=maybe&year=abc",
    "?id__gt=x",
    "?region__id__exact=x",
]


def changelist_garbage_statuses(client, model):
    """The status of the changelist for each garbage query (never a 500)."""
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return {query: client.get(url + query).status_code for query in GARBAGE_QUERIES}


def history_page(client, obj):
    opts = obj._meta
    return client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))


class ChangelistQueryTestCase(TestCase):
    """40 rows of every model, a signed-in superuser, and `assert_constant(model)`: the
    changelist costs the same queries for a page of 5 rows as for one of 40 or more."""

    @classmethod
    def setUpTestData(cls):
        build_dataset(40)
        cls.user = staff_user("admin", superuser=True)

    def setUp(self):
        self.client.force_login(self.user)

    def assert_constant(self, model):
        counts = changelist_query_counts(self.client, model)
        few, many = sorted(counts)
        self.assertEqual(few, 5)
        self.assertGreaterEqual(many, 40)
        self.assertEqual(counts[few], counts[many], counts)
