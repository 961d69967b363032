"""The IRM findings and column names, each declared once: every list derives from them, and the
read shapes (published reports and assessments, the policy area tree) are QuerySet methods."""

from django.test import SimpleTestCase, TestCase

from api.serializers import CommitmentSerializer
from commitments import vocabularies
from commitments.models import FILTERED_COLUMNS, ActionPlan, Commitment, PolicyArea
from irm import findings
from irm.display import GLOBAL_REPORT_KEY
from irm.metrics import GLOBAL_REPORT_CODES, MERGED_FIELDS
from irm.models import CommitmentAssessment, IrmReport
from irm.services import FINDINGS_COLUMNS, UPDATE_FIELDS
from opendata import columns
from tests import factories as f


class ColumnNamesTests(SimpleTestCase):
    def test_the_tuple_names_every_effective_irm_column_of_the_model(self):
        stored = [
            field.name
            for field in Commitment._meta.concrete_fields
            if field.name.startswith("irm_")
        ]
        self.assertEqual(sorted(vocabularies.IRM_FIELDS), sorted(stored))
        self.assertEqual(len(set(vocabularies.IRM_FIELDS)), len(vocabularies.IRM_FIELDS))

    def test_every_list_of_irm_columns_derives_from_it(self):
        api = [name for name in CommitmentSerializer.Meta.fields if name.startswith("irm_")]
        self.assertEqual(api, list(vocabularies.IRM_FIELDS))
        self.assertEqual(sorted(UPDATE_FIELDS), sorted(vocabularies.IRM_FIELDS))
        bulk = [c.name for c in columns.COMMITMENTS.columns if c.name.startswith("irm_")]
        self.assertEqual(bulk, list(vocabularies.IRM_FIELDS))
        self.assertEqual(
            FILTERED_COLUMNS[-len(vocabularies.FILTERED_IRM_FIELDS) :],
            list(vocabularies.FILTERED_IRM_FIELDS),
        )
        # Each merged column stores the merged value of the same name.
        self.assertEqual(sorted(FINDINGS_COLUMNS.values()), sorted(MERGED_FIELDS))

    def test_nested_vocabularies_are_the_shared_ones(self):
        self.assertIs(ActionPlan.IrmCoverage, vocabularies.IrmCoverage)
        self.assertIs(Commitment.Status, vocabularies.Status)

    def test_global_report_key_follows_the_codes(self):
        self.assertEqual([code for code, _text in GLOBAL_REPORT_KEY], list(GLOBAL_REPORT_CODES))

    def test_unassessed_state_by_coverage(self):
        self.assertEqual(findings.unassessed_state("covered"), "pending")
        self.assertEqual(findings.unassessed_state("not_covered"), "no_data")

    def test_page_verifiable_prefers_the_2021_flag(self):
        self.assertIs(findings.page_verifiable(False, "high"), False)
        self.assertIs(findings.page_verifiable(None, "medium"), True)
        self.assertIs(findings.page_verifiable(None, "low"), False)
        self.assertIsNone(findings.page_verifiable(None, ""))


class FindingConditionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        plan = f.make_action_plan()
        cls.strong_2011 = f.make_commitment(plan, irm_state="assessed", irm_early_results="major")
        cls.strong_2021 = f.make_commitment(
            plan, irm_state="assessed", irm_early_results_refresh="significant"
        )
        cls.modest = f.make_commitment(
            plan, irm_state="assessed", irm_early_results_refresh="modest"
        )
        cls.both = f.make_commitment(
            plan, irm_state="assessed", irm_verifiable=True, irm_specificity="low"
        )

    def matching(self, condition):
        return set(Commitment.objects.filter(condition))

    def test_strong_early_results_reads_both_methods(self):
        self.assertEqual(
            self.matching(findings.STRONG_EARLY_RESULTS), {self.strong_2011, self.strong_2021}
        )
        self.assertEqual(self.matching(findings.MAJOR), {self.strong_2011})

    def test_the_explorer_reads_verifiable_from_either_column(self):
        # docs/domain.md §10.3: a commitment with both columns matches yes and no.
        self.assertIn(self.both, self.matching(findings.finding_q("verifiable", "yes")))
        self.assertIn(self.both, self.matching(findings.finding_q("verifiable", "no")))
        self.assertEqual(self.matching(findings.finding_q("verifiable", "pending")), set())


class ReadShapeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.plan = f.make_action_plan()
        cls.draft_plan = f.make_action_plan(cls.plan.member, published=False)
        cls.report = f.make_report(cls.plan)
        cls.draft_report = f.make_report(cls.plan, published=False, type="progress")
        cls.hidden_report = f.make_report(cls.draft_plan)
        cls.commitment = f.make_commitment(cls.plan)
        cls.draft_commitment = f.make_commitment(cls.plan, published=False)
        cls.counted = f.make_assessment(cls.commitment, cls.report)
        cls.draft = f.make_assessment(cls.commitment, cls.draft_report)
        cls.unpublished = f.make_assessment(cls.draft_commitment, cls.report)

    def test_published_reports_are_on_published_plans(self):
        self.assertEqual(list(IrmReport.objects.published()), [self.report])

    def test_published_and_counted_assessments(self):
        self.assertEqual(list(CommitmentAssessment.objects.published()), [self.counted])
        self.assertEqual(
            set(CommitmentAssessment.objects.of_published_reports()),
            {self.counted, self.unpublished},
        )

    def test_plans_of_a_member_know_it(self):
        plans = ActionPlan.objects.of_member(self.plan.member)
        self.assertEqual(plans, [self.plan])
        with self.assertNumQueries(0):
            plans[0].get_absolute_url()

    def test_policy_area_tree(self):
        areas = PolicyArea.objects.tree()
        self.assertEqual(len(areas), PolicyArea.objects.count())
        for area in areas:
            for child in area.child_areas:
                self.assertEqual(child.depth, area.depth + 1)
                self.assertGreater(areas.index(child), areas.index(area))
        parent = next(area for area in areas if area.child_areas)
        ids = [area.pk for area in parent.subtree()]
        self.assertEqual(ids[0], parent.pk)
        under, frontier = set(), {parent.pk}
        while frontier:  # the areas under it, read from the database level by level
            frontier = set(
                PolicyArea.objects.filter(parent__in=frontier).values_list("pk", flat=True)
            )
            under |= frontier
        self.assertEqual(sorted(ids[1:]), sorted(under))
