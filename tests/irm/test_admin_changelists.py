"""Every IRM changelist costs the same number of queries for 5 rows as for 40."""

from django.contrib import admin

from irm.models import (
    CommitmentAssessment,
    GlobalReportDimension,
    IrmReport,
    ParticipationAssessment,
    ThirdPartyScore,
)
from tests.members.test_admin_support import (
    ChangelistQueryTestCase,
    changelist_garbage_statuses,
    history_page,
)


class IrmChangelistQueryTests(ChangelistQueryTestCase):
    def test_irm_report(self):
        self.assert_constant(IrmReport)

    def test_commitment_assessment(self):
        self.assert_constant(CommitmentAssessment)

    def test_participation_assessment(self):
        self.assert_constant(ParticipationAssessment)

    def test_global_report_dimension(self):
        self.assert_constant(GlobalReportDimension)

    def test_third_party_score(self):
        self.assert_constant(ThirdPartyScore)

    def test_garbage_queries_are_never_a_server_error(self):
        for model in [
            IrmReport,
            CommitmentAssessment,
            ParticipationAssessment,
            GlobalReportDimension,
            ThirdPartyScore,
        ]:
            for query, status in changelist_garbage_statuses(self.client, model).items():
                with self.subTest(model=model.__name__, query=query[:40]):
                    self.assertIn(status, (200, 302, 400))

    def test_history_pages_render(self):
        for model in [
            IrmReport,
            CommitmentAssessment,
            ParticipationAssessment,
            GlobalReportDimension,
            ThirdPartyScore,
        ]:
            if not hasattr(model, "history"):
                continue  # no HistoricalRecords on this model
            self.assertTrue(admin.site._registry[model].history_view)
            obj = model.objects.filter(pk__in=model.history.values("id")).order_by("pk").last()
            with self.subTest(model=model.__name__):
                response = history_page(self.client, obj)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "change-history")
