"""The commitments' and assessments' answers built from rows (api.rows) are, byte for byte, what
their declared serializers (api.serializers, the API's schema) give for the same records: every
key in the same order, the same values and formats, labels in each language."""

import datetime
import json

from django.db.models import Prefetch
from django.test import RequestFactory, TestCase
from django.utils import translation

from api.rows import assessment_answers, assessment_rows, commitment_answers, commitment_rows
from api.serializers import AssessmentSerializer, CommitmentSerializer
from commitments.models import Commitment, Milestone, PolicyArea
from irm.models import CommitmentAssessment
from irm.services import refresh_all_findings
from tests import factories as f
from tests.api.data import build_dataset
from tests.security.hostile import CLEAN_HTML, HTML


def declared_commitments():
    """Commitments loaded as the declared serializer reads them (with their related rows)."""
    return (
        Commitment.objects.published()
        .select_related("action_plan__member", "primary_policy_area")
        .prefetch_related(
            Prefetch("policy_areas", queryset=PolicyArea.objects.order_by("name")),
            Prefetch("milestones", queryset=Milestone.objects.order_by("position", "pk")),
            Prefetch("assessments", queryset=CommitmentAssessment.objects.in_report_order()),
        )
        .order_by("identifier")
    )


def declared_assessments():
    return (
        CommitmentAssessment.objects.published()
        .select_related("commitment", "report")
        .prefetch_related(
            Prefetch(
                "commitment__assessments", queryset=CommitmentAssessment.objects.in_report_order()
            )
        )
        .order_by("pk")
    )


def as_json(data):
    """The answer as the API writes it: key order counts, and so does each value's type."""
    return json.dumps(data, ensure_ascii=False, indent=1)


class RowsAreTheDeclaredSerializersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = build_dataset()
        areas = cls.data.areas
        PolicyArea.objects.filter(pk=areas.open_data.pk).update(
            name_es="Datos abiertos", name_fr="Données ouvertes"
        )
        PolicyArea.objects.filter(pk=areas.gender.pk).update(name_fr="Genre")
        plan = f.make_action_plan(
            f.make_member(name="Chile", commitment_prefix="CL"),
            start_year=2014,
            end_year=2016,
            submission_year=2014,
        )
        translated = f.make_commitment(
            plan,
            policy_areas=[areas.gender, areas.open_data, areas.access],
            primary_policy_area=areas.gender,
            description=HTML,
            title_es="Presupuestos abiertos",
            short_title_fr="Budgets",
            description_es=HTML,
            description_fr="Texte < 5 % & <3",
            start_date=datetime.date(2014, 7, 1),
            end_date=None,
            number=None,
            status="",
        )
        f.make_mid_and_end_of_term(translated)
        f.make_milestone(translated, start_date="2014-07-31", title_es="Hito")
        f.make_milestone(translated, completion="complete", position=0)
        draft = f.make_report(plan, type="design", title="Unpublished", published=False)
        f.make_assessment(translated, draft, specificity="low")
        refresh_all_findings()
        cls.request = RequestFactory().get("/api/commitments/")

    def test_commitments(self):
        rows = commitment_rows(Commitment.objects.published().order_by("identifier"))
        declared = declared_commitments()
        self.assertEqual(len(declared), 7)
        for language in ("en", "es", "fr"):
            with self.subTest(language=language), translation.override(language):
                context = {"request": self.request}
                expected = [CommitmentSerializer(c, context=context).data for c in declared]
                self.assertEqual(as_json(commitment_answers(rows, self.request)), as_json(expected))

    def test_the_fixture_varies(self):
        """What the comparison covers: translations, labels, rich text, dates and nulls, several
        reports, milestones and areas."""
        rows = commitment_rows(Commitment.objects.published().order_by("identifier"))
        with translation.override("es"):
            answers = {a["identifier"]: a for a in commitment_answers(rows, self.request)}
        chile = next(a for a in answers.values() if a["member"]["slug"] == "chile")
        self.assertEqual(chile["description"], CLEAN_HTML)
        self.assertEqual(chile["description_es"], CLEAN_HTML)
        self.assertEqual(chile["description_fr"], "Texte < 5 % & <3")
        self.assertEqual((chile["start_date"], chile["end_date"]), ("2014-07-01", None))
        self.assertEqual(
            [a["label"] for a in chile["policy_areas"]],
            ["Access to Information", "Gender", "Datos abiertos"],
        )
        self.assertEqual([m["position"] for m in chile["milestones"]], [0, 1])
        self.assertEqual(len(chile["assessments"]), 2)  # not the unpublished report's
        self.assertEqual(chile["labels"]["irm_completion"], "Sustancial")
        self.assertIsNone(answers[self.data.commitments.seoul_b.identifier]["primary_policy_area"])

    def test_assessments(self):
        rows = assessment_rows(CommitmentAssessment.objects.published().order_by("pk"))
        declared = declared_assessments()
        self.assertEqual(len(declared), 4)
        for language in ("en", "es", "fr"):
            with self.subTest(language=language), translation.override(language):
                context = {"request": self.request}
                expected = [AssessmentSerializer(a, context=context).data for a in declared]
                self.assertEqual(as_json(assessment_answers(rows, self.request)), as_json(expected))

    def test_no_rows(self):
        self.assertEqual(commitment_answers([], self.request), [])
        self.assertEqual(assessment_answers([], self.request), [])
