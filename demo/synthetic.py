"""The synthetic partnership: members, plans, commitments… drawn from one seeded Random."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.text import slugify

from commitments.models import ActionPlan, Commitment, IdentifierPrefix, Milestone
from demo import assessments as irm_draws
from demo import languages
from demo.base import (
    DEMO_SITE,
    LAST_PLAN_START,
    LAST_REPORT_YEAR,
    link,
    set_findings,
    weighted,
)
from demo.places import Prefixes, alpha_suffix, letters
from demo.pools import (
    AMBITIONS,
    ATI,
    CP,
    FIRST_NAMES,
    GENERIC_INDICATOR,
    INDICATORS,
    JOB_TITLES,
    LAST_NAMES,
    LEAD_AGENCIES_LOCAL,
    LEAD_AGENCIES_NATIONAL,
    MILESTONES,
    OBJECTIVES,
    PA,
    POST_TITLES,
    PROBLEMS,
    STATUS_QUO,
    SUPPORTERS,
    TECH,
    TOPIC_VALUES,
    VERBS,
)
from demo.seoul import SEOUL_SET_SLUGS
from irm.models import CommitmentAssessment, IrmReport, ParticipationAssessment, ThirdPartyScore
from members.models import Contact, Member, Post, Resource


@dataclass
class Truth:
    """What the generator decided about one commitment before writing its assessments."""

    completion: str = ""


class Generator:
    """Draws the synthetic partnership from one seeded Random, in a fixed order."""

    def __init__(self, ref, sink, rng):
        self.ref, self.sink, self.rng = ref, sink, rng
        self.slugs = set(Member.objects.values_list("slug", flat=True))
        self.prefixes = Prefixes(IdentifierPrefix.objects.values_list("prefix", flat=True))
        self.prefix_of = {}  # id(member) -> its identifier prefix
        self.nationals_by_code = {}

    # Members -----------------------------------------------------------------------------

    def members(self, nationals, locals_, korea):
        rng = self.rng
        self.nationals_by_code[("KR", 0)] = korea
        self.prefix_of[id(korea)] = IdentifierPrefix.objects.get(member=korea).prefix
        rows = []
        for place in nationals:
            prefix = self.prefixes.claim(
                place.code if not place.copy else place.code + alpha_suffix(place.copy)
            )
            member = self._member(place, prefix, parent=None)
            self.nationals_by_code[(place.code, place.copy)] = member
            rows.append(member)
        self.sink.write(Member, rows)
        local_rows = []
        for place in locals_:
            city = letters(place.name.split(",")[0])
            prefix = self.prefixes.claim(
                city[:3], place.code + city[:2], city[:4], place.code + city[:3]
            )
            parent = self.nationals_by_code.get((place.code, place.copy))
            if parent is None and place.copy:
                parent = self.nationals_by_code.get((place.code, 0))
            local_rows.append(self._member(place, prefix, parent=parent))
        self.sink.write(Member, local_rows)
        members = rows + local_rows
        self.sink.write(
            IdentifierPrefix,
            [IdentifierPrefix(member=m, prefix=self.prefix_of[id(m)]) for m in members],
        )
        # A few members are drafts (unpublished): at least one, to prove they stay hidden.
        hidden = [m for m in members if rng.random() < 0.02] or [rng.choice(members)]
        for member in hidden:
            member.published = False
        Member.objects.bulk_update(hidden, ["published"])
        return [korea, *members]

    def _member(self, place, prefix, parent):
        rng = self.rng
        slug = slugify(place.name)
        while slug in self.slugs:
            slug += "-x"
        self.slugs.add(slug)
        national = place.kind == Member.Kind.NATIONAL
        agencies = LEAD_AGENCIES_NATIONAL if national else LEAD_AGENCIES_LOCAL
        member = Member(
            name=place.name,
            slug=slug,
            kind=place.kind,
            country_code=place.code,
            parent=parent,
            region=self.ref.regions[place.region],
            member_since=place.since,
            status=weighted(
                rng,
                [("active", 92), ("inactive", 4), ("under_review", 3), ("contrary_to_process", 1)],
            ),
            lead_agency=rng.choice(agencies),
            lead_agency_url=f"https://www.{slug}.gov.example/",
            published=True,
        )
        self.prefix_of[id(member)] = prefix
        return member

    # Plans and everything under them -------------------------------------------------------

    def plan_years(self, member):
        """(start, end, start month) of each plan of a member, oldest first."""
        rng = self.rng
        years = []
        if member.kind == Member.Kind.NATIONAL:
            start = member.member_since + rng.choice([0, 1, 1])
            while start <= LAST_PLAN_START:
                length = weighted(rng, [(2, 80), (3, 5), (4, 15 if start >= 2020 else 0)])
                years.append((start, start + length, rng.choice([None, 1, 7, 9, 12])))
                start += length + (1 if rng.random() < 0.1 else 0)
        else:
            start = member.member_since + 1
            while start <= LAST_PLAN_START and len(years) < 3:
                length = 1 if start == 2017 else rng.choice([2, 2, 3])
                years.append((start, start + length, rng.choice([None, 1, 12])))
                start += length + rng.choice([0, 0, 1])
                if rng.random() < 0.45:
                    break
        return years

    def chunk(self, members):
        """Plans, reports, commitments, milestones, assessments… of some members."""
        rng = self.rng
        plans, reports, commitments, links, milestones = [], [], [], [], []
        assessments, participation, resources, contacts, scores = [], [], [], [], []
        for member in members:
            place = member.name.split(",")[0] if member.kind == Member.Kind.LOCAL else member.name
            contacts += self.contacts(member)
            scores += self.scores(member)
            sequence = 0
            member_plans = []
            for number, (start, end, month) in enumerate(self.plan_years(member), 1):
                themes = rng.sample(self.ref.areas, rng.randint(3, 5))
                plan = ActionPlan(
                    member=member,
                    number=number,
                    title=f"{place} Action Plan {start}-{end}",
                    start_year=start,
                    start_month=month,
                    end_year=end,
                    end_month=month,
                    submission_year=start if month != 1 else start - 1,
                    summary=self.summary(themes),
                    document_url=f"{DEMO_SITE}/documents/{member.slug}-action-plan-{start}-{end}/",
                    irm_coverage=(
                        ActionPlan.IrmCoverage.NOT_COVERED
                        if rng.random() < 0.06
                        else ActionPlan.IrmCoverage.COVERED
                    ),
                    published=rng.random() > 0.015,
                )
                languages.translate_plan(plan, member, themes, self.ref.topic_of)
                plan.submission_year = max(plan.submission_year, 2011)
                plans.append(plan)
                member_plans.append((plan, themes))
                plan_reports = self.reports(member, plan, place)
                reports += plan_reports
                resources += self.plan_resources(member, plan, plan_reports)
                size = (
                    rng.randint(5, 20)
                    if member.kind == Member.Kind.NATIONAL
                    else (rng.randint(3, 7))
                )
                for position in range(1, size + 1):
                    sequence += 1
                    commitment, truth = self.commitment(
                        member, plan, themes, place, sequence, position
                    )
                    commitments.append(commitment)
                    links += [link(commitment, area) for area in commitment._areas]
                    found = irm_draws.assess(self.rng, commitment, plan_reports, truth)
                    set_findings(commitment, found, plan_reports)
                    assessments += found
                    milestones += self.milestones(commitment, truth, member)
                if plan_reports:
                    participation.append(irm_draws.participation(self.rng, plan, plan_reports))
            if member_plans:
                current, themes = member_plans[-1]
                member.summary = current.summary
                member.summary_es, member.summary_fr = current.summary_es, current.summary_fr
                member.policy_area_focus = (
                    ", ".join(area.name for area in themes[:3]) if rng.random() < 0.75 else ""
                )
        sink = self.sink
        sink.write(ActionPlan, plans)
        sink.write(IrmReport, reports)
        sink.write(Commitment, commitments)
        sink.write(Commitment.policy_areas.through, links)
        sink.write(Milestone, milestones)
        sink.write(CommitmentAssessment, assessments)
        sink.write(ParticipationAssessment, participation)
        sink.write(Resource, resources)
        sink.write(Contact, contacts)
        sink.write(ThirdPartyScore, scores)
        Member.objects.bulk_update(
            members,
            ["summary", "summary_es", "summary_fr", "policy_area_focus"],
            batch_size=500,
        )
        return commitments

    def summary(self, themes):
        names = [area.name.lower() for area in themes]
        return (
            "This action plan features commitments related to "
            f"{', '.join(names[:-1])} and {names[-1]}."
        )

    def reports(self, member, plan, place):
        """The IRM reports of a plan, by era; none when not covered or not yet due."""
        if plan.irm_coverage == ActionPlan.IrmCoverage.NOT_COVERED:
            return []
        start, end = plan.start_year, plan.end_year
        if member.kind == Member.Kind.LOCAL:
            kinds = [(IrmReport.Type.LOCAL_REVIEW, end + 1)]
        elif start <= 2016:
            kinds = [(IrmReport.Type.PROGRESS, start + 1), (IrmReport.Type.END_OF_TERM, end + 1)]
        elif start <= 2019:
            results = (
                IrmReport.Type.IMPLEMENTATION
                if start <= 2018
                else IrmReport.Type.TRANSITIONAL_RESULTS
            )
            kinds = [(IrmReport.Type.DESIGN, start + 1), (results, end + 1)]
        else:
            kinds = [
                (IrmReport.Type.ACTION_PLAN_REVIEW, start + 1),
                (IrmReport.Type.RESULTS, end + 1),
            ]
        rows = []
        for kind, year in kinds:
            if year > LAST_REPORT_YEAR:
                break
            label = IrmReport.Type(kind).label.split(" (")[0]
            rows.append(
                IrmReport(
                    action_plan=plan,
                    type=kind,
                    stage=IrmReport.Stage.FINAL,
                    title=f"{place} {label} {start}-{end}",
                    year=year,
                    url=f"{DEMO_SITE}/documents/{member.slug}-{slugify(label)}-{start}-{end}/",
                )
            )
        return rows

    def plan_resources(self, member, plan, reports):
        rng = self.rng
        rows = [
            Resource(
                member=member,
                title=plan.title,
                year=plan.submission_year,
                type=self.ref.resource_type("action-plan"),
                format=weighted(rng, [(Resource.Format.PDF, 70), (Resource.Format.WEB_PAGE, 30)]),
                url=plan.document_url,
            )
        ]
        rows += [
            Resource(
                member=member,
                title=report.title,
                year=report.year,
                type=self.ref.resource_type("irm-report"),
                format=Resource.Format.PDF,
                url=report.url,
            )
            for report in reports
        ]
        if plan.end_year <= LAST_REPORT_YEAR and rng.random() < 0.3:
            rows.append(
                Resource(
                    member=member,
                    title=f"{plan.title} Self-Assessment Report",
                    year=plan.end_year,
                    type=self.ref.resource_type("self-assessment"),
                    format=Resource.Format.PDF,
                    url=f"{plan.document_url}self-assessment/",
                )
            )
        return rows

    def commitment(self, member, plan, themes, place, sequence, position):
        rng = self.rng
        primary = rng.choice(themes) if rng.random() < 0.8 else rng.choice(self.ref.areas)
        areas = [primary]
        for _ in range(weighted(rng, [(0, 25), (1, 35), (2, 25), (3, 15)])):
            extra = rng.choice(themes + self.ref.areas[:8])
            if extra not in areas:
                areas.append(extra)
        if member.kind == Member.Kind.LOCAL and rng.random() < 0.2:
            local = self.ref.area_by_slug.get("local-commitments")
            if local and local not in areas:
                areas.append(local)
        topic = self.ref.topic(primary)
        area_name = primary.name.lower()
        obj = rng.choice(topic["objects"]).format(area=area_name)
        verb = rng.choice(VERBS)
        inst = rng.choice(topic["institutions"])
        words = {
            "obj": obj,
            "area": area_name,
            "place": place,
            "inst": inst,
            "year": plan.start_year - rng.randint(1, 4),
            "verb": verb.lower(),
        }
        sentences = [
            rng.choice(PROBLEMS),
            rng.choice(topic["details"]),
            rng.choice(STATUS_QUO),
            rng.choice(OBJECTIVES),
            rng.choice(AMBITIONS),
        ]
        if rng.random() < 0.5:
            sentences.pop(2)
        title = f"{verb} {obj}"
        if rng.random() < 0.25:
            title += f" in {place}"
        values = set(TOPIC_VALUES.get(self.ref.topic_of[primary.pk], {CP}))
        for value in (ATI, CP, PA, TECH):
            if rng.random() < 0.15:
                values ^= {value}
        start = date(plan.start_year, plan.start_month or rng.randint(1, 6), 1)
        end = date(plan.end_year, plan.end_month or rng.randint(6, 12), rng.randint(1, 28))
        commitment = Commitment(
            identifier=f"{self.prefix_of[id(member)]}{sequence:04d}",
            action_plan=plan,
            number=position,
            title=title[:500],
            short_title=obj[:1].upper() + obj[1:200],
            description=" ".join(s.format(**words) for s in sentences),
            lead_institution=inst,
            supporting_institutions=", ".join(rng.sample(SUPPORTERS, rng.randint(0, 3))),
            start_date=start,
            end_date=max(end, start),
            status=weighted(rng, [("active", 96), ("inactive", 4)]),
            primary_policy_area=primary,
            published=rng.random() > 0.01,
            **{f"claims_{value}": True for value in values},
        )
        languages.translate_commitment(commitment, member, verb, primary, self.ref.topic_of)
        commitment._areas = areas
        return commitment, Truth()

    def milestones(self, commitment, truth, member):
        rng = self.rng
        count = rng.randint(2, 5)
        units = "municipalities" if member.kind == Member.Kind.NATIONAL else "neighbourhoods"
        titles = rng.sample(MILESTONES, count)
        span = (commitment.end_date - commitment.start_date).days
        done = {
            "complete": count,
            "substantial": count - 1,
            "limited": 1,
            "not_started": 0,
            "withdrawn": 0,
            "no_evidence": 0,
        }.get(truth.completion, rng.randint(0, count - 1))
        rows = []
        for position, template in enumerate(titles, 1):
            first = commitment.start_date.toordinal() + span * (position - 1) // count
            last = commitment.start_date.toordinal() + span * position // count
            if truth.completion == "no_evidence":
                state = Milestone.Completion.NO_EVIDENCE
            elif position <= done:
                state = Milestone.Completion.COMPLETE
            elif position == done + 1 and truth.completion != "not_started":
                state = Milestone.Completion.IN_PROGRESS
            else:
                state = Milestone.Completion.NOT_STARTED
            n = rng.choice([50, 100, 200, 500])
            milestone = Milestone(
                commitment=commitment,
                position=position,
                title=template.format(units=units, n=n),
                start_date=date.fromordinal(first),
                end_date=date.fromordinal(last),
                completion=state,
            )
            languages.translate_milestone(milestone, member, template, units, n)
            rows.append(milestone)
        return rows

    def contacts(self, member):
        rng = self.rng
        domain = f"{member.slug}.gov.example"
        rows = []
        for position in range(1, rng.randint(1, 2) + 1):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            rows.append(
                Contact(
                    member=member,
                    name=f"{first} {last}",
                    job_title=rng.choice(JOB_TITLES),
                    organisation=member.lead_agency,
                    email=f"{first}.{last}@{domain}".lower(),
                    email_published=rng.random() < 0.7,
                    position=position,
                )
            )
        return rows

    def scores(self, member):
        """Third-party scores of a member in each dimension, around one governance level."""
        rng = self.rng
        level = rng.random()
        rows = []
        for dimension in self.ref.dimensions:
            indicators = INDICATORS.get(dimension.slug, [GENERIC_INDICATOR])
            for indicator, source, low, high in indicators:
                share = min(1.0, max(0.0, level + rng.uniform(-0.15, 0.15)))
                rows.append(
                    ThirdPartyScore(
                        member=member,
                        dimension=dimension,
                        indicator=indicator,
                        source=source,
                        value=Decimal(f"{low + (high - low) * share:.2f}"),
                        scale_min=Decimal(str(low)),
                        scale_max=Decimal(str(high)),
                        year=rng.choice([2017, 2018, 2019]),
                        url=f"{DEMO_SITE}/data/{slugify(source)}/",
                    )
                )
        return rows

    def posts(self, members, count):
        rng = self.rng
        published = [m for m in members if m.published and m.slug not in SEOUL_SET_SLUGS]
        posts, tags, seen = [], [], set()
        for _ in range(count):
            tagged = rng.sample(published, min(len(published), rng.randint(1, 3)))
            area = rng.choice(self.ref.areas)
            topic = self.ref.topic(area)
            words = {
                "member": tagged[0].name,
                "obj": rng.choice(topic["objects"]).format(area=area.name.lower()),
                "area": area.name.lower(),
                "place": tagged[0].name,
                "inst": rng.choice(topic["institutions"]),
                "year": 2020,
            }
            title = rng.choice(POST_TITLES).format(**words)
            when = date.fromordinal(
                rng.randint(date(2012, 1, 1).toordinal(), date(2025, 12, 31).toordinal())
            )
            slug = slugify(title)[:280]
            while (when, slug) in seen:
                slug += "-2"
            seen.add((when, slug))
            post = Post(
                title=title[0].upper() + title[1:],
                slug=slug,
                date=when,
                excerpt=" ".join(
                    s.format(**words) for s in (rng.choice(PROBLEMS), rng.choice(AMBITIONS))
                ),
                url=f"{DEMO_SITE}/stories/{slug}/",
                published=rng.random() > 0.05,
            )
            posts.append(post)
            tags += [Post.members.through(post=post, member=m) for m in tagged]
        self.sink.write(Post, posts)
        self.sink.write(Post.members.through, tags)
