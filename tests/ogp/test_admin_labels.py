"""Readable, translated labels in the admin: every model and field of the project's apps names
itself in OGP's and the IRM's words ("Starred (IRM)", not "Irm starred"), in the staff
member's language."""

import re

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst

from tests.factories import make_action_plan, make_commitment, make_member
from tests.members.test_admin_support import staff_user

PROJECT_APPS = ("members", "commitments", "irm", "imports", "ogp")


def project_models(historical=False):
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical") == historical:
                yield model


def unlabelled_fields(model):
    """The fields of `model` whose label was not set as a lazy translation (Django's default is
    the name with spaces, "irm starred"), or is an IRM column's raw name anyway."""
    found = []
    for field in model._meta.get_fields():
        if field.auto_created or not field.concrete and not field.many_to_many:
            continue  # reverse relations and the implicit id
        label = field.verbose_name
        spaced = field.name.replace("_", " ")
        raw = "irm" in field.name and str(label) in (spaced, capfirst(spaced))
        if not isinstance(label, Promise) or raw:
            found.append(f"{model._meta.label}.{field.name}: {label!r}")
    return found


class LabelRulesTests(TestCase):
    def test_every_model_names_itself_in_a_translated_word(self):
        missing = [
            model._meta.label
            for model in project_models()
            if not isinstance(model._meta.verbose_name, Promise)
            or not isinstance(model._meta.verbose_name_plural, Promise)
        ]
        self.assertEqual(missing, [])

    def test_every_field_has_an_explicit_translated_label(self):
        missing = [found for model in project_models() for found in unlabelled_fields(model)]
        self.assertEqual(missing, [])

    def test_history_records_follow_the_labels(self):
        # The history pages list a record's fields with the same labels, as the model's.
        missing = []
        for model in project_models(historical=True):
            source = model.instance_type
            if source._meta.auto_created:
                continue  # the history of a many-to-many table Django made (Post.members)
            for field in source._meta.concrete_fields:
                if field.auto_created:
                    continue
                copied = model._meta.get_field(field.attname if field.is_relation else field.name)
                label = copied.verbose_name
                if not isinstance(label, Promise) or str(label) != str(field.verbose_name):
                    missing.append(f"{model._meta.label}.{field.name}")
        self.assertEqual(missing, [])

    def test_translation_columns_name_their_language(self):
        from commitments.models import Commitment

        field = Commitment._meta.get_field("title_es")
        self.assertEqual(str(field.verbose_name), "Title (Spanish)")
        with translation.override("fr"):
            self.assertEqual(str(field.verbose_name), "Titre (espagnol)")

    def test_no_changelist_column_is_a_raw_field_name(self):
        raw = []
        for model, model_admin in admin.site._registry.items():
            if model._meta.app_label not in PROJECT_APPS:
                continue
            for name in model_admin.list_display:
                if name == "__str__" or callable(name):
                    continue
                label = label_for_field(name, model, model_admin)
                if not isinstance(label, Promise):
                    raw.append(f"{model._meta.label}: {name} → {label!r}")
        self.assertEqual(raw, [])


class SpanishAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.commitment = make_commitment(make_action_plan(make_member()))
        cls.admin = staff_user("admin", superuser=True)

    def page(self, url, language):
        self.client.force_login(self.admin)
        response = self.client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        self.assertEqual(response.status_code, 200)
        return re.sub(r"\s+", " ", response.content.decode())

    def test_the_commitment_change_form_in_spanish_shows_spanish_labels(self):
        url = reverse("admin:commitments_commitment_change", args=[self.commitment.pk])
        html = self.page(url, "es")
        spanish = [
            "Identificador",
            "Plan de acción",
            "Institución responsable",
            "Acceso a la información (valor de OGP)",
            "Título (español)",
            "Título (francés)",
            "Modificar compromiso",
        ]
        self.assertEqual([label for label in spanish if label not in html], [])
        english = ["Lead institution", "Claims technology", "Title (es)", "Irm starred"]
        self.assertEqual([label for label in english if label in html], [])

    def test_the_commitment_changelist_in_spanish_shows_spanish_columns_and_filters(self):
        html = self.page(reverse("admin:commitments_commitment_changelist"), "es")
        spanish = ["Estelar (MRI)", "Seleccione compromiso a modificar", "Por Publicado"]
        self.assertEqual([label for label in spanish if label not in html], [])
        self.assertEqual([label for label in ["Irm starred", "Published"] if label in html], [])
