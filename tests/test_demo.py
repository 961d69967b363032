"""The demo data: Seoul as the seed page shows it, and a seeded, idempotent synthetic set."""

import random
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase, TestCase

from commitments.models import ActionPlan, Commitment, IdentifierPrefix, Milestone
from demo.loader import demo_members
from demo.places import choose_members
from irm.methods import Method
from irm.models import CommitmentAssessment, IrmReport, ParticipationAssessment
from irm.services import UPDATE_FIELDS, refresh_all_findings
from members.models import Contact, Member, Post, Region, Resource

SMALL = 0.1  # about 8 national and 15 local members besides Seoul: a few seconds


def load(scale=SMALL, **options):
    out = StringIO()
    call_command("load_demo", scale=scale, stdout=out, **options)
    return out.getvalue()


def prefixes(member):
    return list(member.identifier_prefixes.values_list("prefix", flat=True))


def counts():
    models = [
        Member,
        IdentifierPrefix,
        Contact,
        Resource,
        Post,
        Post.members.through,
        ActionPlan,
        Commitment,
        Commitment.policy_areas.through,
        Milestone,
        IrmReport,
        CommitmentAssessment,
        ParticipationAssessment,
        get_user_model(),
    ]
    return {model._meta.label: model.objects.count() for model in models}


def fingerprint():
    return list(
        Commitment.objects.order_by("identifier").values_list(
            "identifier", "title", "action_plan__member__name", "irm_state", "irm_starred"
        )
    )


class SeoulTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load(scale=0.01, no_users=True)  # Seoul is complete at every scale
        cls.seoul = Member.objects.get(slug="seoul-south-korea")

    def test_member(self):
        seoul = self.seoul
        self.assertEqual(seoul.name, "Seoul, South Korea")
        self.assertEqual(seoul.kind, Member.Kind.LOCAL)
        self.assertEqual(seoul.country_code, "KR")
        self.assertEqual(seoul.region.name, "Asia and the Pacific")
        self.assertEqual(seoul.member_since, 2016)
        self.assertEqual(prefixes(seoul), ["SEO"])
        self.assertEqual(seoul.lead_agency_url, "https://english.seoul.go.kr/")
        self.assertEqual(
            seoul.focus_labels,
            ["Citizen Participation", "Youth Startups", "Citizen Digital Literacy"],
        )
        self.assertIn("citizen participation improving the subway system", seoul.summary)
        self.assertTrue(seoul.published)
        parent = seoul.parent
        self.assertEqual(
            (parent.name, parent.kind, prefixes(parent)), ("South Korea", "national", ["KR"])
        )

    def test_contact(self):
        contact = self.seoul.contacts.get()
        self.assertEqual(contact.name, "Jihyun Kim")
        self.assertEqual(contact.job_title, "External Relations Officer")
        self.assertEqual(contact.organisation, "Seoul Metropolitan Government, Smart City Division")
        self.assertEqual(contact.public_email, "kimjihyun@seoul.go.kr")

    def test_resources_as_listed(self):
        resources = list(self.seoul.resources.select_related("type"))  # in the page order
        comment = "Seoul Final IRM Review 2017 – For Public Comment"
        self.assertEqual(
            [r.title for r in resources],
            [
                "IRM Report on Local Action Plans",
                comment,
                comment,
                "Seoul Action Plan 2018-2020",
                "Seoul, Korea Action Plan",
                "Transparency International Korea Endorsement Letter",
                "Open Net Endorsement Letter",
            ],
        )
        self.assertEqual([r.year for r in resources], [2022, 2019, 2019, 2018, 2016, 2016, 2016])
        self.assertEqual(
            [r.type.name for r in resources],
            ["IRM Report", "Report Comments", "Report Comments", "Action Plan", "Action Plan"]
            + ["Letter", "Letter"],
        )
        self.assertEqual({r.get_format_display() for r in resources}, {"Web page"})
        self.assertEqual(
            resources[1].teaser,
            "In 2019, the Independent Reporting Mechanism (IRM) published its assessment report "
            "for Seoul's first action plan, prepared by the independent…",
        )
        self.assertEqual([r.teaser for r in resources[2:]], [""] * 5)

    def test_plans(self):
        first, second = self.seoul.action_plans.order_by("number")
        self.assertEqual((first.number, first.start_year, first.end_year), (1, 2016, 2017))
        self.assertEqual((second.number, second.years), (2, "2018-2020"))
        self.assertEqual(second.title, "Seoul Action Plan 2018-2020")
        self.assertEqual(
            list(second.commitments.values_list("identifier", flat=True)),
            ["SEO0006", "SEO0007", "SEO0008"],
        )
        self.assertEqual(first.commitments.count(), 5)

    def test_plan_one_major_one_outstanding_none_starred_none(self):
        plan = self.seoul.action_plans.get(number=1)
        commitments = plan.commitments.all()
        self.assertEqual(commitments.filter(irm_state="assessed").count(), 5)
        self.assertEqual(commitments.filter(irm_early_results="major").count(), 1)
        self.assertEqual(commitments.filter(irm_early_results="outstanding").count(), 0)
        self.assertEqual(commitments.filter(irm_starred=True).count(), 0)
        report = plan.irm_reports.get()
        self.assertEqual(report.title, "Seoul Final IRM Review 2017")

    def test_plan_two_pending_review(self):
        plan = self.seoul.action_plans.get(number=2)
        self.assertEqual(plan.irm_coverage, ActionPlan.IrmCoverage.COVERED)
        self.assertFalse(CommitmentAssessment.objects.filter(commitment__action_plan=plan).exists())
        self.assertEqual(set(plan.commitments.values_list("irm_state", flat=True)), {"pending"})

    def test_participation(self):
        participation = ParticipationAssessment.objects.get(action_plan__member=self.seoul)
        self.assertEqual(participation.action_plan.number, 1)
        self.assertEqual(participation.development_level, "involve")
        self.assertEqual(participation.implementation_level, "consult")
        self.assertTrue(participation.development_open)

    def test_post(self):
        post = self.seoul.posts.get()
        self.assertEqual(post.title, "Seoul and the OGP Ten")
        self.assertTrue(post.excerpt.startswith("As the government of the Republic of Korea"))
        self.assertTrue(post.published)


class LoaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = load(seed=5, password="first-password")
        cls.counts = counts()
        cls.fingerprint = fingerprint()

    def test_a_second_run_leaves_the_same_data_and_resets_the_logins(self):
        output = load(seed=5, password="second-password")
        self.assertEqual(counts(), self.counts)
        self.assertEqual(fingerprint(), self.fingerprint)
        self.assertEqual(Member.objects.filter(slug="seoul-south-korea").count(), 1)
        admin = get_user_model().objects.get(username="admin")
        self.assertTrue(admin.check_password("second-password"))
        self.assertIn("second-password", output)

    def test_another_seed_gives_other_data(self):
        load(seed=6, no_users=True)
        self.assertNotEqual(fingerprint(), self.fingerprint)
        self.assertEqual(Member.objects.filter(slug="seoul-south-korea").count(), 1)

    def test_a_run_leaves_members_staff_created_alone(self):
        korea = Member.objects.get(slug="south-korea")
        gwangju = Member.objects.create(
            name="Gwangju, South Korea",
            slug="gwangju-south-korea",
            kind=Member.Kind.LOCAL,
            country_code="KR",
            parent=korea,
            region=korea.region,
            member_since=2022,
        )
        gwangju.identifier_prefixes.create(prefix="GWJ")
        load(seed=5, no_users=True)
        gwangju.refresh_from_db()  # still there, unlinked from the South Korea deleted
        self.assertIsNone(gwangju.parent)
        self.assertEqual(counts()["members.Member"], self.counts["members.Member"] + 1)

    def test_scale_of_the_sample(self):
        members = demo_members()
        self.assertGreaterEqual(members.filter(kind="national").count(), 8)
        self.assertGreaterEqual(members.filter(kind="local").count(), 15)
        self.assertEqual(members.values("region").distinct().count(), 4)
        self.assertGreater(self.counts["commitments.Commitment"], 300)

    def test_spanish_and_french_members_have_descriptions_and_milestones_in_their_language(self):
        from demo.languages import language_of

        seen = set()
        for member in demo_members():
            language = language_of(member)
            commitments = Commitment.objects.filter(action_plan__member=member)
            milestones = Milestone.objects.filter(commitment__action_plan__member=member)
            if language is None:
                self.assertFalse(commitments.exclude(description_es="", description_fr="").exists())
                continue
            seen.add(language)
            other = "fr" if language == "es" else "es"
            described = commitments.exclude(**{f"description_{language}": ""})
            self.assertTrue(described.exists(), member)
            self.assertFalse(commitments.exclude(**{f"description_{other}": ""}).exists())
            titled = milestones.exclude(**{f"title_{language}": ""})
            self.assertEqual(titled.count(), milestones.count(), member)
            sample = titled.first()
            self.assertNotEqual(getattr(sample, f"title_{language}"), sample.title)
        self.assertEqual(seen, {"es", "fr"})

    def test_every_assessment_passes_full_clean(self):
        assessments = CommitmentAssessment.objects.select_related(
            "report__action_plan", "commitment"
        )
        self.assertGreater(len(assessments), 100)
        for assessment in assessments:
            assessment.full_clean()  # the era's fields only, the plan's own report
        for participation in ParticipationAssessment.objects.select_related("report"):
            participation.full_clean()

    def test_records_pass_full_clean(self):
        # Every member and plan; a sample of the rest (full_clean runs a query per constraint).
        for model, step in ((Member, 1), (ActionPlan, 1), (IrmReport, 3), (Commitment, 10)):
            for row in model.objects.order_by("pk")[::step]:
                row.full_clean()
        for model in (Resource, Contact, Post, Milestone):
            for row in model.objects.order_by("pk")[::20]:
                row.full_clean()

    def test_assessments_cover_the_three_eras(self):
        reports = IrmReport.objects.filter(assessments__isnull=False).distinct()
        self.assertEqual({report.era for report in reports}, set(Method))
        self.assertTrue(Commitment.objects.filter(irm_state="pending").exists())
        self.assertTrue(Commitment.objects.filter(irm_state="no_data").exists())

    def test_effective_values_are_what_the_service_computes(self):
        before = list(Commitment.objects.order_by("pk").values_list("pk", *UPDATE_FIELDS))
        refresh_all_findings()
        after = list(Commitment.objects.order_by("pk").values_list("pk", *UPDATE_FIELDS))
        self.assertEqual(after, before)

    def test_some_records_are_unpublished(self):
        self.assertTrue(Member.objects.filter(published=False).exists())
        self.assertTrue(ActionPlan.objects.filter(published=False, member__published=True).exists())
        self.assertTrue(
            Commitment.objects.filter(published=False, action_plan__published=True).exists()
        )

    def test_staff_logins(self):
        User = get_user_model()
        admin = User.objects.get(username="admin")
        self.assertTrue(admin.is_superuser and admin.is_staff)
        self.assertTrue(admin.has_usable_password())
        editor = User.objects.get(username="editor")
        self.assertEqual(list(editor.groups.values_list("name", flat=True)), ["Editors"])
        self.assertFalse(editor.is_superuser)
        researcher = User.objects.get(username="researcher")
        self.assertEqual(
            list(researcher.groups.values_list("name", flat=True)), ["IRM researchers"]
        )
        self.assertIn("Sign in to the admin (/admin/ on the running site)", self.output)
        self.assertIn("first-password", self.output)

    def test_progress_is_printed(self):
        self.assertIn("members:", self.output)
        self.assertIn("commitments", self.output)


class CommandInputTests(TestCase):
    def test_missing_reference_data_is_reported(self):
        Region.objects.filter(slug="europe").delete()
        with self.assertRaisesMessage(CommandError, "run `manage.py migrate`"):
            call_command("load_demo", stdout=StringIO())
        self.assertFalse(Member.objects.exists())

    def test_bad_scale_is_refused(self):
        for value in ("0", "-1", "many", "1000"):
            with self.subTest(value=value), self.assertRaises(CommandError):
                call_command("load_demo", f"--scale={value}", stdout=StringIO())


class ChooseMembersTests(SimpleTestCase):
    def test_ten_times_as_many_members_with_unique_names(self):
        nationals, locals_ = choose_members(random.Random(1), 1)
        big_nationals, big_locals = choose_members(random.Random(1), 10)
        self.assertEqual(len(big_nationals), 10 * len(nationals))
        self.assertEqual(len(big_locals), 10 * len(locals_))
        self.assertEqual(len(locals_), 150)
        self.assertTrue(70 <= len(nationals) <= 80)
        names = [place.name for place in big_nationals + big_locals]
        self.assertEqual(len(names), len(set(names)))

    def test_same_seed_same_members(self):
        first = choose_members(random.Random(3), 0.5)
        self.assertEqual(choose_members(random.Random(3), 0.5), first)
        self.assertNotEqual(choose_members(random.Random(4), 0.5), first)
